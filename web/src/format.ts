/**
 * How the console writes amounts, dates and times. Amounts arrive as decimal strings ("34500.00") and are only ever
 * reformatted as text, never turned into a JavaScript number, so no fen is lost on the way to the screen.
 */

/** "34500.00" → "¥34,500.00"; "-12.3" → "¥-12.30"; empty or absent → "—". */
export function money(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) return value;
  const [, sign, whole, frac = ''] = m;
  const grouped = whole.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `¥${sign}${grouped}.${(frac + '00').slice(0, 2)}`;
}

/** A decimal amount in fen, as a bigint: for sums and comparisons without floating point. */
export function fen(value: string | null | undefined): bigint {
  if (!value) return 0n;
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!m) throw new Error(`not an amount: ${value}`);
  const abs = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0') || '0');
  return m[1] ? -abs : abs;
}

/** Fen back to a decimal string with two places: 3450000n → "34500.00". */
export function yuan(amount: bigint): string {
  const sign = amount < 0n ? '-' : '';
  const abs = amount < 0n ? -amount : amount;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** Is the text a positive amount of yuan with at most two decimals ("0.01" … "99999999.99")? */
export function isPositiveAmount(text: string): boolean {
  return /^\d{1,12}(\.\d{1,2})?$/.test(text.trim()) && fen(text.trim()) > 0n;
}

const beijing = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** An instant in Beijing time, "2026/11/28 21:05:03"; a bare date ("2025-12-31") is shown as it is. */
export function beijingTime(value: string | null | undefined): string {
  if (!value) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : beijing.format(d);
}

/** Today's date in Beijing, "YYYY-MM-DD". */
export function beijingToday(now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
  return parts.format(now);
}

export const ROLE_NAMES: Record<string, string> = {
  admin: '系统管理员',
  accountant: '乡镇会计',
  treasurer: '村报账员',
  auditor: '审计',
};

export const RUN_STATUS: Record<string, string> = {
  draft: '草稿',
  approved: '已审核',
  posted: '已过账',
  reversed: '已冲销',
};
