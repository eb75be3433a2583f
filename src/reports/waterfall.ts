import type { DistributionResult } from '../core/distribution';
import type { Waterfall } from './documents/run-statement.document';

/** The policy's terms as stored in a run's scenario document: only the names the documents print. */
interface StoredPolicy {
  deductions?: Array<{ code: string; name?: string }>;
  sharing?: Array<{ code: string; name?: string }>;
}

/** Names for codes a policy usually leaves unnamed. */
const DEFAULT_NAMES: Readonly<Record<string, string>> = { reserve: '公积公益金', capital: '按出资分成', operator: '运营方分成' };

const named = (code: string, list: Array<{ code: string; name?: string }> | undefined) =>
  list?.find((x) => x.code === code)?.name ?? DEFAULT_NAMES[code] ?? code;

/** The stored result's waterfall with the policy's names for deductions and buckets: figures as stored, none recomputed. */
export function waterfallOf(result: DistributionResult, policy: StoredPolicy | undefined): Waterfall {
  return {
    netProfit: result.netProfit,
    guaranteed: result.guaranteedTotal,
    operatorTopUp: result.operatorTopUp,
    deficit: result.deficit,
    surplus: result.surplus,
    deductions: result.deductions.map((d) => ({ code: d.code, name: named(d.code, policy?.deductions), amount: d.amount })),
    pool: result.pool,
    buckets: result.buckets.map((b) => ({ code: b.code, name: named(b.code, policy?.sharing), amount: b.amount })),
  };
}

/** The waterfall in one line for a notice board: 本年净收益 210000.00 元，保底分红 180000.00 元，… */
export function waterfallLine(w: Waterfall): string {
  const parts = [`本年净收益 ${w.netProfit} 元`, `保底分红 ${w.guaranteed} 元`];
  if (w.operatorTopUp !== '0.00') parts.push(`运营方补齐 ${w.operatorTopUp} 元`);
  if (w.deficit.incurred !== '0.00') parts.push(`本年亏损 ${w.deficit.incurred} 元结转以后年度弥补`);
  if (w.deficit.recovered !== '0.00') parts.push(`弥补以前年度亏损 ${w.deficit.recovered} 元`);
  parts.push(`结余 ${w.surplus} 元`);
  for (const d of w.deductions) parts.push(`提取${d.name} ${d.amount} 元`);
  parts.push(`可分配利润 ${w.pool} 元（${w.buckets.map((b) => `${b.name} ${b.amount} 元`).join('，') || '无'}）`);
  return `${parts.join('，')}。`;
}
