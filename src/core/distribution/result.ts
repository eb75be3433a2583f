/**
 * The result document. The fields up to `payees` are the rulebook's, in its
 * order, and may not be renamed; `trace`, `explanation` and the hashes are
 * additions. All amounts are fen strings ("1234.50").
 */

export interface AmountLine {
  code: string;
  amount: string;
}

export interface VillageTrace {
  /** Each capital event as it counts in the year, e.g. "2024-04-15 出资 500000.00 × 261/366". */
  capital: string[];
  capitalBase: string;
  guaranteed: string;
  /** Per bucket: the quota and whether a leftover fen came to this village, and why. */
  shares: Record<string, string>;
  total: string;
}

export interface VillageLine {
  code: string;
  capitalBase: string;
  guaranteed: string;
  shares: Record<string, string>;
  total: string;
  trace: VillageTrace;
}

export interface PayeeLine {
  code: string;
  bucket: string;
  amount: string;
}

export interface Explanation {
  year: string;
  waterfall: string[];
  /** Level 1: each deduction and the pool, with its exact amount on S1 and its rounding. */
  deductions: string[];
  /** Level 2: each bucket's share of the pool and its rounding. */
  buckets: string[];
  checks: string[];
  rounding: string;
}

export interface DistributionResult {
  project: string;
  year: number;
  netProfit: string;
  guaranteedTotal: string;
  operatorTopUp: string;
  deficit: { broughtForward: string; recovered: string; incurred: string; carriedForward: string };
  surplus: string;
  deductions: AmountLine[];
  pool: string;
  buckets: AmountLine[];
  villages: VillageLine[];
  payees: PayeeLine[];
  explanation: Explanation;
  /** SHA-256 of the canonical normalized scenario (see docs/hashing.md). */
  inputsHash: string;
  /** SHA-256 of the canonical result without this field. */
  resultHash: string;
}
