/** A mistake is corrected by a reversing voucher (红字冲销 written as swapped sides), never by editing. */
import { InvariantError } from '../../errors';
import type { BookKind } from '../chart';
import { makeVoucher, Voucher } from '../voucher';

export const REVERSAL_PREFIX = '冲销: ';

/**
 * Same lines with sides swapped. `date` defaults to the original's; pass today's when its period is closed. `book`: the
 * kind of book the original is in, whose chart its accounts are of.
 */
export function reverse(original: Voucher, date: string = original.date, book: BookKind = 'project'): Voucher {
  const swapped = original.lines.map((l) => ({ ...l, debit: l.credit, credit: l.debit }));
  const v = makeVoucher(date, `${REVERSAL_PREFIX}${original.summary}`, swapped, book);
  if (v === null) throw new InvariantError(`凭证 ${JSON.stringify(original.summary)} 没有可冲销的分录`);
  return v;
}
