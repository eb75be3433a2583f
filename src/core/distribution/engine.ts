/**
 * `distribute`: the rulebook's waterfall and three-level split for one
 * project-year, with the identity checks run on every call.
 */
import { InvariantError } from '../errors';
import { compareCodes } from '../codes';
import { MICRO, formatFen, roundHalfUp } from '../money';
import { capitalYear } from './capital';
import { canonicalSha256, canonicalVillageLines, inputsHash } from './hash';
import { AmountLine, DistributionResult, VillageLine } from './result';
import { Scenario } from './scenario';
import { ROUNDING_RULE, SMALLER_CODE_FIRST, formatExact, roundingText } from './trace';
import { splitSurplus } from './split';
import { villageLines } from './village-lines';
import { waterfall } from './waterfall';

const f = formatFen;
/** The capital basis as the explanation names it. */
const BASIS = { time_weighted: '按持有天数加权计算（time_weighted）', year_end: '按年末余额计算（year_end）' } as const;

export function distribute(s: Scenario): DistributionResult {
  const { policy } = s;
  const timeWeighted = policy.capitalBasis === 'time_weighted';
  const cap = capitalYear(s.year, policy.capitalBasis, s.contributions);
  const D = BigInt(cap.days);

  // Participants: C_v > 0 or a fixed guarantee above zero, in code order.
  const fixed = policy.guaranteed.type === 'fixed' ? policy.guaranteed.amounts : undefined;
  const codes = s.villages.map((v) => v.code).sort(compareCodes);
  const part: string[] = [];
  const capNum: bigint[] = [];
  for (const code of codes) {
    const num = cap.byVillage.get(code)?.num ?? 0n;
    if (num > 0n || (fixed?.get(code) ?? 0n) > 0n) {
      part.push(code);
      capNum.push(num);
    }
  }
  const n = part.length;

  // Step 1: guaranteed dividends.
  const guaranteed: bigint[] = new Array(n);
  let G = 0n;
  for (let i = 0; i < n; i++) {
    const g = policy.guaranteed.type === 'rate' ? roundHalfUp(capNum[i] * policy.guaranteed.rate, D * MICRO) : (fixed!.get(part[i]) ?? 0n);
    guaranteed[i] = g;
    G += g;
  }

  // Steps 2–4.
  const N = s.result.revenue - s.result.costs;
  const w = waterfall(N, G, s.deficitBroughtForward, policy.shortfall);
  const S1 = w.S1;

  // Levels 1–3: deductions and the pool on S1, the pool into buckets, each village bucket across the participants.
  const buckets = policy.sharing;
  const { dq, tieOrder, level1, deductionAmounts, pool, bOrder, level2, bucketAmounts, level3 } = splitSurplus(
    S1,
    policy.deductions,
    buckets,
    (b) => (b.kind === 'capital' ? capNum : part.map((code) => b.weights.get(code) ?? 0n)),
  );

  // Each participant's total first: the checks need their sum, and the lines are made only when hashed (below).
  const totals: bigint[] = new Array(n);
  let paidToVillages = 0n;
  for (let v = 0; v < n; v++) {
    let total = guaranteed[v];
    for (const alloc of level3) if (alloc) total += alloc.amounts[v];
    totals[v] = total;
    paidToVillages += total;
  }

  const deductions: AmountLine[] = policy.deductions.map((d, i) => ({ code: d.code, amount: f(deductionAmounts[i]) }));
  const bucketLines: AmountLine[] = buckets.map((b, i) => ({ code: b.code, amount: f(bucketAmounts[i]) }));
  const payees = buckets.flatMap((b, i) =>
    b.kind === 'payee' ? [{ code: b.payee.code, bucket: b.code, amount: f(bucketAmounts[i]) }] : [],
  );

  // The rulebook's identity, and the sums every level must keep.
  const sumDeductions = deductionAmounts.reduce((a, b) => a + b, 0n);
  const sumBuckets = bucketAmounts.reduce((a, b) => a + b, 0n);
  const sumPayees = buckets.reduce((a, b, i) => a + (b.kind === 'payee' ? bucketAmounts[i] : 0n), 0n);
  const checks = [
    check(`N + T + I = G + R + S1：${f(N + w.T + w.I)} = ${f(G + w.R + S1)}`, N + w.T + w.I === G + w.R + S1),
    check(`S1 = Σ提取 + Σ分配项：${f(S1)} = ${f(sumDeductions)} + ${f(sumBuckets)}`, S1 === sumDeductions + sumBuckets),
    check(`提取后余额 = Σ分配项：${f(pool)} = ${f(sumBuckets)}`, pool === sumBuckets),
    check(
      `分出合计 = G + S1：各村 ${f(paidToVillages)} + 收款方 ${f(sumPayees)} + 提取 ${f(sumDeductions)} = ${f(G + S1)}`,
      paidToVillages + sumPayees + sumDeductions === G + S1,
    ),
    check(`结转下年亏损不为负：${f(w.carriedForward)}`, w.carriedForward >= 0n),
  ];

  const year = String(s.year).padStart(4, '0');
  const body = {
    project: s.project.code,
    year: s.year,
    netProfit: f(N),
    guaranteedTotal: f(G),
    operatorTopUp: f(w.T),
    deficit: { broughtForward: f(w.B), recovered: f(w.R), incurred: f(w.I), carriedForward: f(w.carriedForward) },
    surplus: f(S1),
    deductions,
    pool: f(pool),
    buckets: bucketLines,
    villages: new Array<VillageLine>(n),
    payees,
    explanation: {
      year: `${year}-01-01 至 ${year}-12-31，全年 D = ${cap.days} 天；出资基数${BASIS[policy.capitalBasis]}；参与分配的村 ${n} 个（出资基数 C > 0，或约定了大于零的固定保底）`,
      waterfall: [
        `本年净收益 N = 经营收入 − 经营支出 = ${f(s.result.revenue)} − ${f(s.result.costs)} = ${f(N)}`,
        `保底分红合计 G = 各参与村保底分红之和 = ${f(G)}`,
        `以前年度结转亏损 B = ${f(w.B)}`,
        ...w.lines,
      ],
      deductions: [
        ...policy.deductions.map((d, i) => `${d.code}：${dq[i].formula} = ${roundingText(level1, tieOrder.indexOf(i))}`),
        `提取后余额：S1 − 各项提取的精确额 = ${roundingText(level1, dq.length, `${SMALLER_CODE_FIRST}（提取后余额排在所有提取项之后）`)}`,
      ],
      buckets: buckets.map(
        (b, i) =>
          `${b.code}：提取后余额 ${f(pool)} × 比例 ${formatExact(b.share * 100n, MICRO)} = ${roundingText(level2, bOrder.indexOf(i))}${b.kind === 'payee' ? `，整项付给收款方 ${b.payee.code}` : ''}`,
      ),
      checks,
      rounding: ROUNDING_RULE,
    },
    inputsHash: inputsHash(s),
  };
  // The village lines are made while they are hashed, a batch at a time: hashing flattens each batch's texts while
  // they are young, so a result of 100,000 villages keeps one flat string per text and none of the pieces.
  const line = villageLines({
    cap,
    timeWeighted,
    guaranteedRule: policy.guaranteed,
    buckets,
    bucketAmounts,
    level3,
    part,
    capNum,
    guaranteed,
    totals,
  });
  const resultHash = canonicalSha256({
    ...body,
    villages: canonicalVillageLines(
      n,
      (v) => (body.villages[v] = line(v)),
      buckets.map((b) => b.code),
    ),
  });
  return { ...body, resultHash };
}

function check(text: string, ok: boolean): string {
  if (!ok) throw new InvariantError(`恒等式校验未通过：${text}`);
  return `${text} ✓`;
}
