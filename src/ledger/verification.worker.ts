/**
 * Verification's computing part as a worker-thread task (src/platform/workers runs it): both chains recomputed and
 * the cross-checks, over rows the service read in one snapshot on the main thread. Pure: the same answer as the
 * inline calls, without holding the event loop for the seconds a long chain takes.
 */
import { type ChainVerification, type EventChainVerification, type VoucherRecord, verifyChain, verifyEventChain } from '../core/ledger';
import {
  checkClosedYears,
  checkCounters,
  checkPayments,
  checkPolicies,
  checkRuns,
  parseEvents,
  requiresEventsSince,
  VerificationProblem,
} from './cross-checks';
import type { StoredEvent } from './ledger-event.repository';
import type { CounterRecord, PaymentRecord, PolicyRecord, RunRecord } from './verification.repository';
import type { ClosedYear } from './year-close.repository';

/** This module's path, for the pool: .ts from source, .js built. */
export const VERIFICATION_WORKER = __filename;

export interface VerificationRows {
  vouchers: VoucherRecord[];
  events: StoredEvent[];
  runs: RunRecord[];
  payments: PaymentRecord[];
  closes: ClosedYear[];
  policies: PolicyRecord[];
  counters: CounterRecord[];
}

export interface VerificationFindings {
  chain: ChainVerification;
  events: EventChainVerification;
  /** The cross-checks' problems, in the order verification lists them. */
  crossChecks: VerificationProblem[];
}

export function verifyRows(rows: VerificationRows): VerificationFindings {
  const parsed = parseEvents(rows.events);
  const requires = requiresEventsSince(rows.events);
  return {
    chain: verifyChain(rows.vouchers),
    events: verifyEventChain(rows.events),
    crossChecks: [
      ...checkRuns(rows.runs, parsed, requires),
      ...checkPayments(rows.payments, parsed, requires),
      ...checkClosedYears(rows.closes, parsed, requires),
      ...checkPolicies(rows.policies, parsed, requires),
      ...checkCounters(rows.counters, rows.vouchers),
    ],
  };
}
