/**
 * `distributeToMembers`: the village's income for a year to its member households (spec households.md). It is the
 * rulebook's levels 1–3 through the project engine's own `splitSurplus`: level 1 the keeps and what is left for the
 * members on the total income, level 2 one bucket (everything left), level 3 that across the households by their
 * weights (Σ units × the kind's weight), largest remainder to the fen, ties by the larger quota, then the smaller
 * household code. No guarantees, no waterfall. The identity checks run on every call.
 */
import { compareCodes, setOwn } from '../codes';
import { InvariantError, ValidationError } from '../errors';
import { MICRO, formatFen, formatMicro } from '../money';
import { Bucket } from '../distribution/policy';
import { canonicalSha256 } from '../distribution/hash';
import { splitSurplus } from '../distribution/split';
import { formatExact, roundingText } from '../distribution/trace';
import { Keep, VillagePolicy, villagePolicyDocument } from './policy';

const f = formatFen;
/** Household weights are units (millionths) × kind weights (millionths): over 10^12. */
const WEIGHT_DEN = MICRO * MICRO;
/** The one bucket of level 2: everything left after the keeps. */
const MEMBERS = 'MEMBERS';

export interface MemberDistributionInput {
  village: { code: string; name?: string };
  year: number;
  /** Amounts in fen: each project's declared dividend for the year, and the other income entered. */
  income: { projects: { code: string; name: string; amount: bigint }[]; other: bigint };
  policy: VillagePolicy;
  /** The register's share kinds. */
  kinds: { code: string; name: string }[];
  /** The households sharing: every one is listed in the result (0.00 when its weight is 0). */
  households: { code: string; name?: string }[];
  /** Units in millionths (numeric(18,6)); at most one holding per household and kind. */
  holdings: { household: string; kind: string; units: bigint }[];
}

export interface MemberLine {
  code: string;
  /** Units by kind code, every kind of the register ("0" when none), shortest decimals. */
  units: Record<string, string>;
  /** Σ units × kind weight, exact (up to 12 decimals). */
  weight: string;
  amount: string;
  /** units × weight = weight; shared × w / Σw = exact → rounded. */
  trace: string;
}

export interface MemberDistributionResult {
  village: string;
  year: number;
  income: { projects: { code: string; name: string; amount: string }[]; other: string; total: string };
  keeps: { code: string; name: string; amount: string }[];
  kept: string;
  shared: string;
  kinds: { code: string; name: string; weight: string }[];
  households: MemberLine[];
  explanation: { income: string[]; keeps: string[]; shares: string[]; checks: string[]; rounding: string };
  /** SHA-256 of the canonical normalized inputs (independent of the order households, kinds and holdings came in). */
  inputsHash: string;
  /** SHA-256 of the canonical result without this field. */
  resultHash: string;
}

export const MEMBER_ROUNDING_RULE =
  '两层分配（第一层：各提留项与留给成员分配的收益；第二层：各户）都用最大余数法：' +
  '各方先得其精确应分额向下取整到分；余下的分按小数部分从大到小，每方 1 分，分完为止；' +
  '小数部分相同时，应分额较大者优先，再相同时代码较小者优先（户按户编码，按 ASCII 顺序）；第一层中，留给成员分配的收益排在所有提留项之后。';

/** An exact decimal over 10^12 with its trailing zeros dropped ("19", "0.75"). */
function formatWeight(w: bigint): string {
  const int = w / WEIGHT_DEN;
  const frac = (w % WEIGHT_DEN).toString().padStart(12, '0').replace(/0+$/, '');
  return frac ? `${int}.${frac}` : `${int}`;
}

function byCode<T extends { code: string }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => compareCodes(a.code, b.code));
}

