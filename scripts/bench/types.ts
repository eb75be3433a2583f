/** The contract between `npm run bench` (scripts/bench.ts) and each part of it (scripts/bench/<part>.ts). */
export interface BenchContext {
  /** Small sizes: the whole benchmark in under a minute, ratios still meaningful. */
  quick: boolean;
  /** A server where a part may CREATE DATABASE bench_<part> (and drops it afterwards). */
  databaseUrl: string;
  /** Progress lines. */
  log: (line: string) => void;
}

export interface BenchFigure {
  what: string;
  value: number;
  unit: string;
}

export interface BenchRow {
  part: string;
  what: string;
  value: number;
  unit: string;
  /** Measured in the same run. */
  baseline?: BenchFigure;
  /** The figure the target is about (value / baseline, or baseline / value, as `target` says). */
  ratio?: number;
  /** The target in words, e.g. "≤ 2× raw SQL". */
  target: string;
  holds: boolean;
  /** For the CI regression check: `ratio` (or `value` when there is no ratio) must be ≤ limit ('max') or ≥ limit ('min'). */
  limit?: number;
  compare?: 'max' | 'min';
  /**
   * For the CI check of an absolute target, whose figure depends on the machine: the ratio to `baseline` the target
   * stands for on the reference machine (docs/performance.md); the check compares value / baseline with it instead.
   */
  checkRatio?: number;
  /**
   * A target this code does not meet yet (docs/performance.md, "Open"): printed and written like every other, but
   * CI's regression check skips it, since it would fail on what is known rather than on a regression.
   */
  open?: string;
}

export type BenchPart = (ctx: BenchContext) => Promise<BenchRow[]>;
