/**
 * The rulebook's options (../shared/spec/distribution.md) as a form's state, and back: the policy document the service
 * stores, and the problems of the state keyed as the service keys them (`policy.sharing[1].share`), so a message from
 * either side lands under the same field. Rates, shares and weights stay decimal strings; sums are exact, in
 * millionths as bigints.
 */

export interface VillageAmount {
  village: string;
  value: string;
}
export interface Bracket {
  upTo: string;
  rate: string;
}
export interface Deduction {
  code: string;
  name: string;
  mode: 'rate' | 'brackets';
  rate: string;
  brackets: Bracket[];
}
export interface Bucket {
  code: string;
  name: string;
  share: string;
  mode: 'capital' | 'weights' | 'payee';
  weights: VillageAmount[];
  payeeCode: string;
  payeeName: string;
}
export interface PolicyState {
  capitalBasis: 'time_weighted' | 'year_end';
  guaranteedType: 'rate' | 'fixed';
  guaranteedRate: string;
  fixedAmounts: VillageAmount[];
  shortfall: 'operator_tops_up' | 'carry_forward';
  deductions: Deduction[];
  sharing: Bucket[];
}

export const emptyBucket = (): Bucket => ({ code: '', name: '', share: '', mode: 'capital', weights: [], payeeCode: '', payeeName: '' });
export const emptyDeduction = (): Deduction => ({ code: '', name: '', mode: 'rate', rate: '', brackets: [] });

/** The spec's defaults: 6% guaranteed, the operator tops up, no deductions, one bucket by capital. */
export function defaultPolicy(): PolicyState {
  return {
    capitalBasis: 'time_weighted',
    guaranteedType: 'rate',
    guaranteedRate: '0.06',
    fixedAmounts: [],
    shortfall: 'operator_tops_up',
    deductions: [],
    sharing: [{ ...emptyBucket(), code: 'capital', name: '按出资比例', share: '1' }],
  };
}

const pairs = (list: VillageAmount[]) => Object.fromEntries(list.map((p) => [p.village.trim(), p.value.trim()]));

/** The policy document of the state, in the spec's key order. */
export function toDocument(s: PolicyState): Record<string, unknown> {
  return {
    capitalBasis: s.capitalBasis,
    guaranteed:
      s.guaranteedType === 'rate' ? { type: 'rate', rate: s.guaranteedRate.trim() } : { type: 'fixed', amounts: pairs(s.fixedAmounts) },
    shortfall: s.shortfall,
    deductions: s.deductions.map((d) => ({
      code: d.code.trim(),
      name: d.name.trim(),
      ...(d.mode === 'rate'
        ? { rate: d.rate.trim() }
        : { brackets: d.brackets.map((b) => (b.upTo.trim() ? { upTo: b.upTo.trim(), rate: b.rate.trim() } : { rate: b.rate.trim() })) }),
    })),
    sharing: s.sharing.map((b) => ({
      code: b.code.trim(),
      name: b.name.trim(),
      share: b.share.trim(),
      ...(b.mode === 'capital'
        ? { weights: 'capital' }
        : b.mode === 'weights'
          ? { weights: pairs(b.weights) }
          : { payee: { code: b.payeeCode.trim(), name: b.payeeName.trim() } }),
    })),
  };
}

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const entries = (v: unknown): VillageAmount[] =>
  v && typeof v === 'object'
    ? Object.entries(v as Record<string, unknown>).map(([village, value]) => ({ village, value: text(value) }))
    : [];

/** The state of a stored document (missing options take the spec's defaults); throws on what the form cannot show. */
export function fromDocument(doc: unknown): PolicyState {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('分配方案须为 JSON 对象');
  const d = doc as Record<string, unknown>;
  const g = (d.guaranteed ?? {}) as Record<string, unknown>;
  const s = defaultPolicy();
  s.capitalBasis = d.capitalBasis === 'year_end' ? 'year_end' : 'time_weighted';
  s.shortfall = d.shortfall === 'carry_forward' ? 'carry_forward' : 'operator_tops_up';
  s.guaranteedType = g.type === 'fixed' ? 'fixed' : 'rate';
  s.guaranteedRate = text(g.rate);
  s.fixedAmounts = entries(g.amounts);
  s.deductions = ((d.deductions ?? []) as Array<Record<string, unknown>>).map((x) => ({
    code: text(x.code),
    name: text(x.name),
    mode: x.brackets ? 'brackets' : 'rate',
    rate: text(x.rate),
    brackets: ((x.brackets ?? []) as Array<Record<string, unknown>>).map((b) => ({ upTo: text(b.upTo), rate: text(b.rate) })),
  }));
  if (d.sharing !== undefined) {
    s.sharing = (d.sharing as Array<Record<string, unknown>>).map((b) => {
      const payee = (b.payee ?? {}) as Record<string, unknown>;
      return {
        code: text(b.code),
        name: text(b.name),
        share: text(b.share),
        mode: b.payee ? 'payee' : b.weights === 'capital' ? 'capital' : 'weights',
        weights: b.weights === 'capital' ? [] : entries(b.weights),
        payeeCode: text(payee.code),
        payeeName: text(payee.name),
      };
    });
  }
  return s;
}

const RATE = /^(0(\.\d{1,6})?|1(\.0{1,6})?)$/;
const WEIGHT = /^\d{1,12}(\.\d{1,6})?$/;
const MONEY = /^\d{1,12}(\.\d{1,2})?$/;
const CODE = /^[A-Za-z0-9_-]{1,32}$/;