export function distributeToMembers(input: MemberDistributionInput): MemberDistributionResult {
  const { policy } = input;
  const kinds = byCode(input.kinds);
  const households = byCode(input.households);
  const projects = byCode(input.income.projects);
  checkUnique(kinds, 'kinds', '股种');
  checkUnique(households, 'households', '户');
  checkUnique(projects, 'income.projects', '项目');

  // Holdings by household and kind; every kind held must have a weight in the policy.
  const kindIndex = new Map(kinds.map((k, i) => [k.code, i]));
  const hhIndex = new Map(households.map((h, i) => [h.code, i]));
  const units: bigint[][] = households.map(() => new Array<bigint>(kinds.length).fill(0n));
  const seen = new Set<string>();
  input.holdings.forEach((h, i) => {
    const hi = hhIndex.get(h.household);
    const ki = kindIndex.get(h.kind);
    if (hi === undefined) throw ValidationError.of(`holdings[${i}].household`, `户 "${h.household}" 不在本村的成员名单中`);
    if (ki === undefined) throw ValidationError.of(`holdings[${i}].kind`, `股种 "${h.kind}" 不在股权登记的股种中`);
    if (h.units < 0n) throw ValidationError.of(`holdings[${i}].units`, '股数不能为负数');
    const key = `${hi}:${ki}`;
    if (seen.has(key)) throw ValidationError.of(`holdings[${i}]`, `户 "${h.household}" 的股种 "${h.kind}" 登记了两次`);
    seen.add(key);
    units[hi][ki] = h.units;
  });
  const kindWeights = kinds.map((k, ki) => {
    const w = policy.weights.get(k.code);
    if (w === undefined) {
      if (units.some((u) => u[ki] > 0n)) {
        throw ValidationError.of(
          `policy.weights.${k.code}`,
          `股权登记中有股种 "${k.code}"（${k.name}），分配方案没有给它权重：请在方案的 weights 中写上`,
        );
      }
      return 0n;
    }
    return w;
  });

  // Income.
  let total = input.income.other;
  for (const p of projects) total += p.amount;
  if (total < 0n) throw ValidationError.of('income', `本年可分配收益合计为 ${f(total)}，是负数，不能分配`);

  // Keeps beyond the income are the policy's mistake for this year's income: said, not an invariant.
  const keepQuota = policy.keeps.reduce((sum, k) => sum + (k.kind === 'rate' ? total * k.rate : k.amount * MICRO), 0n);
  if (keepQuota > total * MICRO) {
    throw ValidationError.of(
      'policy.keeps',
      `各项提留合计 ${formatExact(keepQuota, MICRO)} 超过了本年可分配收益 ${f(total)}：请减少固定提留金额或比例`,
    );
  }

  // Household weights: Σ units × kind weight (over 10^12).
  const weights = units.map((u) => u.reduce((sum, x, ki) => sum + x * kindWeights[ki], 0n));
  const weightSum = weights.reduce((a, b) => a + b, 0n);
  const sharedQuota = total * MICRO - keepQuota;
  if (weightSum === 0n && sharedQuota > 0n) {
    throw ValidationError.of('policy.weights', '没有一户的权重大于零（各户的股数 × 股种权重之和都是零），留给成员分配的收益没有人能分到');
  }

  const bucket: Bucket = { code: MEMBERS, share: MICRO, kind: 'weights', weights: new Map(households.map((h, i) => [h.code, weights[i]])) };
  const split = splitSurplus(total, policy.keeps, [bucket], () => weights);
  const { dq, tieOrder, level1, deductionAmounts: keepAmounts, pool: shared } = split;
  const alloc = split.level3[0]!;

  const kindWeightText = kinds.map((k, ki) => `${k.code} ${formatMicro(kindWeights[ki])}`);
  const lines: MemberLine[] = households.map((h, i) => {
    const u: Record<string, string> = {};
    const terms: string[] = [];
    kinds.forEach((k, ki) => {
      setOwn(u, k.code, formatMicro(units[i][ki]));
      if (units[i][ki] > 0n) terms.push(`${k.name}（${k.code}）${formatMicro(units[i][ki])} 股 × 权重 ${formatMicro(kindWeights[ki])}`);
    });
    const w = formatWeight(weights[i]);
    const weightText = terms.length ? `户权重 = ${terms.join(' + ')} = ${w}` : '本户没有登记股份，户权重 = 0';
    const share =
      weights[i] === 0n || shared === 0n
        ? `户权重为零或可分配额为零，分得 0.00`
        : `${f(shared)} × ${w} / ${formatWeight(weightSum)} = ${roundingText(alloc, i)}`;
    return { code: h.code, units: u, weight: w, amount: f(alloc.amounts[i]), trace: `${weightText}；${share}` };
  });

  // The identities every level keeps.
  const kept = keepAmounts.reduce((a, b) => a + b, 0n);
  const paid = alloc.amounts.reduce((a, b) => a + b, 0n);
  const checks = [
    check(`收益合计 = Σ提留 + 留给成员分配：${f(total)} = ${f(kept)} + ${f(shared)}`, total === kept + shared),
    check(`留给成员分配 = Σ各户：${f(shared)} = ${f(paid)}`, shared === paid),
    check(`Σ各户 + Σ提留 = 收益合计：${f(paid)} + ${f(kept)} = ${f(total)}`, paid + kept === total),
    check(
      `没有一户分得负数：共 ${households.length} 户`,
      alloc.amounts.every((a) => a >= 0n),
    ),
  ];

  const keepName = (k: Keep) => k.name ?? k.code;
  const unused = [...policy.weights.keys()].filter((code) => !kindIndex.has(code)).sort(compareCodes);
  const zero = weights.filter((w) => w === 0n).length;
  const body = {
    village: input.village.code,
    year: input.year,
    income: {
      projects: projects.map((p) => ({ code: p.code, name: p.name, amount: f(p.amount) })),
      other: f(input.income.other),
      total: f(total),
    },
    keeps: policy.keeps.map((k, i) => ({ code: k.code, name: keepName(k), amount: f(keepAmounts[i]) })),
    kept: f(kept),
    shared: f(shared),
    kinds: kinds.map((k, ki) => ({ code: k.code, name: k.name, weight: formatMicro(kindWeights[ki]) })),
    households: lines,
    explanation: {
      income: [
        ...projects.map((p) => `项目 ${p.code}（${p.name}）本年分红（投资收益）${f(p.amount)}`),
        `其他收入 ${f(input.income.other)}`,
        `本年可分配收益合计 = ${[...projects.map((p) => f(p.amount)), f(input.income.other)].join(' + ')} = ${f(total)}`,
      ],
      keeps: [
        ...policy.keeps.map((k, i) => `${k.code}（${keepName(k)}）：${dq[i].formula} = ${roundingText(level1, tieOrder.indexOf(i))}`),
        `留给成员分配：收益合计 − 各项提留的精确额 = ${roundingText(level1, policy.keeps.length, '代码较小者优先（留给成员分配的收益排在所有提留项之后）')}`,
      ],
      shares: [
        `各股种每股权重：${kindWeightText.join('、') || '无'}`,
        ...(unused.length ? [`分配方案中的股种 ${unused.join('、')} 不在本次股权登记中，不参与计算`] : []),
        `户权重 = Σ 该户各股种股数 × 股种权重；各户权重合计 ΣW = ${formatWeight(weightSum)}`,
        `每户分得 = 留给成员分配 ${f(shared)} × 户权重 / ΣW，按最大余数法到分；共 ${households.length} 户，其中户权重为零的 ${zero} 户分得 0.00`,
      ],
      checks,
      rounding: MEMBER_ROUNDING_RULE,
    },
    inputsHash: memberInputsHash(input, kinds, households, projects),
  };
  return { ...body, resultHash: canonicalSha256(body) };
}

