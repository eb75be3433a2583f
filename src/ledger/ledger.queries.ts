import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { verifyChain } from '../core/ledger';
import { formatFen } from '../core/money';
import { findByIdOrFail } from '../database/lookups';
import { Project } from '../projects/project.entity';
import { JournalQuery } from './ledger.dto';
import { digestOf, loadVouchers, PostedVoucher } from './ledger-reader';

/** A voucher as the API shows it: amounts as yuan strings, lines in stored order. */
export function voucherView(v: PostedVoucher) {
  return {
    id: v.id, sequence: v.sequence, number: v.voucherNumber, date: v.date, summary: v.summary, preparer: v.preparer,
    reversalOf: v.reversalOf, source: { type: v.sourceType, id: v.sourceId, fiscalYear: v.fiscalYear },
    lines: v.lines.map((l) => ({ account: l.account, debit: formatFen(l.debit), credit: formatFen(l.credit), memo: l.memo ?? '' })),
    prevHash: v.prevHash, hash: v.hash,
  };
}

@Injectable()
export class LedgerQueries {
  constructor(private readonly db: DataSource) {}

  /** 凭证列表 with filters; a voucher matches an account or village filter when any of its lines does. */
  async journal(projectId: string, q: JournalQuery) {
    const m = this.db.manager;
    await findByIdOrFail(m, Project, 'project', projectId);
    const conds: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => { params.push(v); return `$${params.length + 1}`; };
    if (q.from) conds.push(`v.voucher_date >= ${p(q.from)}`);
    if (q.to) conds.push(`v.voucher_date <= ${p(q.to)}`);
    if (q.account) {
      conds.push(`EXISTS (SELECT 1 FROM voucher_line l WHERE l.voucher_id = v.id AND (l.account = ${p(q.account)} OR l.account LIKE ${p(`${q.account}-%`)}))`);
    }
    if (q.village) conds.push(`EXISTS (SELECT 1 FROM voucher_line l WHERE l.voucher_id = v.id AND l.account IN (${p(`211-${q.village}`)}, ${p(`301-${q.village}`)}))`);
    const where = conds.length ? conds.join(' AND ') : undefined;
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM voucher v WHERE v.project_id = $1${where ? ` AND ${where}` : ''}`, [projectId, ...params]);
    const items = await loadVouchers(m, projectId, { where, params, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
    return { items: items.map(voucherView), total: n, page: q.page, pageSize: q.pageSize, digest: await digestOf(m, projectId) };
  }

  /**
   * Recomputes the whole chain and names the first voucher that fails; also
   * compares the end of the chain with the head row, which catches vouchers
   * removed from the end.
   */
  async verify(projectId: string) {
    const m = this.db.manager;
    const project = await findByIdOrFail(m, Project, 'project', projectId);
    const records = await loadVouchers(m, projectId);
    const result = verifyChain(records);
    const head = await digestOf(m, projectId);
    if (result.ok && (result.digest.sequence !== head.sequence || result.digest.hash !== head.hash)) {
      return { project: project.code, ok: false, firstBadSequence: result.digest.sequence + 1, voucherNumber: null,
        reason: `the chain ends at ${result.digest.sequence} but the head records ${head.sequence}: vouchers are missing`, digest: head };
    }
    return { project: project.code, ...result, digest: head };
  }
}
