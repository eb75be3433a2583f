/**
 * The policy document: how a project's year is split. Types, defaults and
 * every validation rule of the rulebook's "Policy document" section.
 */
import { ValidationError } from '../errors';
import { MICRO, formatMicro } from '../money';
import { Issues, arrayAt, codeAt, isObject, join, moneyAt, nameAt, objectAt, rateAt, weightAt } from './validate';

export type CapitalBasis = 'time_weighted' | 'year_end';
export type Shortfall = 'operator_tops_up' | 'carry_forward';

/** Rates, shares and weights are bigints in millionths; amounts are bigint fen. */
export type Guaranteed = { type: 'rate'; rate: bigint } | { type: 'fixed'; amounts: ReadonlyMap<string, bigint> };

/** `upTo` is null only on the last bracket, which covers everything above. */
export interface Bracket {
  upTo: bigint | null;
  rate: bigint;
}

export type Deduction =
  { code: string; name?: string; kind: 'rate'; rate: bigint } | { code: string; name?: string; kind: 'brackets'; brackets: Bracket[] };

export interface Payee {
  code: string;
  name?: string;
}

export type Bucket =
  | { code: string; name?: string; share: bigint; kind: 'capital' }
  | { code: string; name?: string; share: bigint; kind: 'weights'; weights: ReadonlyMap<string, bigint> }
  | { code: string; name?: string; share: bigint; kind: 'payee'; payee: Payee };

export interface Policy {
  capitalBasis: CapitalBasis;
  guaranteed: Guaranteed;
  shortfall: Shortfall;
  deductions: Deduction[];
  sharing: Bucket[];
}

/** The rulebook's default sharing: everything by capital. */
export const DEFAULT_SHARING: Bucket[] = [{ code: 'capital', share: MICRO, kind: 'capital' }];

/** A deduction's highest rate: the rule "highest rates sum below 1" keeps the pool from going negative. */
export function highestRate(d: Deduction): bigint {
  if (d.kind === 'rate') return d.rate;
  return d.brackets.reduce((max, b) => (b.rate > max ? b.rate : max), 0n);
}

/**
 * Validates a policy and applies the defaults. `villageCodes`, when given, is
 * the set of villages a code in `amounts` or `weights` may name.
 */
export function parsePolicy(input: unknown, villageCodes?: ReadonlySet<string>, fieldPrefix = 'policy'): Policy {
  const issues = new Issues();
  const policy = checkPolicy(input, villageCodes, fieldPrefix, issues);
  if (issues.count > 0 || !policy) throw new ValidationError(issues.list);
  return policy;
}

/** Collects the policy's issues into `issues`; returns a policy only if it added none. */
export function checkPolicy(input: unknown, villageCodes: ReadonlySet<string> | undefined, at: string, issues: Issues): Policy | undefined {
  const before = issues.count;
  const o = objectAt(input, at, ['guaranteed'], ['capitalBasis', 'shortfall', 'deductions', 'sharing'], issues);
  if (!o) return undefined;

  const capitalBasis = oneOf(o.capitalBasis, ['time_weighted', 'year_end'], 'time_weighted', join(at, 'capitalBasis'), issues);
  const shortfall = oneOf(o.shortfall, ['operator_tops_up', 'carry_forward'], 'operator_tops_up', join(at, 'shortfall'), issues);
  const guaranteed = o.guaranteed === undefined ? undefined : checkGuaranteed(o.guaranteed, villageCodes, join(at, 'guaranteed'), issues);
  const deductions = o.deductions === undefined ? [] : checkDeductions(o.deductions, join(at, 'deductions'), issues);
  const sharing = o.sharing === undefined ? DEFAULT_SHARING : checkSharing(o.sharing, villageCodes, join(at, 'sharing'), issues);

  if (issues.count > before || !guaranteed) return undefined;
  return { capitalBasis: capitalBasis as CapitalBasis, guaranteed, shortfall: shortfall as Shortfall, deductions, sharing };
}