/** The inputs in canonical form: lists in code order, holdings by household then kind, so that order never matters. */
function memberInputsHash(
  input: MemberDistributionInput,
  kinds: { code: string; name: string }[],
  households: { code: string }[],
  projects: { code: string; name: string; amount: bigint }[],
): string {
  const holdings = input.holdings
    .filter((h) => h.units !== 0n)
    .map((h) => ({ household: h.household, kind: h.kind, units: formatMicro(h.units) }))
    .sort((a, b) => compareCodes(a.household, b.household) || compareCodes(a.kind, b.kind));
  return canonicalSha256({
    village: input.village.code,
    year: input.year,
    income: { projects: projects.map((p) => ({ code: p.code, name: p.name, amount: f(p.amount) })), other: f(input.income.other) },
    policy: villagePolicyDocument(input.policy),
    kinds: kinds.map((k) => ({ code: k.code, name: k.name })),
    households: households.map((h) => h.code),
    holdings,
  });
}

function checkUnique(list: { code: string }[], field: string, what: string): void {
  for (let i = 1; i < list.length; i++) {
    if (list[i].code === list[i - 1].code) throw ValidationError.of(field, `${what}代码 "${list[i].code}" 重复`);
  }
}

function check(text: string, ok: boolean): string {
  if (!ok) throw new InvariantError(`恒等式校验未通过：${text}`);
  return `${text} ✓`;
}
