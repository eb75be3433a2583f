import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { ConflictError, InvariantError, NotFoundError } from '../core/errors';
import { assertBalanced, formatVoucherNumber, reverse, Voucher, voucherHash } from '../core/ledger';
import { formatFen } from '../core/money';
import { currentActor } from './actor';
import { loadVouchers, PostedVoucher } from './ledger-reader';

/** What a posting belongs to: the business record it books, and the distribution year for closes and runs. */
export interface PostingSource {
  type: 'capital-event' | 'year-result' | 'year-close' | 'run' | 'payment' | 'operator-payment' | 'bench';
  id: string;
  fiscalYear?: number | null;
}

/**
 * The only code that writes vouchers. Under the project's ledger_head row lock
 * it allocates the next sequence and the month's voucher number, chains the
 * hash and inserts voucher and lines, all in the caller's transaction: a
 * rollback takes the numbers back, and concurrent postings queue on the lock.
 */
@Injectable()
export class LedgerWriter {
  /** Locks the project's books for this transaction; call first when a decision depends on balances. */
  async lock(m: EntityManager, projectId: string): Promise<{ sequence: number; hash: string; projectCode: string }> {
    await m.query('INSERT INTO ledger_head (project_id) SELECT id FROM project WHERE id = $1 ON CONFLICT DO NOTHING', [projectId]);
    const rows = await m.query(
      `SELECT h.last_sequence AS sequence, h.last_hash AS hash, p.code AS "projectCode"
         FROM ledger_head h JOIN project p ON p.id = h.project_id WHERE h.project_id = $1 FOR UPDATE OF h`, [projectId],
    );
    if (rows.length === 0) throw new NotFoundError('project', projectId);
    return rows[0];
  }

  async assertOpen(m: EntityManager, projectId: string, dates: string[]): Promise<void> {
    const years = [...new Set(dates.map((d) => Number(d.slice(0, 4))))];
    const closed = await m.query('SELECT year FROM year_close WHERE project_id = $1 AND year = ANY($2::int[]) ORDER BY year', [projectId, years]);
    if (closed.length) throw new ConflictError(`year ${closed[0].year} is closed: nothing can be posted dated inside it`, 'date');
  }

  async post(m: EntityManager, projectId: string, vouchers: Voucher[], source: PostingSource, reversalOf: PostedVoucher[] = []): Promise<PostedVoucher[]> {
    if (vouchers.length === 0) return [];
    const head = await this.lock(m, projectId);
    await this.assertOpen(m, projectId, vouchers.map((v) => v.date));
    const preparer = currentActor().login;
    const posted: PostedVoucher[] = [];
    let { sequence, hash } = head;
    for (const [i, v] of vouchers.entries()) {
      assertBalanced(v);
      const [{ last_n }] = await m.query(
        `INSERT INTO voucher_counter (project_id, month, last_n) VALUES ($1, $2, 1)
         ON CONFLICT (project_id, month) DO UPDATE SET last_n = voucher_counter.last_n + 1 RETURNING last_n`,
        [projectId, v.date.slice(0, 7)],
      );
      const original = reversalOf[i];
      const record = {
        projectCode: head.projectCode, sequence: sequence + 1, voucherNumber: formatVoucherNumber(v.date, last_n), date: v.date,
        summary: v.summary, preparer, reversalOf: original ? original.voucherNumber : null, lines: v.lines,
      };
      const prevHash = hash;
      hash = voucherHash(prevHash, record);
      sequence = record.sequence;
      const id = randomUUID();
      await m.query(
        `INSERT INTO voucher (id, project_id, sequence, number, voucher_date, summary, preparer, reversal_of, reversal_of_number,
                              source_type, source_id, fiscal_year, prev_hash, hash, txid)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 0)`,
        [id, projectId, sequence, record.voucherNumber, v.date, v.summary, preparer, original?.id ?? null, record.reversalOf,
          source.type, source.id, source.fiscalYear ?? null, prevHash, hash],
      );
      // One statement per voucher, however many lines: a 2,000-village dividend voucher is one round trip.
      await m.query(
        `INSERT INTO voucher_line (voucher_id, line_no, account, debit, credit, memo)
         SELECT $1, n, a, d, c, mm FROM unnest($2::int[], $3::text[], $4::numeric[], $5::numeric[], $6::text[]) AS t(n, a, d, c, mm)`,
        [id, v.lines.map((_, k) => k + 1), v.lines.map((l) => l.account), v.lines.map((l) => formatFen(l.debit)),
          v.lines.map((l) => formatFen(l.credit)), v.lines.map((l) => l.memo ?? '')],
      );
      posted.push({ ...record, id, prevHash, hash, sourceType: source.type, sourceId: source.id, fiscalYear: source.fiscalYear ?? null, reversalOfId: original?.id ?? null });
      await testPause(i);
    }
    await m.query('UPDATE ledger_head SET last_sequence = $2, last_hash = $3 WHERE project_id = $1', [projectId, sequence, hash]);
    return posted;
  }

  /** Reverses every voucher of a source that is not itself a reversal and not yet reversed. */
  async reverseSource(m: EntityManager, projectId: string, type: PostingSource['type'], id: string, date?: string): Promise<PostedVoucher[]> {
    await this.lock(m, projectId);
    const originals = await loadVouchers(m, projectId, {
      where: `v.source_type = $2 AND v.source_id = $3 AND v.reversal_of IS NULL
              AND NOT EXISTS (SELECT 1 FROM voucher r WHERE r.reversal_of = v.id)`,
      params: [type, id],
    });
    if (originals.length === 0) return [];
    const reversals = originals.map((o) => reverse(o, date ?? o.date));
    return this.post(m, projectId, reversals, { type, id, fiscalYear: originals[0].fiscalYear }, originals);
  }
}

/**
 * Crash-test hook: LEDGER_TEST_PAUSE_AFTER=<n> makes the posting say so on
 * stdout and hold its open transaction after voucher n, so that a test can
 * SIGKILL the process mid-posting. Unset in production.
 */
async function testPause(index: number): Promise<void> {
  const after = process.env.LEDGER_TEST_PAUSE_AFTER;
  if (after === undefined || Number(after) !== index + 1) return;
  process.stdout.write('LEDGER_POSTING_PAUSED\n');
  await new Promise((resolve) => setTimeout(resolve, 60_000));
  throw new InvariantError('test pause elapsed without the process being killed');
}