function oneOf(v: unknown, allowed: string[], dflt: string, field: string, issues: Issues): string {
  if (v === undefined) return dflt;
  if (typeof v !== 'string' || !allowed.includes(v)) issues.add(field, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
  return v as string;
}

/** A map from village code to a value; codes must be villages of the scenario when known. */
function villageMap(
  v: unknown,
  field: string,
  villageCodes: ReadonlySet<string> | undefined,
  issues: Issues,
  read: (v: unknown, f: string) => bigint | undefined,
): Map<string, bigint> {
  const out = new Map<string, bigint>();
  if (!isObject(v)) {
    issues.add(field, 'must be an object from village code to value');
    return out;
  }
  for (const [k, val] of Object.entries(v)) {
    const f = join(field, k);
    if (codeAt(k, f, issues) === undefined) continue;
    if (villageCodes && !villageCodes.has(k))
      issues.add(f, `unknown village "${k}" (every village named must be one of the scenario's villages)`);
    const x = read(val, f);
    if (x !== undefined) out.set(k, x);
  }
  return out;
}

function checkGuaranteed(v: unknown, villageCodes: ReadonlySet<string> | undefined, at: string, issues: Issues): Guaranteed | undefined {
  if (!isObject(v)) return void issues.add(at, 'must be an object {"type": "rate", "rate": ...} or {"type": "fixed", "amounts": {...}}');
  if (v.type === 'rate') {
    objectAt(v, at, ['type', 'rate'], [], issues);
    const rate = v.rate === undefined ? undefined : rateAt(v.rate, join(at, 'rate'), issues);
    return rate === undefined ? undefined : { type: 'rate', rate };
  }
  if (v.type === 'fixed') {
    objectAt(v, at, ['type', 'amounts'], [], issues);
    if (v.amounts === undefined) return undefined;
    const amounts = villageMap(v.amounts, join(at, 'amounts'), villageCodes, issues, (x, f) =>
      moneyAt(x, f, issues, 0n, 'a guaranteed amount must not be negative'),
    );
    return { type: 'fixed', amounts };
  }
  issues.add(join(at, 'type'), 'must be "rate" or "fixed"');
  return undefined;
}

function checkDeductions(v: unknown, at: string, issues: Issues): Deduction[] {
  const list = arrayAt(v, at, issues);
  if (!list) return [];
  const out: Deduction[] = [];
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const f = `${at}[${i}]`;
    const o = objectAt(item, f, ['code'], ['name', 'rate', 'brackets'], issues);
    if (!o) return;
    const code = uniqueCode(o.code, join(f, 'code'), seen, 'deduction', issues);
    const name = nameAt(o.name, join(f, 'name'), issues);
    const hasRate = o.rate !== undefined;
    const hasBrackets = o.brackets !== undefined;
    if (hasRate === hasBrackets) {
      issues.add(f, `a deduction has exactly one of "rate" and "brackets"; this one has ${hasRate ? 'both' : 'neither'}`);
      return;
    }
    if (hasRate) {
      const rate = rateAt(o.rate, join(f, 'rate'), issues);
      if (code !== undefined && rate !== undefined) out.push({ code, ...(name !== undefined && { name }), kind: 'rate', rate });
      return;
    }
    const brackets = checkBrackets(o.brackets, join(f, 'brackets'), issues);
    if (code !== undefined && brackets) out.push({ code, ...(name !== undefined && { name }), kind: 'brackets', brackets });
  });
  const highest = out.reduce((sum, d) => sum + highestRate(d), 0n);
  if (out.length === list.length && highest >= MICRO) {
    issues.add(
      at,
      `the deductions' highest rates must sum to less than 1 (they sum to ${formatMicro(highest)}), or nothing would be left to share`,
    );
  }
  return out;
}

