/**
 * Explanations a treasurer (村报账员) can follow with a calculator, in
 * Chinese: the words are accounting Chinese, the numbers and formulas are the
 * same as computed. Exact values that do not end within the shown digits are
 * truncated and marked with "…"; the amounts themselves are never computed
 * from these texts. The texts are part of resultHash (docs/hashing.md), so a
 * change of wording changes every result hash.
 */
import { formatFen, formatPercent } from '../money';
import { Allocation, tieAtBoundary } from './allocation';
import { HeldEvents } from './capital';

/** An exact amount num/den fen in yuan, with up to 6 decimals ("356557.377049…", "500000.00"). */
export function formatExact(num: bigint, den: bigint): string {
  const neg = num < 0n;
  const a = neg ? -num : num;
  const scaled = (a * 10_000n) / den;
  const exact = scaled * den === a * 10_000n;
  const s = scaled.toString().padStart(7, '0');
  let frac = s.slice(-6);
  if (exact) frac = frac.replace(/0{1,4}$/, '');
  return `${neg ? '-' : ''}${s.slice(0, -6)}.${frac}${exact ? '' : '…'}`;
}

/** A fraction rem/den in [0, 1) with 6 decimals ("0.333333…"). */
export function formatFraction(rem: bigint, den: bigint): string {
  if (rem === 0n) return '0';
  const scaled = (rem * 1_000_000n) / den;
  const exact = scaled * den === rem * 1_000_000n;
  const digits = scaled.toString().padStart(6, '0');
  return `0.${exact ? digits.replace(/0+$/, '') : digits + '…'}`;
}

/**
 * Each event as it counts in the year ("2024-04-15 出资 500000.00 × 261/366",
 * a withdrawal "2025-10-20 减资 -30000.00 × 73/365") and the capital base as
 * one expression: "500000.00 × 261/366", "(a × 365 − b × 73)/365", or for
 * year_end "a − b".
 */
export function capitalTexts({ events, days, from, to }: HeldEvents, D: number, timeWeighted: boolean): { lines: string[]; expr: string } {
  const lines = new Array<string>(to - from);
  let sum = '';
  for (let i = from; i < to; i++) {
    const e = events[i];
    const neg = e.amount < 0n;
    const amt = formatFen(neg ? -e.amount : e.amount);
    const signed = neg ? '-' + amt : amt;
    const what = neg ? '减资' : '出资';
    lines[i - from] = timeWeighted ? `${e.date} ${what} ${signed} × ${days[i]}/${D}` : `${e.date} ${what} ${signed}`;
    const term = timeWeighted ? `${amt} × ${days[i]}` : amt;
    sum += i === from ? (neg ? '−' + term : term) : (neg ? ' − ' : ' + ') + term;
  }
  if (to === from) return { lines, expr: '0.00' };
  if (timeWeighted && to - from === 1) return { lines, expr: `${sum}/${D}` };
  return { lines, expr: timeWeighted ? `(${sum})/${D}` : sum };
}

/** "500000.00 × 261/366 × 6% = 21393.442622… → 四舍五入 21393.44", for C = num/den and guarantee g; the rate's text made once. */
export function rateGuaranteeText(rate: bigint, den: bigint): (expr: string, num: bigint, g: bigint) => string {
  const percent = formatPercent(rate);
  const exactDen = den * 1_000_000n;
  return (expr, num, g) => `${expr} × ${percent} = ${formatExact(num * rate, exactDen)} → 四舍五入 ${formatFen(g)}`;
}

/** The last tie-break of a ranking, said when it decided a leftover fen: code order. */
export const SMALLER_CODE_FIRST = '代码较小者优先';

/**
 * Why a party got its amount: its exact quota (应分额), the quota rounded
 * down to the fen (向下取整), and whether one leftover fen (余下的分) came to
 * it: ranked by fractional part, then the larger quota, then code order.
 */
export function roundingText(a: Allocation, i: number, lastTie = SMALLER_CODE_FIRST): string {
  const rem = a.rems[i];
  const quota = `应分额 ${formatExact(a.nums[i], a.den)}`;
  if (rem === 0n) return `${quota}，恰好到分：${formatFen(a.amounts[i])}`;
  const got = a.rank[i] < a.leftover;
  const floor = got ? a.amounts[i] - 1n : a.amounts[i];
  const k = a.leftover;
  const cut = k === 1 ? '余下 1 分，归排第 1 的一方' : `余下 ${k} 分，排前 ${k} 的各得 1 分`;
  const place = `小数部分 ${formatFraction(rem, a.den)} 分，在 ${a.nums.length} 方中排第 ${a.rank[i] + 1}；${cut}`;
  const tie = tieAtBoundary(a, i);
  const why = !tie ? '' : tie === 'quota' ? '；分界处小数部分平局，应分额较大者优先' : `；分界处小数部分与应分额都平局，${lastTie}`;
  return got
    ? `${quota}，向下取整 ${formatFen(floor)} + 余下的分 0.01（${place}${why}）= ${formatFen(a.amounts[i])}`
    : `${quota}，向下取整 ${formatFen(floor)}，未分到余下的分（${place}${why}）= ${formatFen(a.amounts[i])}`;
}

export const ROUNDING_RULE =
  '三层分配（第一层：各项提取与提取后余额；第二层：各分配项；第三层：各村）都用最大余数法：' +
  '各方先得其精确应分额向下取整到分；余下的分按小数部分从大到小，每方 1 分，分完为止；' +
  '小数部分相同时，应分额较大者优先，再相同时代码较小者优先（按 ASCII 顺序）；第一层中，提取后余额排在所有提取项之后。';
