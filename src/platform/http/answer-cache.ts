import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { defer, from, Observable } from 'rxjs';
import { finalize, mergeMap } from 'rxjs/operators';
import { Clock } from '../clock/clock';
import type { Actor, RequestWithActor } from '../context/actor';
import { guardSnapshot, recordSnapshots } from '../database/snapshot';
import { sendJson } from '../workers/send-json';

/** Says whether a cached report route's JSON was answered from the cache (`hit`) or computed (`miss`). */
export const ANSWER_CACHE_HEADER = 'X-Snapshot-Cache';

/** What the answers of one process may hold, keys included. */
export const ANSWER_CACHE_BYTES = 64 << 20;

/** An answer as it went out: its bytes, and the ETag Express made of them (none for an answer sent in pieces). */
export interface SentAnswer {
  bytes: Buffer;
  etag?: string;
}

/** One answer, and the identity of the snapshot it was read in. */
interface Answer extends SentAnswer {
  snapshot: string;
}

/**
 * Answers by (snapshot identity, request key), least recently used first out once they hold more than `maxBytes`.
 * Nothing is ever invalidated: an answer under a snapshot no later request sees again is simply never asked for.
 */
export class AnswerStore {
  private readonly answers = new Map<string, SentAnswer>();
  private held = 0;

  constructor(readonly maxBytes: number = ANSWER_CACHE_BYTES) {}

  /** What the answers and their keys hold now. */
  get bytes(): number {
    return this.held;
  }

  get size(): number {
    return this.answers.size;
  }

  get(snapshot: string, key: string): SentAnswer | undefined {
    const k = entryKey(snapshot, key);
    const answer = this.answers.get(k);
    if (answer) {
      // Most recently used last: Map keeps insertion order.
      this.answers.delete(k);
      this.answers.set(k, answer);
    }
    return answer;
  }

  set(snapshot: string, key: string, answer: SentAnswer): void {
    const k = entryKey(snapshot, key);
    const cost = costOf(k, answer);
    if (cost > this.maxBytes / 4) return; // one answer never pushes out most of the others
    this.delete(k);
    this.answers.set(k, answer);
    this.held += cost;
    for (const [oldest, a] of this.answers) {
      if (this.held <= this.maxBytes) break;
      this.answers.delete(oldest);
      this.held -= costOf(oldest, a);
    }
  }

  private delete(k: string): void {
    const old = this.answers.get(k);
    if (!old) return;
    this.answers.delete(k);
    this.held -= costOf(k, old);
  }
}

function entryKey(snapshot: string, key: string): string {
  return `${snapshot}\n${key}`;
}

function costOf(k: string, answer: SentAnswer): number {
  return answer.bytes.length + 2 * k.length;
}

/**
 * What else a report's JSON depends on besides the data its snapshot sees: the route with its parameters and query
 * (the URL as sent), the Accept header (which may ask for a document instead), the caller's view (a treasurer's
 * answers are cut to their village; every other role's are whole) and the date an omitted `asOf` stands for.
 */
export function answerKey(url: string, accept: string, actor: Pick<Actor, 'role' | 'villageId'>, today: string): string {
  return [actor.role, actor.role === 'treasurer' ? (actor.villageId ?? '-') : '', today, accept, url].join('\u0000');
}

/**
 * Report answers cached by database snapshot identity (docs/architecture.md, "The answer cache"). A report reads in
 * one REPEATABLE READ snapshot (Snapshot.read), whose identity — `pg_current_snapshot()` as text — is read as it
 * begins; its JSON is kept under that identity and the request's key (`answerKey`). A later request whose guard
 * statement (AccessGuard, run on every request, so revocation stays immediate) saw a snapshot of the same identity
 * sees exactly the same committed data, and gets those bytes again without the report being computed. Any commit in
 * the cluster moves the next snapshots' xmax, so the cache then misses: correctness never rests on invalidation.
 *
 * Only a JSON answer read in exactly one snapshot on the day the request started is kept; a document (the route
 * sent a file itself) passes through untouched. Concurrent requests of one key and guard snapshot wait for the first
 * one's answer rather than all computing it. `X-Snapshot-Cache: hit | miss` says which happened.
 *
 * Used on GET report routes whose every read is inside the one snapshot; one store for the routes of a module.
 */
@Injectable()
export class CachedAnswers implements NestInterceptor {
  readonly store = new AnswerStore();
  /** Answers being computed, by guard snapshot and key. */
  private readonly computing = new Map<string, Promise<Answer | undefined>>();

  constructor(private readonly clock: Clock) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<RequestWithActor>();
    const res = http.getResponse<Response>();
    const seen = guardSnapshot();
    if (req.method !== 'GET' || !req.actor || !seen) return next.handle();
    const today = this.clock.today();
    const key = answerKey(req.originalUrl, req.header('accept') ?? '', req.actor, today);
    const cached = this.store.get(seen, key);
    if (cached) return defer(async () => void (await send(res, cached, 'hit')));
    const pending = this.computing.get(entryKey(seen, key));
    if (!pending) return this.compute(next, res, seen, key, today);
    return from(pending).pipe(
      mergeMap((answer) =>
        // The first one's snapshot may be later than this request's: then this one reads its own.
        answer && answer.snapshot === seen ? send(res, answer, 'hit').then(() => undefined) : this.compute(next, res, seen, key, today),
      ),
    );
  }

  private compute(next: CallHandler, res: Response, seen: string, key: string, today: string): Observable<unknown> {
    const snapshots = recordSnapshots();
    const flight = entryKey(seen, key);
    let settle: ((answer: Answer | undefined) => void) | undefined;
    if (!this.computing.has(flight)) this.computing.set(flight, new Promise((resolve) => (settle = resolve)));
    const done = (answer: Answer | undefined) => {
      if (!settle) return;
      this.computing.delete(flight);
      settle(answer);
      settle = undefined;
    };
    return next.handle().pipe(
      mergeMap(async (value: unknown) => {
        if (value === null || typeof value !== 'object' || res.headersSent) return value; // a document went out
        const sent = await send(res, { bytes: Buffer.from(JSON.stringify(value), 'utf8') }, 'miss');
        const [snapshot, ...others] = snapshots;
        const one = snapshot && others.every((s) => s === snapshot);
        if (one && this.clock.today() === today) {
          this.store.set(snapshot, key, sent);
          done({ snapshot, ...sent });
        }
        return undefined;
      }),
      finalize(() => done(undefined)),
    );
  }
}

/**
 * The bytes as the route's JSON answer, with res.json's headers (Content-Type, Content-Length, ETag; a 304 to a
 * matching If-None-Match); a cached answer's ETag is set as Express made it the first time, not hashed again. The
 * route then returns nothing, to which Nest replies with one more `res.send()`: on a 304 that would remove headers
 * already sent (ERR_HTTP_HEADERS_SENT), so this response's `send` does nothing from then on.
 */
async function send(res: Response, answer: SentAnswer, outcome: 'hit' | 'miss'): Promise<SentAnswer> {
  res.setHeader(ANSWER_CACHE_HEADER, outcome);
  if (answer.etag) res.setHeader('ETag', answer.etag);
  await sendJson(res, answer.bytes);
  res.send = (() => res) as Response['send'];
  const etag = res.getHeader('ETag');
  return { bytes: answer.bytes, ...(typeof etag === 'string' && { etag }) };
}
