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
  if (typeof v !== 'string' || !allowed.includes(v)) issues.add(field, `须为 ${allowed.map((a) => `"${a}"`).join('、')} 之一`);
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
    issues.add(field, '须为 JSON 对象，键为村代码，值为该村的数值');
    return out;
  }
  for (const [k, val] of Object.entries(v)) {
    const f = join(field, k);
    if (codeAt(k, f, issues) === undefined) continue;
    if (villageCodes && !villageCodes.has(k)) issues.add(f, `未知的村 "${k}"：只能填写 villages 中列出的村`);
    const x = read(val, f);
    if (x !== undefined) out.set(k, x);
  }
  return out;
}

function checkGuaranteed(v: unknown, villageCodes: ReadonlySet<string> | undefined, at: string, issues: Issues): Guaranteed | undefined {
  if (!isObject(v))
    return void issues.add(
      at,
      '须为 JSON 对象：按比例保底写 {"type": "rate", "rate": "0.06"}，固定金额保底写 {"type": "fixed", "amounts": {"V01": "30000.00"}}',
    );
  if (v.type === 'rate') {
    objectAt(v, at, ['type', 'rate'], [], issues);
    const rate = v.rate === undefined ? undefined : rateAt(v.rate, join(at, 'rate'), issues);
    return rate === undefined ? undefined : { type: 'rate', rate };
  }
  if (v.type === 'fixed') {
    objectAt(v, at, ['type', 'amounts'], [], issues);
    if (v.amounts === undefined) return undefined;
    const amounts = villageMap(v.amounts, join(at, 'amounts'), villageCodes, issues, (x, f) =>
      moneyAt(x, f, issues, 0n, '保底金额不能为负数'),
    );
    return { type: 'fixed', amounts };
  }
  issues.add(join(at, 'type'), '须为 "rate"（按比例）或 "fixed"（固定金额）');
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
    const code = uniqueCode(o.code, join(f, 'code'), seen, '提取项', issues);
    const name = nameAt(o.name, join(f, 'name'), issues);
    const hasRate = o.rate !== undefined;
    const hasBrackets = o.brackets !== undefined;
    if (hasRate === hasBrackets) {
      issues.add(f, `每项提取须有 "rate"（比例）或 "brackets"（分档），且只能有其中一个；这一项${hasRate ? '两个都有' : '两个都没有'}`);
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
    issues.add(at, `各项提取的最高比例之和须小于 1（现在是 ${formatMicro(highest)}），否则提取后就没有可分配的余额了`);
  }
  return out;
}

function checkBrackets(v: unknown, at: string, issues: Issues): Bracket[] | undefined {
  const list = arrayAt(v, at, issues);
  if (!list) return undefined;
  if (list.length === 0) return void issues.add(at, '分档提取至少要有一档');
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
      if (!last) issues.add(join(f, 'upTo'), '只有最后一档可以不写 "upTo"；其他各档都要写上限');
    } else if (last) {
      issues.add(join(f, 'upTo'), '最后一档不能写 "upTo"：它涵盖上一档上限以上的全部金额');
    } else {
      const x = moneyAt(o.upTo, join(f, 'upTo'), issues, 1n, '分档上限 "upTo" 须为大于零的金额');
      if (x !== undefined) {
        if (prev !== undefined && x <= prev) issues.add(join(f, 'upTo'), '各档上限 "upTo" 须逐档递增，不能相等');
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
    const code = uniqueCode(o.code, join(f, 'code'), seen, '分配项', issues);
    const name = nameAt(o.name, join(f, 'name'), issues);
    const share = o.share === undefined ? undefined : rateAt(o.share, join(f, 'share'), issues);
    if (share === undefined) complete = false;
    else total += share;
    const base = { code: code as string, ...(name !== undefined && { name }), share: share as bigint };
    if ((o.weights === undefined) === (o.payee === undefined)) {
      issues.add(
        f,
        `每个分配项须有 "weights"（按权重分给各村）或 "payee"（整项付给收款方），且只能有其中一个；这一项${o.weights === undefined ? '两个都没有' : '两个都有'}`,
      );
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
      issues.add(join(f, 'weights'), '须为 "capital"（按出资）或 JSON 对象（键为村代码，值为权重）');
    }
  });
  if (complete && total !== MICRO) issues.add(at, `各分配项的 share 之和须正好为 1（现在是 ${formatMicro(total)}）`);
  return out;
}

function uniqueCode(v: unknown, field: string, seen: Set<string>, what: string, issues: Issues): string | undefined {
  const code = codeAt(v, field, issues);
  if (code === undefined) return undefined;
  if (seen.has(code)) issues.add(field, `${what}代码 "${code}" 重复：同一列表中的${what}代码必须唯一`);
  seen.add(code);
  return code;
}
