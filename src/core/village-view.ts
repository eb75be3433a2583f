/**
 * One rule for what a treasurer (村报账员) sees of a project their village takes part in: least privilege plus the
 * project's totals. Their own village's lines in full (amounts, traces, bank references, payments, and the vouchers
 * and balances of its 211/301 sub-accounts); of any other village, nothing that the project's totals do not already
 * say. These functions cut each kind of document; platform/access/treasurer-view.ts finds whose view a request has
 * (README, "Users and sign-in"; docs/architecture.md, "What a treasurer sees").
 */
export interface VillageView {
  /** The treasurer's own village code; null when they have none, and then no village's lines show. */
  own: string | null;
}

type Doc = Record<string, unknown>;

/** Whether a line of village `code` shows in the view. */
export function shows(view: VillageView | undefined, code: unknown): boolean {
  return !view || (typeof code === 'string' && code === view.own);
}

/** Said on every answer cut to one village, so that nobody takes it for the whole document. */
export function redactionNote(view: VillageView): string {
  return (
    `村报账员视图：只列本村（${view.own ?? '未关联村'}）的明细和项目合计，其他村的金额、明细和银行流水号已隐去；` +
    '哈希按完整文档计算，不能用本视图复核'
  );
}

/** A scenario document (distributions/scenario-builder.ts) cut to the view: its own village, its events, its policy terms. */
export function scenarioForView<T extends object>(doc: T, view: VillageView | undefined): T {
  if (!view) return doc;
  const d = doc as Doc;
  return {
    ...doc,
    ...('policy' in d && { policy: policyForView(d.policy, view) }),
    ...(Array.isArray(d.villages) && { villages: d.villages.filter((v) => shows(view, codeOf(v))) }),
    ...(Array.isArray(d.contributions) && {
      contributions: d.contributions.filter((c) => shows(view, isObject(c) ? c.village : undefined)),
    }),
  };
}

/** A result document (core/distribution/result.ts) cut to the view: its own village line; totals, buckets and payees stay. */
export function resultForView<T extends object>(result: T, view: VillageView | undefined): T {
  if (!view) return result;
  const r = result as Doc;
  return Array.isArray(r.villages) ? { ...result, villages: r.villages.filter((v) => shows(view, codeOf(v))) } : result;
}

/**
 * A policy document cut to the view: of the terms agreed per village (fixed guaranteed amounts, sharing weights)
 * only the own village's. Everything else in a policy is the project's.
 */
export function policyForView<T>(policy: T, view: VillageView | undefined): T {
  if (!view || !isObject(policy)) return policy;
  const p: Doc = { ...policy };
  if (isObject(p.guaranteed) && isObject(p.guaranteed.amounts))
    p.guaranteed = { ...p.guaranteed, amounts: ownKeys(p.guaranteed.amounts, view) };
  if (Array.isArray(p.sharing))
    p.sharing = p.sharing.map((b) => (isObject(b) && isObject(b.weights) ? { ...b, weights: ownKeys(b.weights, view) } : b));
  return p as T;
}

/** 211-<code> (payable) and 301-<code> (capital): the sub-accounts that may be a village's. */
export function villageSubAccount(account: string): { parent: string; code: string } | undefined {
  const m = /^(211|301)-(.+)$/.exec(account);
  return m ? { parent: m[1], code: m[2] } : undefined;
}

/** Whether an account is another village's sub-account in the view; `isVillage` tells villages from payees (211-FUND). */
export function isOtherVillageAccount(account: string, view: VillageView, isVillage: (code: string) => boolean): boolean {
  const sub = villageSubAccount(account);
  return !!sub && isVillage(sub.code) && sub.code !== view.own;
}

interface AmountLine {
  account: string;
  debit: bigint;
  credit: bigint;
  memo?: string;
}

/**
 * A voucher's lines in the view: the lines on other villages' sub-accounts become one line per parent account
 * (211, 301) with their sums, so the voucher still balances and shows the project's totals. `merged` counts the
 * lines so replaced: a voucher with any is not the hashed voucher and cannot be checked against its hash.
 */
export function voucherLinesForView<L extends AmountLine>(
  lines: readonly L[],
  view: VillageView,
  isVillage: (code: string) => boolean,
): { lines: AmountLine[]; merged: number } {
  const out: AmountLine[] = [];
  const sums = new Map<string, AmountLine>();
  let merged = 0;
  for (const l of lines) {
    if (!isOtherVillageAccount(l.account, view, isVillage)) {
      out.push(l);
      continue;
    }
    merged += 1;
    const parent = villageSubAccount(l.account)!.parent;
    let sum = sums.get(parent);
    if (!sum) {
      sum = { account: parent, debit: 0n, credit: 0n, memo: '其他村合计' };
      sums.set(parent, sum);
      out.push(sum);
    }
    sum.debit += l.debit;
    sum.credit += l.credit;
  }
  return { lines: out, merged };
}

/** Trial-balance rows in the view: other villages' sub-accounts go; their parent rows already carry the sums. */
export function rowsForView<R extends { account: string }>(
  rows: readonly R[],
  view: VillageView | undefined,
  isVillage: (code: string) => boolean,
): R[] {
  return view ? rows.filter((r) => !isOtherVillageAccount(r.account, view, isVillage)) : [...rows];
}

function ownKeys(map: Doc, view: VillageView): Doc {
  return Object.fromEntries(Object.entries(map).filter(([code]) => shows(view, code)));
}

function codeOf(v: unknown): unknown {
  return isObject(v) ? v.code : undefined;
}

function isObject(v: unknown): v is Doc {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
