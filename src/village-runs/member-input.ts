import { MemberDistributionInput, parseVillagePolicy } from '../core/village-distribution';
import { formatFen, formatMicro, parseMoney, parseWeight } from '../core/money';

/**
 * What a village run was computed from, as stored (village_run.input_json): every figure a decimal string, the
 * policy as its document, the register and the households with their ids, so that the statement can name them and
 * `recompute` can compare today's records with it field by field.
 */
export interface StoredMemberInput {
  village: { id: string; code: string; name: string };
  year: number;
  income: { projects: Array<{ code: string; name: string; amount: string }>; other: string };
  policy: { fromYear: number; version: number; document: object };
  register: { id: string; registeredOn: string };
  kinds: Array<{ code: string; name: string }>;
  households: Array<{ id: string; code: string; name: string }>;
  holdings: Array<{ household: string; kind: string; units: string }>;
}

/** The stored input as the engine takes it: amounts in fen, units in millionths, the policy parsed. */
export function engineInput(s: StoredMemberInput): MemberDistributionInput {
  return {
    village: { code: s.village.code, name: s.village.name },
    year: s.year,
    income: {
      projects: s.income.projects.map((p) => ({ code: p.code, name: p.name, amount: parseMoney(p.amount, 'income') })),
      other: parseMoney(s.income.other, 'income'),
    },
    policy: parseVillagePolicy(s.policy.document, new Set(s.kinds.map((k) => k.code))),
    kinds: s.kinds.map((k) => ({ code: k.code, name: k.name })),
    households: s.households.map((h) => ({ code: h.code, name: h.name })),
    holdings: s.holdings.map((h) => ({ household: h.household, kind: h.kind, units: parseWeight(h.units, 'units') })),
  };
}

/** Formats what the records give into the stored form. */
export function storedInput(i: {
  village: { id: string; code: string; name: string };
  year: number;
  income: { projects: Array<{ projectCode: string; projectName: string; amount: bigint }>; other: bigint };
  policy: { fromYear: number; version: number; document: object };
  register: { id: string; registeredOn: string };
  kinds: Array<{ code: string; name: string }>;
  holdings: Array<{ householdId: string; householdCode: string; headName: string; kind: string; units: bigint }>;
}): StoredMemberInput {
  const households = new Map<string, { id: string; code: string; name: string }>();
  for (const h of i.holdings) households.set(h.householdId, { id: h.householdId, code: h.householdCode, name: h.headName });
  return {
    village: i.village,
    year: i.year,
    income: {
      projects: i.income.projects.map((p) => ({ code: p.projectCode, name: p.projectName, amount: formatFen(p.amount) })),
      other: formatFen(i.income.other),
    },
    policy: i.policy,
    register: i.register,
    kinds: i.kinds.map((k) => ({ code: k.code, name: k.name })),
    households: [...households.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
    holdings: i.holdings
      .map((h) => ({ household: h.householdCode, kind: h.kind, units: formatMicro(h.units) }))
      .sort((a, b) => (a.household < b.household ? -1 : a.household > b.household ? 1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0)),
  };
}

/** What differs between two stored inputs, by path (the project runs' recompute says it the same way). */
export function inputDifferences(
  stored: StoredMemberInput,
  now: StoredMemberInput,
): Array<{ path: string; stored: unknown; now: unknown }> {
  const out: Array<{ path: string; stored: unknown; now: unknown }> = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const field = (path: string, a: unknown, b: unknown) => {
    if (!same(a, b)) out.push({ path, stored: a ?? null, now: b ?? null });
  };
  const keyed = <T>(path: string, a: T[], b: T[], key: (t: T) => string) => {
    const before = new Map(a.map((t) => [key(t), t]));
    const after = new Map(b.map((t) => [key(t), t]));
    for (const k of [...new Set([...before.keys(), ...after.keys()])].sort()) field(`${path}[${k}]`, before.get(k), after.get(k));
  };
  field('village.name', stored.village.name, now.village.name);
  keyed('income.projects', stored.income.projects, now.income.projects, (p) => p.code);
  field('income.other', stored.income.other, now.income.other);
  field('policy.fromYear', stored.policy.fromYear, now.policy.fromYear);
  field('policy.version', stored.policy.version, now.policy.version);
  field('policy.document', stored.policy.document, now.policy.document);
  field('register', stored.register, now.register);
  keyed('kinds', stored.kinds, now.kinds, (k) => k.code);
  keyed('households', stored.households, now.households, (h) => h.code);
  keyed('holdings', stored.holdings, now.holdings, (h) => `${h.household} ${h.kind}`);
  return out;
}