/** A rate, share or weight in millionths. */
export function micro(value: string): bigint {
  const [whole, frac = ''] = value.trim().split('.');
  return BigInt(whole) * 1_000_000n + BigInt(frac.padEnd(6, '0'));
}

/** Millionths back to a decimal: 900000n → "0.9". */
export function formatMicro(value: bigint): string {
  const frac = String(value % 1_000_000n)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return frac ? `${value / 1_000_000n}.${frac}` : String(value / 1_000_000n);
}

/** Every problem of the state, by the service's field names; empty when the form may be sent. */
export function policyIssues(s: PolicyState, villageCodes?: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (field: string, message: string) => (out[`policy.${field}`] ??= message);
  const village = (field: string, code: string) => {
    if (!code.trim()) add(field, '请填写村代码');
    else if (villageCodes && !villageCodes.includes(code.trim())) add(field, `未知的村 "${code.trim()}"：只能填写本项目的村`);
  };
  const code = (field: string, value: string, seen: Set<string>, what: string) => {
    if (!CODE.test(value.trim())) add(field, `${what}代码须为 1 到 32 个字母、数字、- 或 _`);
    else if (seen.has(value.trim())) add(field, `${what}代码 "${value.trim()}" 重复`);
    seen.add(value.trim());
  };

  if (s.guaranteedType === 'rate') {
    if (!RATE.test(s.guaranteedRate.trim())) add('guaranteed.rate', '保底比例须为 0 到 1 之间的小数，最多 6 位小数，如 0.06');
  } else {
    if (!s.fixedAmounts.length) add('guaranteed.amounts', '请至少填写一个村的保底金额');
    s.fixedAmounts.forEach((p, i) => {
      village(`guaranteed.amounts[${i}].village`, p.village);
      if (!MONEY.test(p.value.trim())) add(`guaranteed.amounts[${i}].value`, '金额须为不小于 0 的数，最多两位小数');
    });
  }

  const deductionCodes = new Set<string>();
  let highest = 0n;
  s.deductions.forEach((d, i) => {
    const at = `deductions[${i}]`;
    code(`${at}.code`, d.code, deductionCodes, '提取项');
    if (!d.name.trim()) add(`${at}.name`, '请填写名称');
    if (d.mode === 'rate') {
      if (!RATE.test(d.rate.trim())) add(`${at}.rate`, '比例须为 0 到 1 之间的小数，最多 6 位小数');
      else highest += micro(d.rate);
      return;
    }
    if (!d.brackets.length) add(`${at}.brackets`, '分档提取至少要有一档');
    let prev: bigint | null = null;
    let top = 0n;
    d.brackets.forEach((b, j) => {
      const f = `${at}.brackets[${j}]`;
      const last = j === d.brackets.length - 1;
      if (!RATE.test(b.rate.trim())) add(`${f}.rate`, '比例须为 0 到 1 之间的小数，最多 6 位小数');
      else if (micro(b.rate) > top) top = micro(b.rate);
      if (last && b.upTo.trim()) add(`${f}.upTo`, '最后一档不写上限：它涵盖上一档上限以上的全部金额');
      if (!last) {
        if (!MONEY.test(b.upTo.trim()) || /^0+(\.0+)?$/.test(b.upTo.trim())) add(`${f}.upTo`, '分档上限须为大于零的金额');
        else {
          const x = BigInt(b.upTo.trim().split('.')[0]) * 100n + BigInt((b.upTo.trim().split('.')[1] ?? '').padEnd(2, '0'));
          if (prev !== null && x <= prev) add(`${f}.upTo`, '各档上限须逐档递增');
          prev = x;
        }
      }
    });
    highest += top;
  });
  if (highest >= 1_000_000n) add('deductions', '各项提取的最高比例之和须小于 1，否则提取后就没有可分配的余额了');

  const bucketCodes = new Set<string>();
  let shares = 0n;
  let sharesKnown = true;
  if (!s.sharing.length) add('sharing', '至少要有一个分配项');
  s.sharing.forEach((b, i) => {
    const at = `sharing[${i}]`;
    code(`${at}.code`, b.code, bucketCodes, '分配项');
    if (!b.name.trim()) add(`${at}.name`, '请填写名称');
    if (!RATE.test(b.share.trim())) {
      add(`${at}.share`, '份额须为 0 到 1 之间的小数，最多 6 位小数');
      sharesKnown = false;
    } else shares += micro(b.share);
    if (b.mode === 'weights') {
      if (!b.weights.length) add(`${at}.weights`, '请至少填写一个村的权重');
      b.weights.forEach((w, j) => {
        village(`${at}.weights[${j}].village`, w.village);
        if (!WEIGHT.test(w.value.trim())) add(`${at}.weights[${j}].value`, '权重须为不小于 0 的数，最多 6 位小数');
      });
    }
    if (b.mode === 'payee') {
      if (!CODE.test(b.payeeCode.trim())) add(`${at}.payee.code`, '收款方代码须为 1 到 32 个字母、数字、- 或 _');
      if (!b.payeeName.trim()) add(`${at}.payee.name`, '请填写收款方名称');
    }
  });
  if (sharesKnown && s.sharing.length && shares !== 1_000_000n) {
    add('sharing', `各分配项的份额之和须正好为 1（现在是 ${formatMicro(shares)}）`);
  }
  return out;
}