function checkBrackets(v: unknown, at: string, issues: Issues): Bracket[] | undefined {
  const list = arrayAt(v, at, issues);
  if (!list) return undefined;
  if (list.length === 0) return void issues.add(at, 'a deduction with brackets needs at least one bracket');
  const before = issues.count;
  const out: Bracket[] = [];
  let prev: bigint | undefined;
  list.forEach((item, i) => {
    const f = `${at}[${i}]`;
    const o = objectAt(item, f, ['rate'], ['upTo'], issues);
    if (!o) return;
    const rate = o.rate === undefined ? undefined : rateAt(o.rate, join(f, 'rate'), issues);
    const last = i === list.length - 1;
    let upTo: bigint | null = null;
    if (o.upTo === undefined) {
      if (!last) issues.add(join(f, 'upTo'), 'only the last bracket may omit "upTo"; every other bracket needs its upper limit');
    } else if (last) {
      issues.add(join(f, 'upTo'), 'the last bracket must not have "upTo": it covers everything above the previous limit');
    } else {
      const x = moneyAt(o.upTo, join(f, 'upTo'), issues, 1n, 'bracket "upTo" must be a positive amount');
      if (x !== undefined) {
        if (prev !== undefined && x <= prev) issues.add(join(f, 'upTo'), 'bracket "upTo" values must be strictly ascending');
        prev = x;
        upTo = x;
      }
    }
    if (rate !== undefined) out.push({ upTo, rate });
  });
  return issues.count > before ? undefined : out;
}

function checkSharing(v: unknown, villageCodes: ReadonlySet<string> | undefined, at: string, issues: Issues): Bucket[] {
  const list = arrayAt(v, at, issues);
  if (!list) return [];
  const out: Bucket[] = [];
  const seen = new Set<string>();
  let total = 0n;
  let complete = true;
  list.forEach((item, i) => {
    const f = `${at}[${i}]`;
    const o = objectAt(item, f, ['code', 'share'], ['name', 'weights', 'payee'], issues);
    if (!o) return void (complete = false);
    const code = uniqueCode(o.code, join(f, 'code'), seen, 'bucket', issues);
    const name = nameAt(o.name, join(f, 'name'), issues);
    const share = o.share === undefined ? undefined : rateAt(o.share, join(f, 'share'), issues);
    if (share === undefined) complete = false;
    else total += share;
    const base = { code: code as string, ...(name !== undefined && { name }), share: share as bigint };
    if ((o.weights === undefined) === (o.payee === undefined)) {
      issues.add(f, `a bucket has exactly one of "weights" and "payee"; this one has ${o.weights === undefined ? 'neither' : 'both'}`);
    } else if (o.payee !== undefined) {
      const p = objectAt(o.payee, join(f, 'payee'), ['code'], ['name'], issues);
      const pcode = p && codeAt(p.code, join(f, 'payee.code'), issues);
      const pname = p && nameAt(p.name, join(f, 'payee.name'), issues);
      if (pcode) out.push({ ...base, kind: 'payee', payee: { code: pcode, ...(pname !== undefined && { name: pname }) } });
    } else if (o.weights === 'capital') {
      out.push({ ...base, kind: 'capital' });
    } else if (isObject(o.weights)) {
      const weights = villageMap(o.weights, join(f, 'weights'), villageCodes, issues, (x, wf) => weightAt(x, wf, issues));
      out.push({ ...base, kind: 'weights', weights });
    } else {
      issues.add(join(f, 'weights'), 'must be "capital" or an object from village code to weight');
    }
  });
  if (complete && total !== MICRO) issues.add(at, `the shares must sum to exactly 1 (they sum to ${formatMicro(total)})`);
  return out;
}

function uniqueCode(v: unknown, field: string, seen: Set<string>, what: string, issues: Issues): string | undefined {
  const code = codeAt(v, field, issues);
  if (code === undefined) return undefined;
  if (seen.has(code)) issues.add(field, `duplicate ${what} code "${code}" (${what} codes must be unique)`);
  seen.add(code);
  return code;
}
