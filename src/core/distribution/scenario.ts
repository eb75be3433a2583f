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
  if (!o) throw new ValidationError([{ field: '(document)', message: 'a scenario must be a JSON object' }]);

  const p = o.project === undefined ? undefined : objectAt(o.project, 'project', ['code'], ['name'], issues);
  const projectCode = p && codeAt(p.code, 'project.code', issues);
  const projectName = p && nameAt(p.name, 'project.name', issues);

  let year: number | undefined;
  if (o.year !== undefined) {
    if (typeof o.year !== 'number' || !Number.isInteger(o.year) || o.year < MIN_YEAR || o.year > MAX_YEAR) {
      issues.add('year', `must be a whole calendar year from ${MIN_YEAR} to ${MAX_YEAR}`);
    } else year = o.year;
  }

  const villages = checkVillages(o.villages, issues);
  const codes = new Set(villages.map((v) => v.code));
  // Village references are only checked when the village list itself is readable.
  const known = Array.isArray(o.villages) ? codes : undefined;
  const policy = o.policy === undefined ? undefined : checkPolicy(o.policy, known, 'policy', issues);
  const contributions = checkEvents(o.contributions, known, issues);

  const r = o.result === undefined ? undefined : objectAt(o.result, 'result', ['revenue', 'costs'], [], issues);
  const revenue =
    r && r.revenue !== undefined ? moneyAt(r.revenue, 'result.revenue', issues, 0n, 'revenue must not be negative') : undefined;
  const costs = r && r.costs !== undefined ? moneyAt(r.costs, 'result.costs', issues, 0n, 'costs must not be negative') : undefined;
  const deficit =
    o.deficitBroughtForward === undefined
      ? 0n
      : moneyAt(o.deficitBroughtForward, 'deficitBroughtForward', issues, 0n, 'the deficit brought forward must not be negative');

  if (issues.count > 0) throw new ValidationError(issues.list);
  return {
    project: { code: projectCode!, ...(projectName !== undefined && { name: projectName }) },
    year: year!,
    policy: policy!,
    villages: villages.sort((a, b) => compareCodes(a.code, b.code)),
    contributions: contributions.map((c) => c.event).sort(compareEvents),
    result: { revenue: revenue!, costs: costs! },
    deficitBroughtForward: deficit!,
  };
}

function checkVillages(v: unknown, issues: Issues): Village[] {
  const list = v === undefined ? undefined : arrayAt(v, 'villages', issues);
  if (!list) return [];
  if (list.length === 0) issues.add('villages', 'a scenario needs at least one village');
  const out: Village[] = [];
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const f = `villages[${i}]`;
    const o = objectAt(item, f, ['code'], ['name'], issues);
    if (!o) return;
    const code = codeAt(o.code, join(f, 'code'), issues);
    const name = nameAt(o.name, join(f, 'name'), issues);
    if (code === undefined) return;
    if (seen.has(code)) return void issues.add(join(f, 'code'), `duplicate village code "${code}" (village codes must be unique)`);
    seen.add(code);
    out.push({ code, ...(name !== undefined && { name }) });
  });
  return out;
}

interface IndexedEvent {
  index: number;
  event: CapitalEvent;
}

function checkEvents(v: unknown, villages: ReadonlySet<string> | undefined, issues: Issues): IndexedEvent[] {
  const list = v === undefined ? undefined : arrayAt(v, 'contributions', issues);
  if (!list) return [];
  const out: IndexedEvent[] = [];
  list.forEach((item, index) => {
    const f = `contributions[${index}]`;
    const o = objectAt(item, f, ['village', 'date', 'amount'], [], issues);
    if (!o) return;
    const village = o.village === undefined ? undefined : codeAt(o.village, join(f, 'village'), issues);
    if (village !== undefined && villages && !villages.has(village)) {
      issues.add(join(f, 'village'), `unknown village "${village}" (every village named must be one of the scenario's villages)`);
    }
    const date = o.date === undefined ? undefined : dateAt(o.date, join(f, 'date'), issues);
    const amount = o.amount === undefined ? undefined : moneyAt(o.amount, join(f, 'amount'), issues);
    if (village !== undefined && date !== undefined && amount !== undefined) out.push({ index, event: { village, date, amount } });
  });
  checkNeverNegative(out, issues);
  return out;
}

/**
 * The rulebook's capital rule (src/core/capital-balance.ts), per village; the
 * issue names the first withdrawal, in input order, of the day it breaks.
 */
function checkNeverNegative(events: IndexedEvent[], issues: Issues): void {
  const byVillage = new Map<string, IndexedEvent[]>();
  for (const e of events) {
    const own = byVillage.get(e.event.village);
    if (own) own.push(e);
    else byVillage.set(e.event.village, [e]);
  }
  for (const village of [...byVillage.keys()].sort(compareCodes)) {
    const own = byVillage.get(village)!;
    const below = firstDayBelowZero(own.map((e) => e.event));
    if (!below) continue;
    let blame = -1;
    for (const e of own) if (e.event.date === below.date && e.event.amount < 0n && (blame < 0 || e.index < blame)) blame = e.index;
    issues.add(
      `contributions[${blame}].amount`,
      `village ${village}'s capital would be ${formatFen(below.capital)} at the end of ${below.date}; a village's capital may never go below zero`,
    );
  }
}
