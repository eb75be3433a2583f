import { Injectable } from '@nestjs/common';
import { GENESIS, verifyChain, verifyEventChain } from '../core/ledger';
import { ProjectsService } from '../projects/projects.service';
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
import { LedgerEventRepository } from './ledger-event.repository';
import { LedgerRepository } from './ledger.repository';
import { Snapshot } from '../platform/database/snapshot';
import { VerificationRepository } from './verification.repository';
import { YearCloseRepository } from './year-close.repository';

type Digest = { sequence: number; hash: string };

/** The event chain's part of a verification. */
export type EventsVerification =
  { ok: true; count: number; digest: Digest } | { ok: false; firstBadSequence: number; kind: string; subjectId: string; reason: string };

/**
 * GET …/ledger/verify: recomputes the project's voucher chain and event
 * chain, compares each end with its head, and cross-checks the mutable
 * records against them (cross-checks.ts), all read in one REPEATABLE READ
 * READ ONLY snapshot so that postings committing meanwhile cannot make the
 * reads disagree. `ok` is true when `problems` is empty; `reason` names the
 * first problem. The voucher chain's fields (count, digest, firstBadSequence,
 * voucherNumber) are as they always were. The audit trail is one chain for
 * the whole service, verified by GET /api/audit/verify: scanning it on every
 * project's verification would cost the size of the whole trail each time.
 */
@Injectable()
export class VerificationService {
  constructor(
    private readonly snapshot: Snapshot,
    private readonly books: LedgerRepository,
    private readonly events: LedgerEventRepository,
    private readonly closes: YearCloseRepository,
    private readonly records: VerificationRepository,
    private readonly projects: ProjectsService,
  ) {}

  verify(projectId: string) {
    return this.snapshot.read(async () => {
      const project = await this.projects.get(projectId);
      const vouchers = await this.books.vouchers(projectId);
      const events = await this.events.events(projectId);
      const genesis = { sequence: 0, hash: GENESIS };
      const head = (await this.records.head(projectId)) ?? { vouchers: genesis, events: genesis };
      const problems: VerificationProblem[] = [];

      const chain = verifyChain(vouchers);
      let voucherFields: Record<string, unknown>;
      if (!chain.ok) {
        problems.push({ table: 'voucher', id: chain.voucherNumber, message: `sequence ${chain.firstBadSequence}: ${chain.reason}` });
        voucherFields = { firstBadSequence: chain.firstBadSequence, voucherNumber: chain.voucherNumber, reason: chain.reason };
      } else if (!same(chain.digest, head.vouchers)) {
        const reason = `the chain ends at ${chain.digest.sequence} but the head records ${head.vouchers.sequence}: vouchers are missing`;
        problems.push({ table: 'ledger_head', id: project.code, message: reason });
        voucherFields = { firstBadSequence: chain.digest.sequence + 1, voucherNumber: null, reason };
      } else {
        voucherFields = { count: chain.count };
      }

      const eventChain: EventsVerification = verifyEventChain(events);
      if (!eventChain.ok) {
        const bad = events[eventChain.firstBadSequence - 1];
        problems.push({
          table: 'ledger_event',
          id: bad.id,
          message: `event ${eventChain.firstBadSequence} (${eventChain.kind} ${eventChain.subjectId}): ${eventChain.reason}`,
        });
      } else if (!same(eventChain.digest, head.events)) {
        problems.push({
          table: 'ledger_head',
          id: project.code,
          message: `the event chain ends at ${eventChain.digest.sequence} but the head records ${head.events.sequence}: events are missing`,
        });
      }

      const parsed = parseEvents(events);
      const requires = requiresEventsSince(events);
      problems.push(
        ...checkRuns(await this.records.runs(projectId), parsed, requires),
        ...checkPayments(await this.records.payments(projectId), parsed, requires),
        ...checkClosedYears(await this.closes.list(projectId), parsed, requires),
        ...checkPolicies(await this.records.policies(projectId), parsed, requires),
        ...checkCounters(await this.records.counters(projectId), vouchers),
      );

      const ok = problems.length === 0;
      const first = problems[0];
      return {
        project: project.code,
        ok,
        ...voucherFields,
        ...(ok || 'reason' in voucherFields ? {} : { reason: `${first.table} ${first.id}: ${first.message}` }),
        digest: head.vouchers,
        events: eventChain,
        eventDigest: head.events,
        problems,
      };
    });
  }
}

function same(a: Digest, b: Digest): boolean {
  return a.sequence === b.sequence && a.hash === b.hash;
}
