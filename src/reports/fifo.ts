/**
 * How a village's payments are matched to its dividends: first in, first out
 * by distribution year (the oldest dividend is paid first). Payments are not
 * earmarked to a run when made, so this is the one rule for "paid" per run.
 */
export function allocateFifo(owedByYear: Array<{ key: string; owed: bigint }>, paid: bigint): Map<string, bigint> {
  const out = new Map<string, bigint>();
  let left = paid;
  for (const o of owedByYear) {
    const take = left < o.owed ? left : o.owed;
    out.set(o.key, take);
    left -= take;
  }
  return out;
}
