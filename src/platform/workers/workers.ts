import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { reviveError, Slice, TaskMessage, TaskOutcome } from './task-outcome';

/**
 * Run from source (swc, Jest) this folder holds worker-entry.ts, and a thread needs swc's hook to load it and the
 * tasks' .ts modules (Jest does not transform worker threads); built, it is dist/platform/workers/worker-entry.js.
 */
const FROM_SOURCE = __filename.endsWith('.ts');
const ENTRY = path.join(__dirname, `worker-entry${path.extname(__filename)}`);

/** Items per slice: copying 1,000 vouchers to a thread takes the event loop about 5 ms. */
const SLICE = 1_000;

/** The input as the caller may give it: an array sent in slices may also come as pages read meanwhile. */
export type Sendable<I> = { [K in keyof I]: I[K] | (NonNullable<I[K]> extends Array<infer T> ? AsyncIterable<T[]> : never) };

export interface RunOptions<I> {
  /**
   * Arrays of the input to send in slices, the event loop free between two: copying 60,000 vouchers in one
   * message would hold it for 300 ms. Given as an AsyncIterable of pages, an array is sent page by page as it is
   * read, and never held whole on the main thread. The task receives each whole; a key holding neither is sent as is.
   */
  sliced?: ReadonlyArray<keyof I & string>;
}

/** A task under way: `sent` once its whole input is in the thread's queue, `result` when it is done. */
export interface Started<O> {
  sent: Promise<void>;
  result: Promise<O>;
}

/**
 * The pool of worker threads for CPU-heavy pure work (the distribution engine, chain verification), so that the
 * event loop keeps answering while it runs. One thread fewer than the CPUs (the event loop and PostgreSQL need
 * one), at least one, at a lower priority; threads start on the first task and stop after a minute idle. Closed
 * with the application.
 */
@Injectable()
export class Workers implements OnModuleDestroy {
  private readonly pool = new Piscina({
    filename: ENTRY,
    minThreads: 0,
    maxThreads: Math.max(1, availableParallelism() - 1),
    idleTimeout: 60_000,
    // A lower CPU priority (Linux nice +10, through piscina's optional @napi-rs/nice): when the CPUs are busy, the
    // event loop and PostgreSQL run first and the heavy work waits, rather than the other way round.
    niceIncrement: 10,
    execArgv: FROM_SOURCE ? ['-r', require.resolve('@swc-node/register')] : [],
  });

  /**
   * Calls `task(input)` in a thread: `file` is the task's module (its `__filename`), `task` the function it exports
   * (passed for its name and type). The input and value are copied between threads (structured clone); a
   * Uint8Array at the top of the value is moved instead. Throws what the task threw, as the same core error class.
   */
  run<I extends object, O>(file: string, task: (input: I) => O, input: Sendable<I>, options: RunOptions<I> = {}): Promise<Awaited<O>> {
    return this.start(file, task, input, options).result;
  }

  /**
   * As run, but answers as soon as the task is queued: a caller that reads the input's pages inside a
   * transaction awaits `sent` in it, and `result` after it has given its connection back.
   */
  start<I extends object, O>(file: string, task: (input: I) => O, input: Sendable<I>, options: RunOptions<I> = {}): Started<Awaited<O>> {
    const sliced = (options.sliced ?? []).filter((key) => Array.isArray(input[key]) || isAsyncIterable(input[key]));
    let sent: Promise<void> = Promise.resolve();
    let running: Promise<TaskOutcome>;
    if (sliced.length === 0) {
      running = this.pool.run({ file, name: task.name, input } satisfies TaskMessage);
    } else {
      const { port1, port2 } = new MessageChannel();
      const head = { ...input, ...Object.fromEntries(sliced.map((key) => [key, []])) };
      running = this.pool.run({ file, name: task.name, input: head, slices: port2 } satisfies TaskMessage, { transferList: [port2] });
      sent = sendSlices(port1, input as Record<string, unknown[] | AsyncIterable<unknown[]>>, sliced);
    }
    const result = (async (): Promise<Awaited<O>> => {
      await sent;
      const outcome = await running;
      if (!outcome.ok) throw reviveError(outcome.error);
      return outcome.value as Awaited<O>;
    })();
    // Either may fail before its caller awaits it: neither is then an unhandled rejection.
    sent.catch(() => undefined);
    result.catch(() => undefined);
    running.catch(() => undefined);
    return { sent, result };
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.destroy();
  }
}

function isAsyncIterable(v: unknown): v is AsyncIterable<unknown[]> {
  return typeof v === 'object' && v !== null && Symbol.asyncIterator in v;
}

async function sendSlices(
  port: MessagePort,
  input: Record<string, unknown[] | AsyncIterable<unknown[]>>,
  keys: readonly string[],
): Promise<void> {
  const post = (slice: Slice) => port.postMessage(slice);
  try {
    for (const key of keys) {
      const source = input[key];
      for await (const page of Array.isArray(source) ? [source] : source) {
        for (let at = 0; at < page.length; at += SLICE) {
          post({ key, items: page.slice(at, at + SLICE) });
          await new Promise(setImmediate);
        }
      }
    }
    post({ done: true });
  } catch (e) {
    post({ abort: `the input could not be sent to the worker: ${(e as Error).message}` });
    throw e;
  }
}
