/**
 * What an Excel number cell means: whether its number format shows a date, the day an Excel serial number
 * stands for, and the decimal its stored text spells. Pure: the workbook reader (src/imports) calls these.
 */

/** The built-in number formats (ids below 164 a workbook need not spell out) that show a date or a time. */
const DATE_FORMAT_IDS = new Set(
  [
    [14, 22],
    [27, 36],
    [45, 47],
    [50, 58],
  ].flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => from + i)),
);

/**
 * Whether a number format shows a date: a built-in date id, or a format code with y, m, d, h or s outside quoted
 * text, [brackets] (a colour, a locale such as [$-804]), escaped characters and _x / *x spacers.
 */
export function isDateFormat(id: number, code: string | undefined): boolean {
  if (code === undefined) return DATE_FORMAT_IDS.has(id);
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\.|[_*]./g, '');
  return /[ymdhs]/i.test(bare);
}

/** The last day Excel shows: 9999-12-31. */
const LAST_SERIAL = 2958465;
const DAY_MS = 86_400_000;

/**
 * The day an Excel serial number stands for, as Excel shows it (the time of day left out), or null when Excel
 * shows no date (negative, after 9999). In the 1900 date system Excel counts a 29 February 1900 that never was
 * (serial 60, kept as "1900-02-29" so that the date check refuses it) and shows serial 0 as "1900-01-00"; in the
 * 1904 system serial 0 is 1904-01-01.
 */
export function excelDate(serial: number, date1904: boolean): string | null {
  if (!Number.isFinite(serial)) return null;
  // To the millisecond first, as Excel rounds a time: 0.99999999999 of a day is the next day.
  const day = Math.floor(Math.round(serial * DAY_MS) / DAY_MS);
  if (day < 0 || day > LAST_SERIAL) return null;
  if (date1904) return civil(day - 24107);
  if (day === 0) return '1900-01-00';
  if (day === 60) return '1900-02-29';
  // Serials 1–59 come before the day that never was: one more day to 1970-01-01 than the count says.
  return civil(day < 60 ? day - 25568 : day - 25569);
}

/** YYYY-MM-DD of a count of days since 1970-01-01 (Howard Hinnant's civil_from_days). */
function civil(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * The decimal a number cell's stored text spells, in its shortest exact form ("0012.50" → "12.5", "-0" → "0"),
 * or null when the text is not a plain decimal (exponent form such as "1E-3", or not a number at all).
 */
export function decimalText(text: string): string | null {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const whole = m[2].replace(/^0+/, '') || '0';
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  const negative = m[1] === '-' && (whole !== '0' || fraction !== '');
  return `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}

/** Digits after the decimal point of a decimalText. */
export function decimals(decimal: string): number {
  const point = decimal.indexOf('.');
  return point < 0 ? 0 : decimal.length - point - 1;
}

/** Significant digits of a decimalText: "0.0012" has 2, "120" has 3. */
export function significantDigits(decimal: string): number {
  return decimal.replace(/^-/, '').replace('.', '').replace(/^0+/, '').length;
}
