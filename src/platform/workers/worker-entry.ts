/**
 * What every thread of the pool runs (workers.ts): it loads the task's module by path, calls the named export and
 * returns its value. Errors travel back as data, so the main thread can throw the same core error the inline call
 * would have; byte arrays in the value are moved, not copied.
 */
import type { MessagePort } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { describeError, Slice, TaskMessage, TaskOutcome } from './task-outcome';

type Task = (input: unknown) => unknown;

export default async function runTask({ file, name, input, slices }: TaskMessage): Promise<unknown> {
  let outcome: TaskOutcome;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the task's module, by path: the platform imports no feature
    const task = (require(file) as Record<string, unknown>)[name];
    if (typeof task !== 'function') throw new Error(`${file} exports no function ${name}`);
    outcome = { ok: true, value: await (task as Task)(slices ? await assemble(input, slices) : input) };
  } catch (e) {
    return { ok: false, error: describeError(e) } satisfies TaskOutcome;
  }
  const buffers = movableBuffers(outcome.value);
  return buffers.length ? move({ [transferableSymbol]: buffers, [valueSymbol]: outcome } as never) : outcome;
}

/** The input with its sliced arrays filled in, in the order the slices were posted. */
function assemble(input: unknown, port: MessagePort): Promise<unknown> {
  const whole = { ...(input as Record<string, unknown[]>) };
  return new Promise((resolve, reject) => {
    port.on('message', (m: Slice) => {
      if ('key' in m) for (const item of m.items) whole[m.key].push(item);
      else {
        port.close();
        if ('done' in m) resolve(whole);
        else reject(new Error(m.abort));
      }
    });
  });
}

/** The ArrayBuffers of the byte arrays at the top of the value (a result's JSON text, say), which only this array views. */
function movableBuffers(value: unknown): ArrayBuffer[] {
  if (typeof value !== 'object' || value === null) return [];
  const views = (value instanceof Uint8Array ? [value] : Object.values(value)).filter((v): v is Uint8Array => v instanceof Uint8Array);
  return views.filter((v) => v.byteOffset === 0 && v.byteLength === v.buffer.byteLength).map((v) => v.buffer as ArrayBuffer);
}
