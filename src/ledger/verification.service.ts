import { Injectable } from '@nestjs/common';
import { BookKind, GENESIS } from '../core/ledger';
import { Actor } from '../platform/context/actor';
import { Workers } from '../platform/workers/workers';
import { ProjectsService } from '../projects/projects.service';
import { VillagesService } from '../villages/villages.service';
import {
  checkClosedBalances,
  checkVillageAgreement,
  eventChainProblem,
  eventHeadProblem,
  VerificationProblem,
  voucherChainProblem,
  voucherHeadProblem,
} from './cross-checks';
import { LedgerEventRepository } from './ledger-event.repository';
import { LedgerRepository } from './ledger.repository';
import { Snapshot } from '../platform/database/snapshot';
import { VerificationRepository } from './verification.repository';
import { VERIFICATION_WORKER, verifyRows } from './verification.worker';
import { YearCloseRepository } from './year-close.repository';

type Digest = { sequence: number; hash: string };

/** Vouchers per read: one JSON text of about 1.4 MB, which the event loop only decodes (a few ms) and passes on. */
const PAGE = 2_000;

/**
 * GET …/ledger/verify: recomputes the project's voucher chain and event
 * chain, compares each end with its head, and cross-checks the mutable
 * records against them (cross-checks.ts), and the closed years' carried-forward
 * balances against the lines (one SQL comparison), all read in one REPEATABLE READ
 * READ ONLY snapshot so that postings committing meanwhile cannot make the
 * reads disagree. The computing runs in a worker thread
 * (verification.worker.ts), fed the vouchers a page of JSON text at a time as
 * they are read (turned into vouchers there, not on the event loop); it goes
 * on after the snapshot has given its connection back.
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
    private readonly villages: VillagesService,
    private readonly workers: Workers,
  ) {}

  /**
   * One verification reads at a time, the others waiting without a connection: concurrent reads of long chains
   * would only interleave, multiplying the pages held at once (each a string of megabytes on the event loop's heap)
   * and the garbage collector's pauses. The computing, in the pool, overlaps freely.
   */
  private reading: Promise<unknown> = Promise.resolve();

  /** The verification as the actor may read it: a treasurer learns whether and where the books are broken, not the details. */
  async verifyFor(actor: Actor, bookId: string, kind: BookKind = 'project') {
    const result = await this.verify(bookId, kind);
    if (actor.role !== 'treasurer' || result.ok) return result;
    // A problem's message quotes the records it concerns, other villages' amounts and bank references among them.
    const hidden = '详情只向会计、审计和管理员显示';
    return {
      ...result,
      ...('reason' in result && { reason: hidden }),
      ...(!result.events.ok && { events: { ...result.events, reason: hidden } }),
      problems: result.problems.map((p) => ({ table: p.table, id: p.id, code: p.code, message: hidden })),
    };
  }

  /** A project's book, or (kind 'village') a village's: its code is the `project` field's. */
  async verify(bookId: string, kind: BookKind = 'project') {
    const read = this.reading.then(() => this.read(bookId, kind));
    this.reading = read.catch(() => undefined);
    const { project, head, events, balances, agreement, task } = await read;
    const found = await task.result;
    const problems: VerificationProblem[] = [];

    const chain = found.chain;
    let voucherFields: Record<string, unknown>;
    if (!chain.ok) {
      problems.push(voucherChainProblem(chain));
      voucherFields = {
        firstBadSequence: chain.firstBadSequence,
        voucherNumber: chain.voucherNumber,
        code: chain.code,
        reason: chain.reason,
      };
    } else if (!same(chain.digest, head.vouchers)) {
      const problem = voucherHeadProblem(project.code, chain.digest, head.vouchers);
      problems.push(problem);
      voucherFields = { firstBadSequence: chain.digest.sequence + 1, voucherNumber: null, code: problem.code, reason: problem.message };
    } else {
      voucherFields = { count: chain.count };
    }

    const eventChain = found.events;
    if (!eventChain.ok) problems.push(eventChainProblem(eventChain, events[eventChain.firstBadSequence - 1].id));
    else if (!same(eventChain.digest, head.events)) problems.push(eventHeadProblem(project.code, eventChain.digest, head.events));

    problems.push(...found.crossChecks);
    problems.push(...checkClosedBalances(balances));
    problems.push(...checkVillageAgreement(agreement));

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
  private read(projectId: string, kind: BookKind) {
    return this.snapshot.read(async () => {
      // A village book has no runs, payments, policies or openings of its own: those reads find none.
      const project = kind === 'village' ? await this.villages.get(projectId) : await this.projects.get(projectId);
      const genesis = { sequence: 0, hash: GENESIS };
      const head = (await this.records.head(projectId)) ?? { vouchers: genesis, events: genesis };
      const events = await this.events.events(projectId);
      const rows = {
        vouchers: [],
        voucherPages: voucherPages(this.books, projectId),
        events,
        runs: await this.records.runs(projectId),
        payments: await this.records.payments(projectId),
        closes: await this.closes.list(projectId),
        policies: await this.records.policies(projectId),
        openings: await this.records.openings(projectId),
        counters: await this.records.counters(projectId),
      };
      const task = this.workers.start(VERIFICATION_WORKER, verifyRows, rows, { sliced: ['voucherPages', 'events'] });
      await task.sent;
      // The closed years' carried-forward balances against the lines: compared in PostgreSQL, in the same snapshot.
      const balances = await this.closes.balanceMismatches(projectId);
      // A village's book against the parks' books: what they owe and paid it, to the fen.
      const agreement = kind === 'village' ? await this.records.villageAgreement(projectId) : [];
      return { project, head, events, balances, agreement, task };
    });
  }
}

/**
 * The project's whole chain in sequence order, a page of JSON text at a time (read in the snapshot, so the pages
 * agree; keyset paging, so each page costs the database the same). Each is yielded as a slice of one text.
 */
async function* voucherPages(books: LedgerRepository, projectId: string): AsyncGenerator<string[]> {
  for (let after = 0; ;) {
    const page = await books.chainPage(projectId, after, PAGE);
    if (page.count) yield [page.json];
    if (page.count < PAGE) return;
    after = page.last;
  }
}

function same(a: Digest, b: Digest): boolean {
  return a.sequence === b.sequence && a.hash === b.hash;
}
