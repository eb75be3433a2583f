/**
 * The charts of accounts: a project's book uses chart-of-accounts.json, a village's own book
 * village-chart-of-accounts.json (chartFor). The data lives in JSON files because the
 * codes were checked against secondary sources only: a correction is a data
 * edit, not a code change. Sub-accounts (211-V01, 322-01-GUAR) are opened on
 * demand; a sub-account is known when its parent is in the chart and its
 * suffix matches the parent's pattern.
 */
import { InvariantError, ValidationError } from '../errors';
import chartData from './chart-of-accounts.json';
import villageChartData from './village-chart-of-accounts.json';

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
function load(raw: { accounts: unknown[] }, file: string): Map<string, Entry> {
  const map = new Map<string, Entry>();
  for (const a of raw.accounts as ChartAccount[]) {
    const bad = (why: string) => new InvariantError(`${file}：科目 ${JSON.stringify(a.code)} ${why}`);
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

/** Whose book a chart is for: a project's (the project's chart) or a village's own (村集体经济组织账). */
export type BookKind = 'project' | 'village';

/** One chart of accounts, with the lookups every book's postings and reports use. */
export class Chart {
  constructor(
    readonly kind: BookKind,
    private readonly map: ReadonlyMap<string, Entry>,
  ) {}

  /** The chart account a code is opened under: itself, or the longest chart code it extends. */
  private resolve(code: string): { entry: Entry; suffix: string | null } | null {
    if (typeof code !== 'string') return null;
    const own = this.map.get(code);
    if (own) return { entry: own, suffix: null };
    // Longest prefix first: 322-01-GUAR belongs to 322-01, not to 322.
    for (let i = code.lastIndexOf('-'); i > 0; i = code.lastIndexOf('-', i - 1)) {
      const entry = this.map.get(code.slice(0, i));
      if (!entry) continue;
      const suffix = code.slice(i + 1);
      return entry.suffix && entry.suffix.test(suffix) ? { entry, suffix } : null;
    }
    return null;
  }

  private known(code: string): { entry: Entry; suffix: string | null } {
    const r = this.resolve(code);
    if (!r) throw ValidationError.of('account', `${JSON.stringify(code)} 不是科目表中的科目，也不是科目表允许开设的明细科目`);
    return r;
  }

  isKnownAccount(code: string): boolean {
    return this.resolve(code) !== null;
  }

  /** The parent account's code, or null for a top-level account. */
  parentOf(code: string): string | null {
    const { entry, suffix } = this.known(code);
    if (suffix !== null) return entry.code;
    return entry.parent ?? null;
  }

  /** The chain from the top-level account down to `code` itself. */
  lineageOf(code: string): string[] {
    const chain: string[] = [];
    for (let c: string | null = code; c !== null; c = this.parentOf(c)) chain.unshift(c);
    return chain;
  }

  /** Full name as an accountant writes it: 收益分配—各项分配—保底分红, 应付款—V01. */
  accountName(code: string): string {
    const { entry, suffix } = this.known(code);
    const own = suffix === null ? entry.name : (entry.subAccounts?.names?.[suffix] ?? suffix);
    const parent = this.parentOf(code);
    return parent === null ? own : `${this.accountName(parent)}—${own}`;
  }

  /** Sub-accounts inherit type and normal side from the chart account they are opened under. */
  chartAccountOf(code: string): ChartAccount {
    const { entry } = this.known(code);
    const { suffix: _regex, ...account } = entry;
    return account;
  }

  /** The chart's own accounts (not sub-accounts), in chart order. */
  accounts(): ChartAccount[] {
    return [...this.map.values()].map(({ suffix: _regex, ...account }) => account);
  }
}

const CHARTS: Readonly<Record<BookKind, Chart>> = {
  project: new Chart('project', load(chartData as { accounts: unknown[] }, 'chart-of-accounts.json')),
  village: new Chart('village', load(villageChartData as { accounts: unknown[] }, 'village-chart-of-accounts.json')),
};

/** The chart of a book of this kind. */
export function chartFor(kind: BookKind): Chart {
  const chart = CHARTS[kind];
  if (!chart) throw new InvariantError(`没有 ${JSON.stringify(kind)} 账簿的科目表`);
  return chart;
}

// The project's chart, as every project book's code has always used it.
export function isKnownAccount(code: string): boolean {
  return CHARTS.project.isKnownAccount(code);
}

/** The parent account's code, or null for a top-level account. */
export function parentOf(code: string): string | null {
  return CHARTS.project.parentOf(code);
}

/** The chain from the top-level account down to `code` itself. */
export function lineageOf(code: string): string[] {
  return CHARTS.project.lineageOf(code);
}

/** Full name as an accountant writes it: 收益分配—各项分配—保底分红, 应付款—V01. */
export function accountName(code: string): string {
  return CHARTS.project.accountName(code);
}

/** Sub-accounts inherit type and normal side from the chart account they are opened under. */
export function chartAccountOf(code: string): ChartAccount {
  return CHARTS.project.chartAccountOf(code);
}
