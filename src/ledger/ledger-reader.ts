import { EntityManager } from 'typeorm';
import { PostedLine, VoucherLine, VoucherRecord } from '../core/ledger';
import { parseMoney } from '../core/money';

/** A stored voucher: the hash-chain record plus where it came from. */
export interface PostedVoucher extends VoucherRecord {
  id: string;
  sourceType: string;
  sourceId: string;
  fiscalYear: number | null;
  reversalOfId: string | null;
}

const fen = (s: string) => parseMoney(s, 'amount');

/** Vouchers of a project with their lines (in stored order), in sequence order; `where` may use $2… for `params`. */
export async function loadVouchers(
  m: EntityManager, projectId: string, filter: { where?: string; params?: unknown[]; limit?: number; offset?: number } = {},
): Promise<PostedVoucher[]> {
  const params = [projectId, ...(filter.params ?? [])];
  const page = filter.limit !== undefined ? ` LIMIT ${Number(filter.limit)} OFFSET ${Number(filter.offset ?? 0)}` : '';
  const rows: Array<Record<string, string | number | null>> = await m.query(
    `SELECT v.id, p.code AS "projectCode", v.sequence, v.number AS "voucherNumber", to_char(v.voucher_date, 'YYYY-MM-DD') AS date,
            v.summary, v.preparer, v.reversal_of_number AS "reversalOf", v.reversal_of AS "reversalOfId",
            v.source_type AS "sourceType", v.source_id AS "sourceId", v.fiscal_year AS "fiscalYear", v.prev_hash AS "prevHash", v.hash
       FROM voucher v JOIN project p ON p.id = v.project_id
      WHERE v.project_id = $1 ${filter.where ? `AND (${filter.where})` : ''}
      ORDER BY v.sequence${page}`,
    params,
  );
  if (rows.length === 0) return [];
  const lines: Array<{ voucher_id: string; account: string; debit: string; credit: string; memo: string }> = await m.query(
    `SELECT voucher_id, account, debit::text, credit::text, memo FROM voucher_line
      WHERE voucher_id = ANY($1::uuid[]) ORDER BY voucher_id, line_no`,
    [rows.map((r) => r.id)],
  );
  const byVoucher = new Map<string, VoucherLine[]>();
  for (const l of lines) {
    const list = byVoucher.get(l.voucher_id) ?? [];
    // An empty memo and no memo hash the same (docs/ledger.md); keep the record minimal.
    list.push(l.memo === '' ? { account: l.account, debit: fen(l.debit), credit: fen(l.credit) } : { account: l.account, debit: fen(l.debit), credit: fen(l.credit), memo: l.memo });
    byVoucher.set(l.voucher_id, list);
  }
  return rows.map((r) => ({ ...(r as unknown as PostedVoucher), sequence: Number(r.sequence), lines: byVoucher.get(r.id as string) ?? [] }));
}

/** Every posted line of a project dated up to `asOf`, for the trial balance. */
export async function postedLines(m: EntityManager, projectId: string, asOf: string): Promise<PostedLine[]> {
  const rows: Array<{ account: string; debit: string; credit: string; date: string }> = await m.query(
    `SELECT l.account, l.debit::text, l.credit::text, to_char(v.voucher_date, 'YYYY-MM-DD') AS date
       FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id WHERE v.project_id = $1 AND v.voucher_date <= $2`,
    [projectId, asOf],
  );
  return rows.map((r) => ({ account: r.account, debit: fen(r.debit), credit: fen(r.credit), date: r.date }));
}

/**
 * Signed (debit − credit) balance of an account and its sub-accounts over all
 * posted vouchers, or only those matching `where` (on voucher v).
 */
export async function accountNet(m: EntityManager, projectId: string, account: string, where = 'true', params: unknown[] = []): Promise<bigint> {
  const [row] = await m.query(
    `SELECT coalesce(sum(l.debit - l.credit), 0)::text AS net FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
      WHERE v.project_id = $1 AND (l.account = $2 OR l.account LIKE $3) AND (${where})`,
    [projectId, account, `${account.replace(/[%_\\]/g, '\\$&')}-%`, ...params],
  );
  return fen(row.net);
}

/** The project's digest: the latest sequence and hash, printed with every report. */
export async function digestOf(m: EntityManager, projectId: string): Promise<{ sequence: number; hash: string }> {
  const rows = await m.query('SELECT last_sequence AS sequence, last_hash AS hash FROM ledger_head WHERE project_id = $1', [projectId]);
  return rows.length ? { sequence: Number(rows[0].sequence), hash: rows[0].hash } : { sequence: 0, hash: '0'.repeat(64) };
}
