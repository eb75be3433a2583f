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
  if (typeof value === 'number') return 'must be a decimal string such as "1234.56", not a JSON number (numbers lose fen)';
  if (typeof value !== 'string') return 'must be a decimal string such as "1234.56"';
  const m = MONEY.exec(value);
  if (!m) {
    if (/[eE]/.test(value)) return `${preview(value)}: exponents are not allowed in amounts`;
    if (/^\s|\s$/.test(value) || /\s/.test(value)) return `${preview(value)}: spaces are not allowed in amounts`;
    if (value.startsWith('+')) return `${preview(value)}: a "+" sign is not allowed in amounts`;
    if (/^-?[0-9]+\.[0-9]{3,}$/.test(value)) return `${preview(value)}: at most two decimals (fen) are allowed`;
    return `${preview(value)} is not an amount (expected a decimal string such as "1234.56", at most two decimals)`;
  }
  if (toFen(m) >= MONEY_LIMIT_FEN || toFen(m) <= -MONEY_LIMIT_FEN) return `${preview(value)}: the absolute value must be below 10^13 yuan`;
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

function unsignedIssue(value: unknown, what: string): string | null {
  if (typeof value === 'number') return `must be a decimal string such as "0.06", not a JSON number`;
  if (typeof value !== 'string') return `must be a decimal string such as "0.06"`;
  if (UNSIGNED6.test(value)) return null;
  if (/^[+-]/.test(value)) return `${preview(value)}: a ${what} has no sign`;
  if (/[eE]/.test(value)) return `${preview(value)}: exponents are not allowed`;
  if (/^[0-9]+\.[0-9]{7,}$/.test(value)) return `${preview(value)}: at most 6 decimals are allowed`;
  return `${preview(value)} is not a decimal (expected digits with at most 6 decimals, such as "0.06")`;
}

function toMicro(value: string): bigint {
  const m = UNSIGNED6.exec(value)!;
  return BigInt(m[1]) * MICRO + BigInt((m[2] ?? '').padEnd(6, '0'));
}

/** Why `value` is not a rate or share in [0, 1] with at most 6 decimals, or null. */
export function rateIssue(value: unknown): string | null {
  const issue = unsignedIssue(value, 'rate');
  if (issue) return issue;
  if (toMicro(value as string) > MICRO) return `${preview(value as string)}: a rate or share must be between 0 and 1`;
  return null;
}

/** Why `value` is not a weight (>= 0, at most 6 decimals), or null. */
export function weightIssue(value: unknown): string | null {
  const issue = unsignedIssue(value, 'weight');
  if (issue) return issue;
  if (toMicro(value as string) >= WEIGHT_LIMIT) return `${preview(value as string)}: a weight must be below 10^15`;
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
