/** One field where the scenario a run stored and the one rebuilt from today's records disagree; null where one side has none. */
export interface ScenarioDifference {
  path: string;
  stored: unknown;
  now: unknown;
}

type Json = unknown;

/**
 * What differs between two scenario documents, by path: `policy.guaranteed.rate`,
 * `villages[V01].name`, `contributions[V01 2024-04-15]`. Keys are compared in
 * code order; lists of objects with a `code` (villages, deductions, payees) are
 * matched by code, and contributions by village and date (their amounts as a
 * multiset), so an insertion names one entry instead of shifting every index.
 */
export function scenarioDifferences(stored: Json, now: Json): ScenarioDifference[] {
  const out: ScenarioDifference[] = [];
  if (isObject(stored) && isObject(now)) {
    for (const key of unionKeys(stored, now)) {
      if (key === 'contributions') contributionDifferences(stored[key], now[key], out);
      else compare(key, stored[key], now[key], out);
    }
  } else compare('', stored, now, out);
  return out;
}

function compare(path: string, a: Json, b: Json, out: ScenarioDifference[]): void {
  if (isObject(a) && isObject(b)) {
    for (const key of unionKeys(a, b)) compare(path ? `${path}.${key}` : key, a[key], b[key], out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const ka = byCode(a);
    const kb = byCode(b);
    if (ka && kb) {
      for (const code of [...new Set([...ka.keys(), ...kb.keys()])].sort(codeOrder))
        compare(`${path}[${code}]`, ka.get(code), kb.get(code), out);
    } else {
      for (let i = 0; i < Math.max(a.length, b.length); i++) compare(`${path}[${i}]`, a[i], b[i], out);
    }
    return;
  }
  if (canonical(a) !== canonical(b)) out.push({ path, stored: a ?? null, now: b ?? null });
}

/** Contributions keyed `<village> <date>`: the amounts of that day, one string, a list when several, null when none. */
function contributionDifferences(a: Json, b: Json, out: ScenarioDifference[]): void {
  if (!Array.isArray(a) || !Array.isArray(b)) return compare('contributions', a, b, out);
  const ga = groupContributions(a);
  const gb = groupContributions(b);
  const keys = [...new Set([...ga.keys(), ...gb.keys()])].sort(codeOrder);
  for (const key of keys) {
    const sa = [...(ga.get(key) ?? [])].sort(codeOrder);
    const sb = [...(gb.get(key) ?? [])].sort(codeOrder);
    if (sa.join('\n') !== sb.join('\n')) out.push({ path: `contributions[${key}]`, stored: amounts(sa), now: amounts(sb) });
  }
}

function groupContributions(list: Json[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const c of list) {
    const e = isObject(c) ? c : {};
    const key = `${String(e.village)} ${String(e.date)}`;
    groups.set(key, [...(groups.get(key) ?? []), String(e.amount)]);
  }
  return groups;
}

const amounts = (xs: string[]): string | string[] | null => (xs.length === 0 ? null : xs.length === 1 ? xs[0] : xs);

/** The list keyed by each element's `code`, when every element has a distinct one. */
function byCode(list: Json[]): Map<string, Json> | undefined {
  const m = new Map<string, Json>();
  for (const e of list) {
    if (!isObject(e) || typeof e.code !== 'string' || m.has(e.code)) return undefined;
    m.set(e.code, e);
  }
  return m;
}

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unionKeys(a: Record<string, Json>, b: Record<string, Json>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(codeOrder);
}

/** JSON text with object keys sorted, so key order never counts as a difference. */
function canonical(v: Json): string {
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObject(v))
    return `{${Object.keys(v)
      .sort(codeOrder)
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** UTF-16 code unit order: byte order for the ASCII codes and keys a scenario has. */
const codeOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
