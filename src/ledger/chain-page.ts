import type { VoucherLine, VoucherRecord } from '../core/ledger';
import { parseMoney } from '../core/money';

/** A voucher line as PostgreSQL gives it: amounts as decimal text. */
export interface StoredLine {
  account: string;
  debit: string;
  credit: string;
  memo: string;
}

/** A stored line as the chain hashes it: amounts in fen; an empty memo and no memo hash the same (docs/ledger.md), so it is left out. */
export function voucherLine(l: StoredLine): VoucherLine {
  const line = { account: l.account, debit: parseMoney(l.debit, 'amount'), credit: parseMoney(l.credit, 'amount') };
  return l.memo === '' ? line : { ...line, memo: l.memo };
}

/**
 * The vouchers of one page of the chain as LedgerRepository.chainPage wrote it (JSON text): the same records
 * LedgerRepository.vouchers gives (a PostedVoucher's fields too). Pure, for verification's worker thread.
 */
export function chainPageVouchers(json: string): VoucherRecord[] {
  const rows = JSON.parse(json) as Array<Omit<VoucherRecord, 'lines'> & { lines: StoredLine[] }>;
  return rows.map((r) => ({ ...r, lines: r.lines.map(voucherLine) }));
}
