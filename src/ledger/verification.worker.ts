/**
 * Verification's computing part as a worker-thread task (src/platform/workers runs it): both chains recomputed and
 * the cross-checks, over rows the service read in one snapshot on the main thread. Pure: the same answer as the
 * inline calls, without holding the event loop for the seconds a long chain takes. The vouchers come as JSON text and
 * are parsed here: parsing 60,000 vouchers' rows and amounts took the event loop 2.5–3 s.
 */
import { type ChainVerification, type EventChainVerification, type VoucherRecord, verifyChain, verifyEventChain } from '../core/ledger';
import { chainPageVouchers } from './chain-page';
import {
  checkClosedYears,
  checkCounters,
  checkOpenings,
  checkPayments,
  checkPolicies,
  checkRuns,
  parseEvents,
  requiresEventsSince,
  VerificationProblem,
} from './cross-checks';
import type { StoredEvent } from './ledger-event.repository';
import type { CounterRecord, OpeningRecord, PaymentRecord, PolicyRecord, RunRecord } from './verification.repository';
import type { ClosedYear } from './year-close.repository';

/** This module's path, for the pool: .ts from source, .js built. */
export const VERIFICATION_WORKER = __filename;

export interface VerificationRows {
  /** The voucher chain in sequence order, as records; the rest of it follows in `voucherPages`, if any. */
  vouchers: VoucherRecord[];
  /**
   * The chain as the service sends it: pages of JSON text (LedgerRepository.chainPage), turned into vouchers here,
   * so that neither the rows nor the amounts are parsed on the event loop.
   */
  voucherPages?: string[];
  events: StoredEvent[];
  runs: RunRecord[];
  payments: PaymentRecord[];
  closes: ClosedYear[];
  policies: PolicyRecord[];
  openings: OpeningRecord[];
  counters: CounterRecord[];
}

export interface VerificationFindings {
  chain: ChainVerification;
  events: EventChainVerification;
  /** The cross-checks' problems, in the order verification lists them. */
  crossChecks: VerificationProblem[];
}

export function verifyRows(rows: VerificationRows): VerificationFindings {
  const vouchers = rows.voucherPages ? [...rows.vouchers, ...rows.voucherPages.flatMap(chainPageVouchers)] : rows.vouchers;
  const parsed = parseEvents(rows.events);
  const requires = requiresEventsSince(rows.events);
  return {
    chain: verifyChain(vouchers),
    events: verifyEventChain(rows.events),
    crossChecks: [
      ...checkRuns(rows.runs, parsed, requires),
      ...checkPayments(rows.payments, parsed, requires),
      ...checkClosedYears(rows.closes, parsed, requires),
      ...checkPolicies(rows.policies, parsed, requires),
      ...checkOpenings(rows.openings, parsed, requires),
      ...checkCounters(rows.counters, vouchers),
    ],
  };
}
