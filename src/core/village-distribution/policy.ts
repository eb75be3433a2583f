/**
 * The village's distribution policy (spec households.md "The village's distribution policy"): what it keeps from
 * its income (a rate on the total income, or a fixed amount) and a weight per share kind. Every rule checked at once,
 * each issue naming its field (policy.keeps[1].amount) in Chinese.
 *
 *   {"keeps":[{"code":"reserve","name":"公积公益金","rate":"0.10"},{"code":"welfare","name":"公益事业","amount":"2000.00"}],
 *    "weights":{"POP":"1","LAB":"0.5"}}
 */
import { setOwn } from '../codes';
import { ValidationError } from '../errors';
import { MICRO, formatFen, formatMicro } from '../money';
import { canonicalJson } from '../distribution/hash';
import { Issues, arrayAt, codeAt, isObject, join, moneyAt, nameAt, objectAt, rateAt, weightAt } from '../distribution/validate';

/** A keep: a rate (millionths) on the total income, or a fixed amount (fen). */
export type Keep =
  { code: string; name?: string; kind: 'rate'; rate: bigint } | { code: string; name?: string; kind: 'amount'; amount: bigint };

export interface VillagePolicy {
  keeps: Keep[];
  /** Share kind code → weight in millionths, in the document's order. */
  weights: ReadonlyMap<string, bigint>;
}

/**
 * Validates a village policy document. `kindCodes`, when given, are the share kinds a weight may name (a register's
 * kinds); without it any kind code is taken and the run checks the register's kinds against it.
 */
export function parseVillagePolicy(input: unknown, kindCodes?: ReadonlySet<string>, at = 'policy'): VillagePolicy {
  const issues = new Issues();
  const o = objectAt(input, at, ['weights'], ['keeps'], issues);
  const keeps = o && o.keeps !== undefined ? checkKeeps(o.keeps, join(at, 'keeps'), issues) : [];
  const weights = o && o.weights !== undefined ? checkWeights(o.weights, kindCodes, join(at, 'weights'), issues) : undefined;
  if (issues.count > 0 || !weights) throw new ValidationError(issues.list);
  return { keeps, weights };
}

function checkKeeps(v: unknown, at: string, issues: Issues): Keep[] {
  const list = arrayAt(v, at, issues);
  if (!list) return [];
  const out: Keep[] = [];
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const f = `${at}[${i}]`;
    const o = objectAt(item, f, ['code'], ['name', 'rate', 'amount'], issues);
    if (!o) return;
    const code = o.code === undefined ? undefined : codeAt(o.code, join(f, 'code'), issues);
    if (code !== undefined) {
      if (seen.has(code)) issues.add(join(f, 'code'), `提留项代码 "${code}" 重复：各提留项的代码必须唯一`);
      seen.add(code);
    }
    const name = nameAt(o.name, join(f, 'name'), issues);
    const hasRate = o.rate !== undefined;
    const hasAmount = o.amount !== undefined;
    if (hasRate === hasAmount) {
      issues.add(
        f,
        `每个提留项须有 "rate"（按收益合计的比例）或 "amount"（固定金额），且只能有其中一个；这一项${hasRate ? '两个都有' : '两个都没有'}`,
      );
      return;
    }
    const named = { code: code as string, ...(name !== undefined && { name }) };
    if (hasRate) {
      const rate = rateAt(o.rate, join(f, 'rate'), issues);
      if (code !== undefined && rate !== undefined) out.push({ ...named, kind: 'rate', rate });
      return;
    }
    const amount = moneyAt(o.amount, join(f, 'amount'), issues, 1n, '固定提留金额须大于零，例如 "2000.00"');
    if (code !== undefined && amount !== undefined) out.push({ ...named, kind: 'amount', amount });
  });
  const rates = out.reduce((sum, k) => sum + (k.kind === 'rate' ? k.rate : 0n), 0n);
  if (out.length === list.length && rates >= MICRO) {
    issues.add(at, `各提留项的比例之和须小于 1（现在是 ${formatMicro(rates)}），否则就没有留给成员分配的收益了`);
  }
  return out;
}

function checkWeights(v: unknown, kindCodes: ReadonlySet<string> | undefined, at: string, issues: Issues): Map<string, bigint> | undefined {
  if (!isObject(v)) {
    issues.add(at, '须为 JSON 对象，键为股种代码，值为该股种每股的权重，例如 {"POP": "1", "LAB": "0.5"}');
    return undefined;
  }
  const before = issues.count;
  const out = new Map<string, bigint>();
  for (const [k, val] of Object.entries(v)) {
    const f = join(at, k);
    if (codeAt(k, f, issues) === undefined) continue;
    if (kindCodes && !kindCodes.has(k)) issues.add(f, `未知的股种 "${k}"：只能填写股权登记中的股种`);
    const w = weightAt(val, f, issues);
    if (w !== undefined) out.set(k, w);
  }
  if (issues.count === before && ![...out.values()].some((w) => w > 0n)) {
    issues.add(at, '至少要有一个股种的权重大于零，否则收益没有人能分到');
  }
  return issues.count > before ? undefined : out;
}

/** The policy as a plain JSON document in canonical field form (amounts "2000.00", rates and weights shortest). */
export function villagePolicyDocument(p: VillagePolicy): Record<string, unknown> {
  const weights: Record<string, string> = {};
  for (const [k, w] of p.weights) setOwn(weights, k, formatMicro(w));
  return {
    keeps: p.keeps.map((k) => ({
      code: k.code,
      ...(k.name !== undefined && { name: k.name }),
      ...(k.kind === 'rate' ? { rate: formatMicro(k.rate) } : { amount: formatFen(k.amount) }),
    })),
    weights,
  };
}

/** Canonical JSON of the policy (docs/hashing.md's canonical form): equal for documents that mean the same. */
export function villagePolicyJson(p: VillagePolicy): string {
  return canonicalJson(villagePolicyDocument(p));
}
