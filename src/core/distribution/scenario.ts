/**
 * The scenario document: everything one run needs. `parseScenario` checks the
 * whole document, collects every issue, and returns a normalized scenario:
 * defaults applied, villages in code order, events in (village, date, amount)
 * order, so nothing downstream depends on the order of the input.
 */
import { firstDayBelowZero } from '../capital-balance';
import { ValidationError } from '../errors';
import { compareCodes } from '../codes';
import { formatFen } from '../money';
import { Policy, checkPolicy } from './policy';
import { Issues, arrayAt, codeAt, dateAt, join, moneyAt, nameAt, objectAt } from './validate';

export interface Village {
  code: string;
  name?: string;
}

/** A capital event: a contribution (positive) or a withdrawal / transfer-out (negative), in fen. */
export interface CapitalEvent {
  village: string;
  date: string;
  amount: bigint;
}

export interface Scenario {
  project: { code: string; name?: string };
  year: number;
  policy: Policy;
  villages: Village[];
  contributions: CapitalEvent[];
  result: { revenue: bigint; costs: bigint };
  deficitBroughtForward: bigint;
}

/** Years are four-digit calendar years; earlier ones cannot be a real project's books. */
const MIN_YEAR = 1900;
const MAX_YEAR = 9999;

export function compareEvents(a: CapitalEvent, b: CapitalEvent): number {
  return compareCodes(a.village, b.village) || compareCodes(a.date, b.date) || (a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0);
}

/** The events in (village, date, amount) order; parsed scenarios already are, so usually no copy. */
export function sortedEvents(events: readonly CapitalEvent[]): readonly CapitalEvent[] {
  for (let i = 1; i < events.length; i++) if (compareEvents(events[i - 1], events[i]) > 0) return [...events].sort(compareEvents);
  return events;
}

export function parseScenario(input: unknown): Scenario {
  const issues = new Issues();
  const o = objectAt(input, '', ['project', 'year', 'policy', 'villages', 'contributions', 'result'], ['deficitBroughtForward'], issues);
  if (!o) throw new ValidationError([{ field: '(document)', message: '分红计算的输入（scenario）须为 JSON 对象' }]);

  const p = o.project === undefined ? undefined : objectAt(o.project, 'project', ['code'], ['name'], issues);
  const projectCode = p && codeAt(p.code, 'project.code', issues);
  const projectName = p && nameAt(p.name, 'project.name', issues);

  let year: number | undefined;
  if (o.year !== undefined) {
    if (typeof o.year !== 'number' || !Number.isInteger(o.year) || o.year < MIN_YEAR || o.year > MAX_YEAR) {
      issues.add('year', `须为 ${MIN_YEAR} 到 ${MAX_YEAR} 之间的整数年份，例如 2025`);
    } else year = o.year;
  }

  const villages = checkVillages(o.villages, issues);
  const codes = new Set(villages.map((v) => v.code));
  // Village references are only checked when the village list itself is readable.
  const known = Array.isArray(o.villages) ? codes : undefined;
  const policy = o.policy === undefined ? undefined : checkPolicy(o.policy, known, 'policy', issues);
  const contributions = checkEvents(o.contributions, known, issues);

  const r = o.result === undefined ? undefined : objectAt(o.result, 'result', ['revenue', 'costs'], [], issues);
  const revenue = r && r.revenue !== undefined ? moneyAt(r.revenue, 'result.revenue', issues, 0n, '经营收入不能为负数') : undefined;
  const costs = r && r.costs !== undefined ? moneyAt(r.costs, 'result.costs', issues, 0n, '经营支出不能为负数') : undefined;
  const deficit =
    o.deficitBroughtForward === undefined
      ? 0n
      : moneyAt(o.deficitBroughtForward, 'deficitBroughtForward', issues, 0n, '以前年度结转的亏损不能为负数');

  if (issues.count > 0) throw new ValidationError(issues.list);
  return {
    project: { code: projectCode!, ...(projectName !== undefined && { name: projectName }) },
    year: year!,
    policy: policy!,
    villages: villages.sort((a, b) => compareCodes(a.code, b.code)),
    contributions,
    result: { revenue: revenue!, costs: costs! },
    deficitBroughtForward: deficit!,
  };
}

function checkVillages(v: unknown, issues: Issues): Village[] {
  const list = v === undefined ? undefined : arrayAt(v, 'villages', issues);
  if (!list) return [];
  if (list.length === 0) issues.add('villages', '至少要有一个村');
  const out: Village[] = [];
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const f = `villages[${i}]`;
    const o = objectAt(item, f, ['code'], ['name'], issues);
    if (!o) return;
    const code = codeAt(o.code, join(f, 'code'), issues);
    const name = nameAt(o.name, join(f, 'name'), issues);
    if (code === undefined) return;
    if (seen.has(code)) return void issues.add(join(f, 'code'), `村代码 "${code}" 重复：每个村的代码必须唯一`);
    seen.add(code);
    out.push({ code, ...(name !== undefined && { name }) });
  });
  return out;
}

/**
 * The events that parsed, in (village, date, amount) order: sorted once, here, by a stable sort, so that events
 * equal in all three keep their input order.
 */
function checkEvents(v: unknown, villages: ReadonlySet<string> | undefined, issues: Issues): CapitalEvent[] {
  const list = v === undefined ? undefined : arrayAt(v, 'contributions', issues);
  if (!list) return [];
  const events: CapitalEvent[] = [];
  /** Each event's place in the input list, for the messages. */
  const at: number[] = [];
  list.forEach((item, index) => {
    const f = `contributions[${index}]`;
    const o = objectAt(item, f, ['village', 'date', 'amount'], [], issues);
    if (!o) return;
    const village = o.village === undefined ? undefined : codeAt(o.village, join(f, 'village'), issues);
    if (village !== undefined && villages && !villages.has(village)) {
      issues.add(join(f, 'village'), `未知的村 "${village}"：只能填写 villages 中列出的村`);
    }
    const date = o.date === undefined ? undefined : dateAt(o.date, join(f, 'date'), issues);
    const amount = o.amount === undefined ? undefined : moneyAt(o.amount, join(f, 'amount'), issues);
    if (village !== undefined && date !== undefined && amount !== undefined) {
      events.push({ village, date, amount });
      at.push(index);
    }
  });
  const order = events.map((_, k) => k).sort((a, b) => compareEvents(events[a], events[b]) || a - b);
  const sorted = order.map((k) => events[k]);
  checkNeverNegative(
    sorted,
    order.map((k) => at[k]),
    issues,
  );
  return sorted;
}

/**
 * The rulebook's capital rule (src/core/capital-balance.ts), per village, over the sorted events (`at`: each one's
 * place in the input list); the issue names the first withdrawal, in input order, of the day it breaks.
 */
function checkNeverNegative(sorted: CapitalEvent[], at: number[], issues: Issues): void {
  for (let from = 0, to = 0; from < sorted.length; from = to) {
    const village = sorted[from].village;
    while (to < sorted.length && sorted[to].village === village) to++;
    const below = firstDayBelowZero(sorted.slice(from, to));
    if (!below) continue;
    let blame = -1;
    for (let k = from; k < to; k++) {
      const e = sorted[k];
      if (e.date === below.date && e.amount < 0n && (blame < 0 || at[k] < blame)) blame = at[k];
    }
    issues.add(
      `contributions[${blame}].amount`,
      `村 ${village} 的出资余额在 ${below.date} 日终将为 ${formatFen(below.capital)}；村的出资余额任何一天都不能低于零`,
    );
  }
}
