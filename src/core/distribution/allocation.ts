/**
 * The one allocation rule (largest remainder). Every split of the rulebook
 * — deductions vs pool, pool into buckets, bucket into villages — goes
 * through `allocateQuotas`, so there is exactly one way a fen is rounded.
 *
 * Quotas are exact rationals sharing one denominator: quota_i = nums[i] / den
 * fen. Because the denominator is shared, fractional parts compare as the
 * integer remainders nums[i] % den: exact, never floating point.
 */
import { InvariantError, ValidationError } from '../errors';

export interface Allocation {
  /** Whole fen per party, in the order the parties were given. */
  amounts: bigint[];
  /** Exact quota numerators (over `den`) and the shared denominator. */
  nums: bigint[];
  den: bigint;
  /** How many leftover fen were handed out (M - sum of floors). */
  leftover: number;
  /** Each party's 0-based place in the leftover ranking; places < leftover got one fen. */
  rank: Int32Array;
  /** Ranking order: party indexes, best first. */
  order: Int32Array;
  /** Fractional parts as remainders over `den`. */
  rems: bigint[];
  /** When the last party to get a leftover fen and the first to miss one have equal fractional parts: what settled it. */
  cut: { rem: bigint; by: 'quota' | 'code' } | null;
}

/**
 * Allocates `total` fen by exact quotas nums[i]/den (which must sum to `total`).
 * Parties must be listed in tie-break order (code order; at level 1 the pool
 * last), because the last tie-break is "the smaller code first".
 */
export function allocateQuotas(total: bigint, nums: bigint[], den: bigint): Allocation {
  const n = nums.length;
  if (den <= 0n) throw new InvariantError(`分配计算：分母 ${den} 须为正数`);
  const amounts = new Array<bigint>(n);
  const rems = new Array<bigint>(n);
  let sumNums = 0n;
  let sumFloors = 0n;
  for (let i = 0; i < n; i++) {
    const q = nums[i];
    if (q < 0n) throw new InvariantError(`分配计算：第 ${i + 1} 方的应分额为负数`);
    const f = q / den;
    amounts[i] = f;
    rems[i] = q - f * den;
    sumNums += q;
    sumFloors += f;
  }
  if (sumNums !== total * den) throw new InvariantError(`分配计算：各方应分额合计 ${sumNums}/${den} 分，不等于待分的 ${total} 分`);
  const leftover = Number(total - sumFloors);

  // Larger fractional part first, then the larger quota, then the earlier (smaller-code) party.
  // keys[i] = floor(rem_i * 2^52 / den) is an exact integer below 2^53, so comparing keys is
  // comparing the integers; only equal keys fall back to the full bigint remainders.
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = rems[i] === 0n ? 0 : Number((rems[i] << 52n) / den);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => {
    const ka = keys[a];
    const kb = keys[b];
    if (ka !== kb) return kb - ka;
    const ra = rems[a];
    const rb = rems[b];
    if (ra !== rb) return ra > rb ? -1 : 1;
    const qa = nums[a];
    const qb = nums[b];
    if (qa !== qb) return qa > qb ? -1 : 1;
    return a - b;
  });
  const rank = new Int32Array(n);
  for (let p = 0; p < n; p++) rank[order[p]] = p;
  for (let p = 0; p < leftover; p++) amounts[order[p]] += 1n;
  let cut: Allocation['cut'] = null;
  if (leftover > 0 && leftover < n) {
    const last = order[leftover - 1];
    const first = order[leftover];
    if (rems[last] === rems[first]) cut = { rem: rems[last], by: nums[last] !== nums[first] ? 'quota' : 'code' };
  }
  return { amounts, nums, den, leftover, rank, order, rems, cut };
}

/**
 * Allocates `total` fen in proportion to non-negative integer weights:
 * quota_i = total * w_i / sum(w). A positive amount over weights that are all
 * zero has nowhere to go and is refused (`field` names the rule's owner); a
 * zero amount gives everyone zero.
 */
export function allocateByWeights(total: bigint, weights: bigint[], field: string, what: string): Allocation {
  let sum = 0n;
  for (const w of weights) sum += w;
  if (sum === 0n) {
    if (total !== 0n) {
      throw ValidationError.of(field, `${what} 有金额要分，但所有参与村的权重（按出资分配时为出资基数）都是零，没有人能分到这笔钱`);
    }
    return allocateQuotas(
      0n,
      weights.map(() => 0n),
      1n,
    );
  }
  return allocateQuotas(
    total,
    weights.map((w) => total * w),
    sum,
  );
}

/** Whether party i's leftover decision was settled by a tie-break after equal fractional parts. */
export function tieAtBoundary(a: Allocation, i: number): 'quota' | 'code' | null {
  return a.cut && a.rems[i] === a.cut.rem ? a.cut.by : null;
}
