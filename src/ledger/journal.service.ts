import { Injectable } from '@nestjs/common';
import { verifyChain } from '../core/ledger';
import { formatFen } from '../core/money';
import { pageOf } from '../platform/http/paging';
import { ProjectsService } from '../projects/projects.service';
import { JournalQuery } from './ledger.dto';
import { LedgerRepository, PostedVoucher } from './ledger.repository';

/** A voucher as the API shows it: amounts as yuan strings, lines in stored order. */
export function voucherView(v: PostedVoucher) {
  return {
    id: v.id,
    sequence: v.sequence,
    number: v.voucherNumber,
    date: v.date,
    summary: v.summary,
    preparer: v.preparer,
    reversalOf: v.reversalOf,
    source: { type: v.sourceType, id: v.sourceId, fiscalYear: v.fiscalYear },
    lines: v.lines.map((l) => ({ account: l.account, debit: formatFen(l.debit), credit: formatFen(l.credit), memo: l.memo ?? '' })),
    prevHash: v.prevHash,
    hash: v.hash,
  };
}

/** The journal (凭证列表) and the verification of its hash chain. */
@Injectable()
export class JournalService {
  constructor(
    private readonly books: LedgerRepository,
    private readonly projects: ProjectsService,
  ) {}

  /** A voucher matches an account or village filter when any of its lines does. */
  async journal(projectId: string, q: JournalQuery) {
    await this.projects.get(projectId);
    const filter = { from: q.from, to: q.to, account: q.account, village: q.village };
    const total = await this.books.countVouchers(projectId, filter);
    const items = await this.books.vouchers(projectId, { ...filter, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
    return { ...pageOf(items.map(voucherView), total, q), digest: await this.books.digest(projectId) };
  }

  /**
   * Recomputes the whole chain and names the first voucher that fails; also
   * compares the end of the chain with the head row, which catches vouchers
   * removed from the end.
   */
  async verify(projectId: string) {
    const project = await this.projects.get(projectId);
    const result = verifyChain(await this.books.vouchers(projectId));
    const head = await this.books.digest(projectId);
    if (result.ok && (result.digest.sequence !== head.sequence || result.digest.hash !== head.hash)) {
      return {
        project: project.code,
        ok: false,
        firstBadSequence: result.digest.sequence + 1,
        voucherNumber: null,
        reason: `the chain ends at ${result.digest.sequence} but the head records ${head.sequence}: vouchers are missing`,
        digest: head,
      };
    }
    return { project: project.code, ...result, digest: head };
  }
}
