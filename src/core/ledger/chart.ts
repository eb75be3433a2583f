/**
 * The chart of accounts. The data lives in chart-of-accounts.json because the
 * codes were checked against secondary sources only: a correction is a data
 * edit, not a code change. Sub-accounts (211-V01, 322-01-GUAR) are opened on
 * demand; a sub-account is known when its parent is in the chart and its
 * suffix matches the parent's pattern.
 */
import { InvariantError, ValidationError } from '../errors';
import chartData from './chart-of-accounts.json';

export type AccountType = 'asset' | 'liability' | 'equity' | 'cost' | 'income' | 'expense';
export type Side = 'debit' | 'credit';

export interface ChartAccount {
  code: string;
  name: string;
  type: AccountType;
  normalSide: Side;
  parent?: string;
  subAccounts?: { pattern: string; names?: Record<string, string> };
}

const TYPES: readonly string[] = ['asset', 'liability', 'equity', 'cost', 'income', 'expense'];

interface Entry extends ChartAccount {
  suffix?: RegExp;
}

/** Checked once at load so that a bad correction of the data file fails at boot, not at posting. */
function load(raw: { accounts: unknown[] }): Map<string, Entry> {
  const map = new Map<string, Entry>();
  for (const a of raw.accounts as ChartAccount[]) {
    const bad = (why: string) => new InvariantError(`chart-of-accounts.json：科目 ${JSON.stringify(a.code)} ${why}`);
    if (typeof a.code !== 'string' || !/^[0-9]{3}(-[0-9]{2})*$/.test(a.code)) throw bad('的代码格式不对');
    if (map.has(a.code)) throw bad('列了两次');
    if (typeof a.name !== 'string' || a.name === '') throw bad('没有名称');
    if (!TYPES.includes(a.type)) throw bad(`的类型 ${JSON.stringify(a.type)} 未知`);
    if (a.normalSide !== 'debit' && a.normalSide !== 'credit') throw bad('没有余额方向');
    if (a.parent !== undefined && (!map.has(a.parent) || !a.code.startsWith(a.parent + '-'))) {
      throw bad('须排在上级科目之后，且以上级科目代码开头');
    }
    map.set(a.code, { ...a, suffix: a.subAccounts ? new RegExp(a.subAccounts.pattern) : undefined });
  }
  return map;
}

const CHART = load(chartData as { accounts: unknown[] });

/** The chart account a code is opened under: itself, or the longest chart code it extends. */
function resolve(code: string): { entry: Entry; suffix: string | null } | null {
  const own = CHART.get(code);
  if (own) return { entry: own, suffix: null };
  if (typeof code !== 'string') return null;
  // Longest prefix first: 322-01-GUAR belongs to 322-01, not to 322.
  for (let i = code.lastIndexOf('-'); i > 0; i = code.lastIndexOf('-', i - 1)) {
    const entry = CHART.get(code.slice(0, i));
    if (!entry) continue;
    const suffix = code.slice(i + 1);
    return entry.suffix && entry.suffix.test(suffix) ? { entry, suffix } : null;
  }
  return null;
}

export function isKnownAccount(code: string): boolean {
  return resolve(code) !== null;
}

function known(code: string): { entry: Entry; suffix: string | null } {
  const r = resolve(code);
  if (!r) throw ValidationError.of('account', `${JSON.stringify(code)} 不是科目表中的科目，也不是科目表允许开设的明细科目`);
  return r;
}

/** The parent account's code, or null for a top-level account. */
export function parentOf(code: string): string | null {
  const { entry, suffix } = known(code);
  if (suffix !== null) return entry.code;
  return entry.parent ?? null;
}

/** The chain from the top-level account down to `code` itself. */
export function lineageOf(code: string): string[] {
  const chain: string[] = [];
  for (let c: string | null = code; c !== null; c = parentOf(c)) chain.unshift(c);
  return chain;
}

/** Full name as an accountant writes it: 收益分配—各项分配—保底分红, 应付款—V01. */
export function accountName(code: string): string {
  const { entry, suffix } = known(code);
  const own = suffix === null ? entry.name : (entry.subAccounts?.names?.[suffix] ?? suffix);
  const parent = parentOf(code);
  return parent === null ? own : `${accountName(parent)}—${own}`;
}

/** Sub-accounts inherit type and normal side from the chart account they are opened under. */
export function chartAccountOf(code: string): ChartAccount {
  const { entry } = known(code);
  const { suffix: _regex, ...account } = entry;
  return account;
}
