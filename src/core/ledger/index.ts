/** The ledger core: chart, vouchers, builders per business event, hash chain, trial balance. */
export { accountName, Chart, chartAccountOf, chartFor, isKnownAccount, lineageOf, parentOf } from './chart';
export type { AccountType, BookKind, ChartAccount, Side } from './chart';
export * as accounts from './accounts';
export { assertBalanced, cr, dr, makeVoucher, totals } from './voucher';
export type { Voucher, VoucherLine } from './voucher';
export { buildCapitalEvent } from './builders/capital';
export type { CapitalEvent } from './builders/capital';
export { buildChartYearClose, buildYearClose, buildYearResult } from './builders/year-result';
export type { YearResult } from './builders/year-result';
export { buildOperatorPayment, buildOperatorTopUp, buildVillagePayment } from './builders/payments';
export { buildDistributionRun } from './builders/distribution';
export { buildHouseholdPayment, buildVillageRunVouchers, VILLAGE_ACCOUNTS } from './builders/member-distribution';
export type { DistributionRunOptions } from './builders/distribution';
export { readDistributionResult } from './builders/distribution-result';
export type { DistributionFigures, DistributionResultDocument } from './builders/distribution-result';
export { reverse, REVERSAL_PREFIX } from './builders/reverse';
export {
  buildVillageDeclaration,
  buildVillageOtherIncome,
  buildVillageReceipt,
  buildVillageSideVouchers,
  VILLAGE_BANK,
  VILLAGE_INVESTMENT_INCOME,
  VILLAGE_OTHER_INCOME,
  VILLAGE_RECEIVABLE,
  villageReceivable,
} from './builders/village-side';
export type { VillageDividend, VillageReceipt, VillageSideLine, VillageSideVoucher } from './builders/village-side';
export { deficitFromBalance } from './deficit';
export { formatVoucherNumber, parseVoucherNumber } from './voucher-number';
export { canonicalEncoding, ENCODING_TAG, GENESIS, verifyChain, voucherHash } from './hash-chain';
export type { ChainVerification, VoucherContent, VoucherRecord } from './hash-chain';
export { accountBalance, netOf, toBalance, trialBalance } from './trial-balance';
export type { Balance, PostedLine, TrialBalance, TrialBalanceRow } from './trial-balance';
export { allocateFifo, paidPerRun } from './fifo';
export type { RunDividends } from './fifo';
export { postingDateIssue, reversalDateIssue } from './posting-dates';
export {
  canonicalPayload,
  EVENT_ENCODING_TAG,
  eventEncoding,
  eventHash,
  isLedgerEventKind,
  LEDGER_EVENT_KINDS,
  policyDocumentHash,
  verifyEventChain,
} from './event-chain';
export type { EventChainVerification, EventContent, EventRecord, LedgerEventInput, LedgerEventKind } from './event-chain';
export { owedAsOf, paymentOwedIssue } from './owed';
export type { OwedMovement } from './owed';
