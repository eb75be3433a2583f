import { Balance, TrialBalance, TrialBalanceRow } from '../core/ledger';
import { AccountSums } from '../core/ledger/trial-balance';
import { formatFen } from '../core/money';
import type { AccountSum } from './reports.repository';

/** The trial balance's sums (ReportsRepository.accountSums: integer fen as text) as the core folds them. */
export const accountSums = (sums: readonly AccountSum[]): AccountSums[] =>
  sums.map((s) => ({
    account: s.account,
    openingDebit: BigInt(s.openingDebit),
    openingCredit: BigInt(s.openingCredit),
    debit: BigInt(s.debit),
    credit: BigInt(s.credit),
  }));

const bal = (b: Balance) => ({ side: b.side, amount: formatFen(b.amount) });

/**
 * 科目余额表 as the API answers it, for a project's book or a village's (whose code and name stand in `project` and
 * `projectName`): `rows` are the book's rows as the caller may see them, named by `label`; amounts as fen strings.
 */
export function trialBalanceAnswer(
  owner: { code: string; name: string },
  tb: TrialBalance,
  rows: readonly TrialBalanceRow[],
  label: (account: string) => string,
  digest: { sequence: number; hash: string },
) {
  const t = tb.totals;
  return {
    project: owner.code,
    projectName: owner.name,
    periodStart: tb.periodStart,
    asOf: tb.asOf,
    rows: rows.map((r) => ({
      account: r.account,
      name: label(r.account),
      level: r.level,
      normalSide: r.normalSide,
      opening: bal(r.opening),
      debit: formatFen(r.debit),
      credit: formatFen(r.credit),
      closing: bal(r.closing),
    })),
    totals: Object.fromEntries(Object.entries(t).map(([k, v]) => [k, formatFen(v)])),
    balanced: t.openingDebit === t.openingCredit && t.debit === t.credit && t.closingDebit === t.closingCredit,
    digest,
  };
}
