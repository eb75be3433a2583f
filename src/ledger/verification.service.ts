import { Injectable } from '@nestjs/common';
import { GENESIS } from '../core/ledger';
import { Workers } from '../platform/workers/workers';
import { ProjectsService } from '../projects/projects.service';
import { VerificationProblem } from './cross-checks';
import { LedgerEventRepository } from './ledger-event.repository';
import { LedgerRepository, PostedVoucher } from './ledger.repository';
import { Snapshot } from '../platform/database/snapshot';
import { VerificationRepository } from './verification.repository';
import { VERIFICATION_WORKER, verifyRows } from './verification.worker';
import { YearCloseRepository } from './year-close.repository';

type Digest = { sequence: number; hash: string };

/** Vouchers per read: each page's rows are turned into vouchers on the event loop, and 2,000 take it a few ms. */
const PAGE = 2_000;

/** The event chain's part of a verification. */
export type EventsVerification =
  { ok: true; count: number; digest: Digest } | { ok: false; firstBadSequence: number; kind: string; subjectId: string; reason: string };

/**
 * GET …/ledger/verify: recomputes the project's voucher chain and event
 * chain, compares each end with its head, and cross-checks the mutable
 * records against them (cross-checks.ts), all read in one REPEATABLE READ
 * READ ONLY snapshot so that postings committing meanwhile cannot make the
 * reads disagree. The computing runs in a worker thread
 * (verification.worker.ts), fed the vouchers a page at a time as they are
 * read; it goes on after the snapshot has given its connection back.
 * `ok` is true when `problems` is empty; `reason` names the first problem.
 * The voucher chain's fields (count, digest, firstBadSequence, voucherNumber)
 * are as they always were. The audit trail is one chain for
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
    private readonly workers: Workers,
  ) {}

  /**
   * One verification reads at a time, the others waiting without a connection: reading a long chain costs the
   * event loop seconds of row parsing, and concurrent reads would only interleave, multiplying the live heap and
   * the garbage collector's pauses. The computing, in the pool, overlaps freely.
   */
  private reading: Promise<unknown> = Promise.resolve();

  async verify(projectId: string) {
    const read = this.reading.then(() => this.read(projectId));
    this.reading = read.catch(() => undefined);
    const { project, head, events, task } = await read;
    const found = await task.result;
    const problems: VerificationProblem[] = [];

    const chain = found.chain;
    let voucherFields: Record<string, unknown>;
    if (!chain.ok) {
      problems.push({ table: 'voucher', id: chain.voucherNumber, message: `第 ${chain.firstBadSequence} 张凭证：${chain.reason}` });
      voucherFields = { firstBadSequence: chain.firstBadSequence, voucherNumber: chain.voucherNumber, reason: chain.reason };
    } else if (!same(chain.digest, head.vouchers)) {
      const reason = `凭证链止于第 ${chain.digest.sequence} 张，账簿头却记为第 ${head.vouchers.sequence} 张：有凭证缺失`;
      problems.push({ table: 'ledger_head', id: project.code, message: reason });
      voucherFields = { firstBadSequence: chain.digest.sequence + 1, voucherNumber: null, reason };
    } else {
      voucherFields = { count: chain.count };
    }

    const eventChain: EventsVerification = found.events;
    if (!eventChain.ok) {
      const bad = events[eventChain.firstBadSequence - 1];
      problems.push({
        table: 'ledger_event',
        id: bad.id,
        message: `第 ${eventChain.firstBadSequence} 个事件（${eventChain.kind} ${eventChain.subjectId}）：${eventChain.reason}`,
      });
    } else if (!same(eventChain.digest, head.events)) {
      problems.push({
        table: 'ledger_head',
        id: project.code,
        message: `事件链止于第 ${eventChain.digest.sequence} 个，账簿头却记为第 ${head.events.sequence} 个：有事件缺失`,
      });
    }

    problems.push(...found.crossChecks);

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
  }

  /** Everything in one snapshot; the vouchers go to the worker a page at a time as they are read, never held whole here. */
  private read(projectId: string) {
    return this.snapshot.read(async () => {
      const project = await this.projects.get(projectId);
      const genesis = { sequence: 0, hash: GENESIS };
      const head = (await this.records.head(projectId)) ?? { vouchers: genesis, events: genesis };
      const events = await this.events.events(projectId);
      const rows = {
        vouchers: voucherPages(this.books, projectId),
        events,
        runs: await this.records.runs(projectId),
        payments: await this.records.payments(projectId),
        closes: await this.closes.list(projectId),
        policies: await this.records.policies(projectId),
        counters: await this.records.counters(projectId),
      };
      const task = this.workers.start(VERIFICATION_WORKER, verifyRows, rows, { sliced: ['vouchers', 'events'] });
      await task.sent;
      return { project, head, events, task };
    });
  }
}

/** The project's whole chain in sequence order, a page at a time (read in the snapshot, so the pages agree). */
async function* voucherPages(books: LedgerRepository, projectId: string): AsyncGenerator<PostedVoucher[]> {
  for (let offset = 0; ; offset += PAGE) {
    const page = await books.vouchers(projectId, { limit: PAGE, offset });
    if (page.length) yield page;
    if (page.length < PAGE) return;
  }
}

function same(a: Digest, b: Digest): boolean {
  return a.sequence === b.sequence && a.hash === b.hash;
}
