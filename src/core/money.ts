/**
 * The one money type: an amount is a bigint number of fen (0.01 yuan). On the
 * wire it is a decimal string; JavaScript `number` never holds money, rates or
 * weights. Rates, shares and weights are bigints in millionths (6 decimals).
 */
import { ValidationError } from './errors';

export { codeIssue } from './codes';
export { dateIssue } from './dates';

/** 10^13 yuan in fen: amounts must stay strictly below it in absolute value. */
export const MONEY_LIMIT_FEN = 10n ** 15n;
/** Rates, shares and weights are held in millionths. */
export const MICRO = 1_000_000n;
/** Weights above this are refused: no real land share needs 10^15, and it bounds the arithmetic. */
const WEIGHT_LIMIT = 10n ** 15n * MICRO;

const MONEY = /^(-?)([0-9]+)(?:\.([0-9]{1,2}))?$/;
const UNSIGNED6 = /^([0-9]+)(?:\.([0-9]{1,6}))?$/;

function preview(value: string): string {
  return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
}

/** Why `value` is not a money string, or null when it is one. */
export function moneyIssue(value: unknown): string | null {
  if (typeof value === 'number') return '须写成带引号的金额字符串，例如 "1234.56"，不能写成 JSON 数字（数字会丢失分）';
  if (typeof value !== 'string') return '须写成带引号的金额字符串，例如 "1234.56"';
  const m = MONEY.exec(value);
  if (!m) {
    if (/[eE]/.test(value)) return `${preview(value)}：金额不能用科学计数法（e），请写出全部数字，例如 "100000.00"`;
    if (/^\s|\s$/.test(value) || /\s/.test(value)) return `${preview(value)}：金额中不能有空格`;
    if (value.startsWith('+')) return `${preview(value)}：金额前不能加 "+" 号`;
    if (/^-?[0-9]+\.[0-9]{3,}$/.test(value)) return `${preview(value)}：最多两位小数（到分），例如 "500000.00"`;
    return `${preview(value)} 不是金额：须为十进制数字，最多两位小数，例如 "1234.56"`;
  }
  if (toFen(m) >= MONEY_LIMIT_FEN || toFen(m) <= -MONEY_LIMIT_FEN) return `${preview(value)}：金额的绝对值须小于 10^13 元`;
  return null;
}

function toFen(m: RegExpExecArray): bigint {
  const fen = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}

/** Parses a money string into fen, or throws a ValidationError naming `field`. */
export function parseMoney(value: unknown, field: string): bigint {
  const issue = moneyIssue(value);
  if (issue) throw ValidationError.of(field, issue);
  return toFen(MONEY.exec(value as string)!);
}

/** "-12.50" style: always two decimals, a minus sign only below zero. */
export function formatFen(fen: bigint): string {
  const neg = fen < 0n;
  const s = (neg ? -fen : fen).toString().padStart(3, '0');
  return (neg ? '-' : '') + s.slice(0, -2) + '.' + s.slice(-2);
}

/** `what` names the number in the message: 比例 (a rate or share) or 权重 (a weight). */
function unsignedIssue(value: unknown, what: string, example: string): string | null {
  if (typeof value === 'number') return `须写成带引号的小数字符串，例如 ${example}，不能写成 JSON 数字`;
  if (typeof value !== 'string') return `须写成带引号的小数字符串，例如 ${example}`;
  if (UNSIGNED6.test(value)) return null;
  if (/^[+-]/.test(value)) return `${preview(value)}：${what}不能带正负号`;
  if (/[eE]/.test(value)) return `${preview(value)}：不能用科学计数法（e），请写出全部数字，例如 ${example}`;
  if (/^[0-9]+\.[0-9]{7,}$/.test(value)) return `${preview(value)}：最多 6 位小数`;
  return `${preview(value)} 不是${what}：须为十进制数字，最多 6 位小数，例如 ${example}`;
}

function toMicro(value: string): bigint {
  const m = UNSIGNED6.exec(value)!;
  return BigInt(m[1]) * MICRO + BigInt((m[2] ?? '').padEnd(6, '0'));
}

/** Why `value` is not a rate or share in [0, 1] with at most 6 decimals, or null. */
export function rateIssue(value: unknown): string | null {
  const issue = unsignedIssue(value, '比例', '"0.06"（即 6%）');
  if (issue) return issue;
  if (toMicro(value as string) > MICRO) return `${preview(value as string)}：比例须在 0 到 1 之间，例如 6% 写作 "0.06"`;
  return null;
}

/** Why `value` is not a weight (>= 0, at most 6 decimals), or null. */
export function weightIssue(value: unknown): string | null {
  const issue = unsignedIssue(value, '权重', '"12.5"');
  if (issue) return issue;
  if (toMicro(value as string) >= WEIGHT_LIMIT) return `${preview(value as string)}：权重须小于 10^15`;
  return null;
}

/** A rate or share in millionths ("0.06" → 60000n). */
export function parseRate(value: unknown, field: string): bigint {
  const issue = rateIssue(value);
  if (issue) throw ValidationError.of(field, issue);
  return toMicro(value as string);
}

/** A weight in millionths ("12.5" → 12500000n). */
export function parseWeight(value: unknown, field: string): bigint {
  const issue = weightIssue(value);
  if (issue) throw ValidationError.of(field, issue);
  return toMicro(value as string);
}

/** Millionths back to the shortest decimal string ("0.055", "1", "12.5"). */
export function formatMicro(micro: bigint): string {
  const int = micro / MICRO;
  const frac = (micro % MICRO).toString().padStart(6, '0').replace(/0+$/, '');
  return frac ? `${int}.${frac}` : `${int}`;
}

/** A rate in millionths as a percentage for explanations ("0.055" → "5.5%"). */
export function formatPercent(micro: bigint): string {
  const int = micro / 10_000n;
  const frac = (micro % 10_000n).toString().padStart(4, '0').replace(/0+$/, '');
  return (frac ? `${int}.${frac}` : `${int}`) + '%';
}

/** HALF_UP(num / den) to whole fen: halves away from zero (四舍五入). den > 0. */
export function roundHalfUp(num: bigint, den: bigint): bigint {
  const neg = num < 0n;
  const a = neg ? -num : num;
  const q = (a * 2n + den) / (den * 2n);
  return neg ? -q : q;
}
