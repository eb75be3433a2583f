import { LedgerRepository, PostedVoucher } from './ledger.repository';

/** The source type of an opening balance's voucher and of its reversal. */
export const OPENING_SOURCE = 'opening-balance';

/**
 * "The project's opening balance is posted", defined once: its opening voucher,
 * posted and not reversed (undefined when there is none). Its date is the
 * cut-over date; on or before it the books are the old books'. The writer,
 * capital and the deficit reader ask here.
 */
export async function postedOpening(books: LedgerRepository, projectId: string): Promise<PostedVoucher | undefined> {
  const [opening] = await books.vouchers(projectId, { source: { type: OPENING_SOURCE }, onlyUnreversedOriginals: true });
  return opening;
}
