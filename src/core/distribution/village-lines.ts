/**
 * The result's village lines: each participant's amounts and the trace that
 * explains them, from the engine's exact figures. The texts shared by every
 * village (a bucket's head and tail) are made once; a line is made once, when
 * it is hashed (engine.ts), so that a large result holds each text as one flat
 * string and no temporary pieces.
 */
import { setOwn } from '../codes';
import { formatFen, formatMicro, roundHalfUp } from '../money';
import { Allocation } from './allocation';
import { CapitalYear } from './capital';
import { Bucket, Guaranteed } from './policy';
import { VillageLine } from './result';
import { capitalTexts, formatExact, rateGuaranteeText, roundingText } from './trace';

const f = formatFen;

/** The engine's figures a village line is made from; arrays are per participant, in code order. */
export interface VillageFigures {
  cap: CapitalYear;
  timeWeighted: boolean;
  guaranteedRule: Guaranteed;
  buckets: readonly Bucket[];
  bucketAmounts: readonly bigint[];
  /** Per bucket: the split across the participants, null for a payee's bucket. */
  level3: readonly (Allocation | null)[];
  part: readonly string[];
  /** C_v as numerators over D. */
  capNum: readonly bigint[];
  guaranteed: readonly bigint[];
  /** Guaranteed plus every share. */
  totals: readonly bigint[];
}

/** A function making participant v's line (its amounts and trace). */
export function villageLines(x: VillageFigures): (v: number) => VillageLine {
  const { cap, timeWeighted, guaranteedRule: rule, buckets, bucketAmounts, level3, part, capNum } = x;
  const D = BigInt(cap.days);
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

  const rateText = rule.type === 'rate' ? rateGuaranteeText(rule.rate, D) : undefined;

  return (v) => {
    const code = part[v];
    const own = cap.byVillage.get(code);
    const held = { events: cap.events, days: cap.held, from: own?.from ?? 0, to: own?.to ?? 0 };
    const { lines, expr } = capitalTexts(held, cap.days, timeWeighted);
    const cExact = formatExact(capNum[v], D);
    const capitalBase = f(roundHalfUp(capNum[v], D));
    const shares: Record<string, string> = {};
    const shareTrace: Record<string, string> = {};
    let sharesSum = '';
    for (let b = 0; b < buckets.length; b++) {
      const bucket = buckets[b];
      const alloc = level3[b];
      const amount = f(alloc ? alloc.amounts[v] : 0n);
      setOwn(shares, bucket.code, amount);
      sharesSum += b ? ' + ' + amount : amount;
      let text = shareHead[b];
      if (alloc && bucketAmounts[b] !== 0n) {
        const weight = bucket.kind === 'weights' ? bucket.weights.get(code) : capNum[v];
        if (weight === undefined) text = '约定的权重中没有本村：0.00';
        else text += `${bucket.kind === 'capital' ? cExact : formatMicro(weight)}${shareTail[b]}${roundingText(alloc, v)}`;
      }
      setOwn(shareTrace, bucket.code, text);
    }
    const g = x.guaranteed[v];
    const total = f(x.totals[v]);
    return {
      code,
      capitalBase,
      guaranteed: f(g),
      shares,
      total,
      trace: {
        capital: lines,
        capitalBase: `出资基数 C = ${expr} = ${cExact}，四舍五入显示为 ${capitalBase}`,
        guaranteed:
          rule.type === 'rate'
            ? rateText!(held.to - held.from > 1 ? 'C' : expr, capNum[v], g)
            : rule.amounts.has(code)
              ? `分配方案约定的固定保底金额：${f(g)}`
              : '约定的固定保底金额中没有本村：0.00',
        shares: shareTrace,
        total: `保底 ${f(g)} + 分成 ${sharesSum} = ${total}`,
      },
    };
  };
}
