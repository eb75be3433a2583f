/**
 * Reads the distribution engine's result document (docs: shared spec
 * distribution.md) into fen, and checks that it adds up before anything is
 * posted from it: the vouchers must move exactly G + S1 out of 322-01.
 */
import { codeIssue } from '../../codes';
import { InvariantError, ValidationError } from '../../errors';
import { formatFen, parseMoney } from '../../money';
import { checkYear } from './common';

export interface DistributionResultDocument {
  year: number;
  netProfit: string;
  guaranteedTotal: string;
  operatorTopUp: string;
  deficit: { broughtForward: string; recovered: string; incurred: string; carriedForward: string };
  surplus: string;
  deductions: { code: string; amount: string }[];
  buckets: { code: string; amount: string }[];
  villages: { code: string; guaranteed: string; shares: Record<string, string>; total: string }[];
  payees: { code: string; bucket: string; amount: string }[];
}

export interface DistributionFigures {
  year: number;
  netProfit: bigint;
  guaranteedTotal: bigint;
  operatorTopUp: bigint;
  broughtForward: bigint;
  recovered: bigint;
  incurred: bigint;
  carriedForward: bigint;
  surplus: bigint;
  deductions: { code: string; amount: bigint }[];
  villages: { code: string; guaranteed: bigint; profit: bigint }[];
  payees: { code: string; bucket: string; amount: bigint }[];
}

function code(value: string, field: string): string {
  const issue = codeIssue(value);
  if (issue) throw ValidationError.of(field, issue);
  return value;
}

function nonNegative(value: string, field: string): bigint {
  const fen = parseMoney(value, field);
  if (fen < 0n) throw ValidationError.of(field, '不能为负数');
  return fen;
}

function same(what: string, a: bigint, b: bigint): void {
  if (a !== b) throw new InvariantError(`分红结果对不上：${what}（${formatFen(a)} ≠ ${formatFen(b)}）`);
}

export function readDistributionResult(doc: DistributionResultDocument): DistributionFigures {
  const year = checkYear(doc.year);
  const bucketTotals = new Map<string, bigint>();
  doc.buckets.forEach((b, i) => bucketTotals.set(code(b.code, `buckets[${i}].code`), nonNegative(b.amount, `buckets[${i}].amount`)));
  const allocated = new Map<string, bigint>([...bucketTotals.keys()].map((k) => [k, 0n]));
  const add = (bucket: string, amount: bigint, field: string) => {
    if (!allocated.has(bucket)) throw ValidationError.of(field, `未知的分配项 ${JSON.stringify(bucket)}`);
    allocated.set(bucket, allocated.get(bucket)! + amount);
  };

  const villages = doc.villages.map((v, i) => {
    const f = `villages[${i}]`;
    const guaranteed = nonNegative(v.guaranteed, `${f}.guaranteed`);
    let profit = 0n;
    for (const [bucket, amount] of Object.entries(v.shares)) {
      const fen = nonNegative(amount, `${f}.shares.${bucket}`);
      add(bucket, fen, `${f}.shares`);
      profit += fen;
    }
    same(`${v.code} 合计 = 保底 + 分成`, parseMoney(v.total, `${f}.total`), guaranteed + profit);
    return { code: code(v.code, `${f}.code`), guaranteed, profit };
  });
  const payees = doc.payees.map((p, i) => {
    const amount = nonNegative(p.amount, `payees[${i}].amount`);
    add(p.bucket, amount, `payees[${i}].bucket`);
    return { code: code(p.code, `payees[${i}].code`), bucket: p.bucket, amount };
  });
  const deductions = doc.deductions.map((d, i) => ({
    code: code(d.code, `deductions[${i}].code`),
    amount: nonNegative(d.amount, `deductions[${i}].amount`),
  }));

  const figures: DistributionFigures = {
    year,
    netProfit: parseMoney(doc.netProfit, 'netProfit'),
    guaranteedTotal: nonNegative(doc.guaranteedTotal, 'guaranteedTotal'),
    operatorTopUp: nonNegative(doc.operatorTopUp, 'operatorTopUp'),
    broughtForward: nonNegative(doc.deficit.broughtForward, 'deficit.broughtForward'),
    recovered: nonNegative(doc.deficit.recovered, 'deficit.recovered'),
    incurred: nonNegative(doc.deficit.incurred, 'deficit.incurred'),
    carriedForward: nonNegative(doc.deficit.carriedForward, 'deficit.carriedForward'),
    surplus: nonNegative(doc.surplus, 'surplus'),
    deductions,
    villages,
    payees,
  };
  checkSums(figures, bucketTotals, allocated);
  checkNoSharedPayable(figures);
  return figures;
}

const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);

function checkSums(f: DistributionFigures, bucketTotals: Map<string, bigint>, allocated: Map<string, bigint>): void {
  same('各村保底之和 = guaranteedTotal', sum(f.villages.map((v) => v.guaranteed)), f.guaranteedTotal);
  for (const [bucket, total] of bucketTotals) same(`分配项 ${bucket} = 各村在该项的分成之和`, allocated.get(bucket)!, total);
  same('surplus = 各项提取 + 各分配项', f.surplus, sum(f.deductions.map((d) => d.amount)) + sum([...bucketTotals.values()]));
  const { netProfit: N, operatorTopUp: T, incurred: I, guaranteedTotal: G, recovered: R, surplus: S1 } = f;
  same('N + T + I = G + R + S1', N + T + I, G + R + S1);
  same("B' = B - R + I", f.carriedForward, f.broughtForward - R + I);
}

/**
 * 211-<code> is shared by villages, payees and deductions. A payee or deduction
 * coded like a village would book a fund's money as owed to the village.
 */
function checkNoSharedPayable(f: DistributionFigures): void {
  const villages = new Set(f.villages.map((v) => v.code));
  if (villages.size !== f.villages.length) throw ValidationError.of('villages', '有村重复列出');
  for (const [i, p] of f.payees.entries()) {
    if (villages.has(p.code)) throw ValidationError.of(`payees[${i}].code`, `${p.code} 同时是村代码：211-${p.code} 会把两者的款项混在一起`);
  }
  for (const [i, d] of f.deductions.entries()) {
    if (villages.has(d.code))
      throw ValidationError.of(`deductions[${i}].code`, `${d.code} 同时是村代码：211-${d.code} 会把两者的款项混在一起`);
  }
}
