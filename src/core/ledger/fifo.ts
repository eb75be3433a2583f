/**
 * How a village's payments are matched to its dividends: first in, first out
 * by distribution year (the oldest dividend is paid first). Payments are not
 * earmarked to a run when made, so this is the one rule for "paid" per run.
 */
import { InvariantError } from '../errors';

/**
 * Splits `paid` over the amounts owed, oldest first: each takes what it is owed
 * until the payment runs out. A payment beyond everything owed is left unmatched.
 */
export function allocateFifo(owedOldestFirst: ReadonlyArray<{ key: string; owed: bigint }>, paid: bigint): Map<string, bigint> {
  if (paid < 0n) throw new InvariantError(`先进先出核销：付款金额为负数（${paid} 分）`);
  const out = new Map<string, bigint>();
  let left = paid;
  for (const o of owedOldestFirst) {
    if (o.owed < 0n) throw new InvariantError(`先进先出核销：${o.key} 的应付金额为负数（${o.owed} 分）`);
    const take = left < o.owed ? left : o.owed;
    out.set(o.key, take);
    left -= take;
  }
  return out;
}

/** A distribution run's dividends per village code, in fen. */
export interface RunDividends {
  runId: string;
  owed: ReadonlyMap<string, bigint>;
}

/**
 * "Paid" per village and run: each village's payments (`paid`, by village code)
 * matched FIFO to its dividends of `runsOldestFirst`.
 */
export function paidPerRun(
  runsOldestFirst: readonly RunDividends[],
  paid: ReadonlyMap<string, bigint>,
): (village: string, runId: string) => bigint {
  const byVillage = new Map<string, Map<string, bigint>>();
  for (const [village, amount] of paid) {
    byVillage.set(
      village,
      allocateFifo(
        runsOldestFirst.map((r) => ({ key: r.runId, owed: r.owed.get(village) ?? 0n })),
        amount,
      ),
    );
  }
  return (village, runId) => byVillage.get(village)?.get(runId) ?? 0n;
}
