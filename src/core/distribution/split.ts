/**
 * The rulebook's levels 1–3, the one split every distribution goes through:
 * the project's (deductions and the pool on S1, the pool into buckets, each
 * bucket across the participating villages) and the village's to its member
 * households (keeps and the shared amount on the income, the shared amount
 * across the households by their weights). Both call `splitSurplus`, so there
 * is exactly one way a fen is rounded.
 */
import { InvariantError } from '../errors';
import { compareCodes } from '../codes';
import { MICRO, formatFen } from '../money';
import { Allocation, allocateByWeights, allocateQuotas } from './allocation';
import { DeductionQuota, SplitDeduction, deductionQuota } from './deductions';
import { Bucket } from './policy';

export type { SplitDeduction } from './deductions';

/** The figures of levels 1–3; arrays are in the order the deductions, buckets and parties were given. */
export interface Split {
  /** Level 1: each deduction's exact quota (over MICRO) and formula. */
  dq: DeductionQuota[];
  /** Deduction indexes in code order: level 1's tie order (the pool after them all). */
  tieOrder: number[];
  level1: Allocation;
  deductionAmounts: bigint[];
  pool: bigint;
  /** Bucket indexes in code order: level 2's tie order. */
  bOrder: number[];
  level2: Allocation;
  bucketAmounts: bigint[];
  /** Level 3: per bucket, its split across the parties (in the parties' order); null for a payee's bucket. */
  level3: (Allocation | null)[];
}

/**
 * Splits `surplus` fen: level 1 the deductions and the pool by their exact amounts (the pool last for ties), level 2
 * the pool into the buckets by share (ties by bucket code), level 3 each bucket but a payee's across the parties by
 * `weightsOf(bucket, index)` (one weight per party, the parties in code order, which is the tie order). Deductions
 * beyond the surplus are an InvariantError here: a caller whose input can ask for them checks first and says why.
 */
export function splitSurplus(
  surplus: bigint,
  deductions: readonly SplitDeduction[],
  buckets: readonly Bucket[],
  weightsOf: (b: Bucket & { kind: 'capital' | 'weights' }, i: number) => bigint[],
): Split {
  // Level 1: deductions and the pool, by their exact amounts on the surplus (pool last for ties).
  const dq = deductions.map((d) => deductionQuota(d, surplus));
  const tieOrder = deductions.map((_, i) => i).sort((a, b) => compareCodes(deductions[a].code, deductions[b].code));
  const poolNum = surplus * MICRO - dq.reduce((sum, q) => sum + q.num, 0n);
  if (poolNum < 0n) throw new InvariantError(`各项提取超过了可分配盈余 ${formatFen(surplus)}`);
  const level1 = allocateQuotas(surplus, [...tieOrder.map((i) => dq[i].num), poolNum], MICRO);
  const deductionAmounts: bigint[] = new Array(dq.length);
  tieOrder.forEach((i, k) => (deductionAmounts[i] = level1.amounts[k]));
  const pool = level1.amounts[dq.length];

  // Level 2: the pool into buckets by share (ties by bucket code).
  const bOrder = buckets.map((_, i) => i).sort((a, b) => compareCodes(buckets[a].code, buckets[b].code));
  const level2 = allocateQuotas(
    pool,
    bOrder.map((i) => pool * buckets[i].share),
    MICRO,
  );
  const bucketAmounts: bigint[] = new Array(buckets.length);
  bOrder.forEach((i, k) => (bucketAmounts[i] = level2.amounts[k]));

  // Level 3: each bucket across the parties (in code order, which is the tie order).
  const level3: (Allocation | null)[] = buckets.map((b, i) => {
    if (b.kind === 'payee') return null;
    return allocateByWeights(bucketAmounts[i], weightsOf(b, i), `policy.sharing[${i}].weights`, `分配项 "${b.code}"`);
  });

  return { dq, tieOrder, level1, deductionAmounts, pool, bOrder, level2, bucketAmounts, level3 };
}
