/**
 * `distribute`: the rulebook's waterfall and three-level split for one
 * project-year, with the identity checks run on every call.
 */
import { InvariantError } from '../errors';
import { compareCodes, setOwn } from '../codes';
import { MICRO, formatFen, formatMicro, roundHalfUp } from '../money';
import { Allocation, allocateByWeights, allocateQuotas } from './allocation';
import { capitalYear } from './capital';
import { deductionQuota } from './deductions';
import { canonicalSha256, canonicalVillageLines, inputsHash } from './hash';
import { AmountLine, DistributionResult, VillageLine } from './result';
import { Scenario } from './scenario';
import { ROUNDING_RULE, SMALLER_CODE_FIRST, capitalTexts, formatExact, rateGuaranteeText, roundingText } from './trace';
import { waterfall } from './waterfall';

const f = formatFen;
const NO_EVENTS = { events: [], days: [] };
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

  // Level 1: deductions and the pool, by their exact amounts on S1 (pool last for ties).
  const dq = policy.deductions.map((d) => deductionQuota(d, S1));
  const tieOrder = policy.deductions.map((_, i) => i).sort((a, b) => compareCodes(policy.deductions[a].code, policy.deductions[b].code));
  const poolNum = S1 * MICRO - dq.reduce((sum, q) => sum + q.num, 0n);
  if (poolNum < 0n) throw new InvariantError(`各项提取超过了可分配盈余 ${f(S1)}`);
  const level1 = allocateQuotas(S1, [...tieOrder.map((i) => dq[i].num), poolNum], MICRO);
  const deductionAmounts: bigint[] = new Array(dq.length);
  tieOrder.forEach((i, k) => (deductionAmounts[i] = level1.amounts[k]));
  const pool = level1.amounts[dq.length];

  // Level 2: the pool into buckets by share (ties by bucket code).
  const buckets = policy.sharing;
  const bOrder = buckets.map((_, i) => i).sort((a, b) => compareCodes(buckets[a].code, buckets[b].code));
  const level2 = allocateQuotas(
    pool,
    bOrder.map((i) => pool * buckets[i].share),
    MICRO,
  );
  const bucketAmounts: bigint[] = new Array(buckets.length);
  bOrder.forEach((i, k) => (bucketAmounts[i] = level2.amounts[k]));

  // Level 3: each village bucket across the participants (in code order, which is the tie order).
  const level3: (Allocation | null)[] = buckets.map((b, i) => {
    if (b.kind === 'payee') return null;
    const weights = b.kind === 'capital' ? capNum : part.map((code) => b.weights.get(code) ?? 0n);
    return allocateByWeights(bucketAmounts[i], weights, `policy.sharing[${i}].weights`, `分配项 "${b.code}"`);
  });

  // Village lines with their traces. Texts shared by every village are built once per bucket.
  let capTotal = 0n;
  for (const c of capNum) capTotal += c;
  const shareHead = buckets.map((b, i) => {
    if (b.kind === 'payee') return `本项整项付给收款方 ${b.payee.code}，各村 0.00`;
    const amount = f(bucketAmounts[i]);
    if (bucketAmounts[i] === 0n) return `本项可分 ${amount}，本村 0.00`;
    return b.kind === 'capital' ? `${amount} × C / ΣC = ${amount} × ` : `${amount} × 权重 / 权重合计 = ${amount} × `;
  });
  const shareTail = buckets.map((b, i) =>
    b.kind === 'capital' ? ` / ${formatExact(capTotal, D)} = ` : b.kind === 'weights' ? ` / ${formatMicro(level3[i]!.den)} = ` : '',
  );
  const villages: VillageLine[] = new Array(n);
  let paidToVillages = 0n;
  for (let v = 0; v < n; v++) {
    const code = part[v];
    const held = cap.byVillage.get(code) ?? NO_EVENTS;
    const events = held.events;
    const { lines, expr } = capitalTexts(held, cap.days, timeWeighted);
    const cExact = formatExact(capNum[v], D);
    const capitalBase = f(roundHalfUp(capNum[v], D));
    const shares: Record<string, string> = {};
    const shareTrace: Record<string, string> = {};
    let total = guaranteed[v];
    for (let b = 0; b < buckets.length; b++) {
      const bucket = buckets[b];
      const alloc = level3[b];
      const amount = alloc ? alloc.amounts[v] : 0n;
      total += amount;
      setOwn(shares, bucket.code, f(amount));
      let text = shareHead[b];
      if (alloc && bucketAmounts[b] !== 0n) {
        const weight = bucket.kind === 'weights' ? bucket.weights.get(code) : capNum[v];
        if (weight === undefined) text = '约定的权重中没有本村：0.00';
        else text += `${bucket.kind === 'capital' ? cExact : formatMicro(weight)}${shareTail[b]}${roundingText(alloc, v)}`;
      }
      setOwn(shareTrace, bucket.code, text);
    }
    paidToVillages += total;
    const g = guaranteed[v];
    villages[v] = {
      code,
      capitalBase,
      guaranteed: f(g),
      shares,
      total: f(total),
      trace: {
        capital: lines,
        capitalBase: `出资基数 C = ${expr} = ${cExact}，四舍五入显示为 ${capitalBase}`,
        guaranteed:
          policy.guaranteed.type === 'rate'
            ? rateGuaranteeText(events.length > 1 ? 'C' : expr, policy.guaranteed.rate, capNum[v], D, g)
            : fixed!.has(code)
              ? `分配方案约定的固定保底金额：${f(g)}`
              : '约定的固定保底金额中没有本村：0.00',
        shares: shareTrace,
        total: `保底 ${f(g)} + 分成 ${buckets.map((b) => shares[b.code]).join(' + ')} = ${f(total)}`,
      },
    };
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
    villages,
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
  const resultHash = canonicalSha256({
    ...body,
    villages: canonicalVillageLines(
      villages,
      buckets.map((b) => b.code),
    ),
  });
  return { ...body, resultHash };
}

function check(text: string, ok: boolean): string {
  if (!ok) throw new InvariantError(`恒等式校验未通过：${text}`);
  return `${text} ✓`;
}
