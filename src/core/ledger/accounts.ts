/**
 * Account codes the builders post to. Sub-account codes are built here only,
 * so their format is decided in one place (see docs/ledger.md).
 */
import { codeIssue } from '../codes';
import { ValidationError } from '../errors';

export const BANK = '102';
export const OPERATOR_RECEIVABLE = '112-OPERATOR';
export const FIXED_ASSETS = '151';
export const RESERVE = '311';
export const YEAR_RESULT = '321';
export const DISTRIBUTIONS = '322-01';
export const DISTRIBUTION_GUARANTEED = '322-01-GUAR';
export const DISTRIBUTION_PROFIT = '322-01-PROFIT';
export const UNDISTRIBUTED = '322-02';
export const REVENUE = '501';
export const COSTS = '511';

/** The deduction whose amount goes to 公积公益金 (311) instead of a payable. */
export const RESERVE_DEDUCTION = 'reserve';

function checked(code: string, field: string): string {
  const issue = codeIssue(code);
  if (issue) throw ValidationError.of(field, issue);
  return code;
}

/** 211-<code>: owed to a village, a payee (fund, operator) or a deduction's beneficiary. */
export function payable(code: string, field = 'code'): string {
  return `211-${checked(code, field)}`;
}

/** 301-<village>: the village's capital. */
export function villageCapital(village: string, field = 'village'): string {
  return `301-${checked(village, field)}`;
}

/**
 * 322-01-DED-<deduction>: the "DED-" prefix keeps a deduction coded GUAR or
 * PROFIT from sharing a sub-account with the guaranteed or profit dividends.
 */
export function deductionDistribution(deduction: string, field = 'deduction'): string {
  return `${DISTRIBUTIONS}-DED-${checked(deduction, field)}`;
}
