import { formatFen } from '../core/money';
import { PostedVoucher } from './ledger.repository';

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
