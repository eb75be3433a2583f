/**
 * Calendar dates as `YYYY-MM-DD` strings (proleptic Gregorian). Strings of this
 * shape sort in date order, so the core keeps them as strings and turns them
 * into day numbers only to count days held.
 */

const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInYear(y: number): number {
  return isLeapYear(y) ? 366 : 365;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** The reason `value` is not a real calendar date, or null when it is one. */
export function dateIssue(value: unknown): string | null {
  if (typeof value !== 'string') return '须为日期字符串，格式 YYYY-MM-DD，例如 "2025-03-01"';
  const m = DATE.exec(value);
  if (!m) return `"${value.slice(0, 40)}" 不是 YYYY-MM-DD 格式的日期，例如 "2025-03-01"`;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1) return `${value} 不是有效日期（没有 0000 年）`;
  if (mo < 1 || mo > 12) return `${value} 不是有效日期（没有 ${m[2]} 月）`;
  if (d < 1 || d > daysInMonth(y, mo)) return `${value} 不是有效日期（${m[1]}-${m[2]} 只有 ${daysInMonth(y, mo)} 天）`;
  return null;
}

/**
 * Days since 1970-01-01 of a valid date (Howard Hinnant's days_from_civil).
 * Used instead of Date.UTC, which maps years 0..99 to 1900..1999.
 */
export function dayNumber(date: string): number {
  let y = (date.charCodeAt(0) - 48) * 1000 + (date.charCodeAt(1) - 48) * 100 + (date.charCodeAt(2) - 48) * 10 + (date.charCodeAt(3) - 48);
  const m = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48);
  const d = (date.charCodeAt(8) - 48) * 10 + (date.charCodeAt(9) - 48);
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
