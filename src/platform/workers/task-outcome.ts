/**
 * What crosses between the threads. Structured cloning keeps an Error's message but not its class or fields, so a
 * failure travels as a description and is thrown again on the main thread as the same core error.
 */
import type { MessagePort } from 'node:worker_threads';
import { ConflictError, FieldIssue, InvariantError, NotFoundError, ValidationError } from '../../core/errors';

/** What the main thread posts: the task's module (absolute path), the exported function's name and its argument. */
export interface TaskMessage {
  file: string;
  name: string;
  input: unknown;
  /** When the input's large arrays follow in slices (workers.ts): where they arrive. */
  slices?: MessagePort;
}

/** One message on `slices`: items to append to an array of the input, the end, or why the rest will not come. */
export type Slice = { key: string; items: unknown[] } | { done: true } | { abort: string };

export interface ErrorDescription {
  name: string;
  message: string;
  stack?: string;
  /** The core errors' fields. */
  code?: string;
  issues?: FieldIssue[];
  entity?: string;
  key?: string;
  field?: string;
  /** An HTTP error's (body-parser's, http-errors'): the filter answers by them. */
  type?: string;
  status?: number;
}

export type TaskOutcome = { ok: true; value: unknown } | { ok: false; error: ErrorDescription };

export function describeError(e: unknown): ErrorDescription {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e) };
  const { code, issues, entity, key, field, type, status } = e as Partial<ErrorDescription>;
  return { name: e.name, message: e.message, stack: e.stack, code, issues, entity, key, field, type, status };
}

/** The error the task threw, as the class the HTTP filter and the CLI know. */
export function reviveError(d: ErrorDescription): Error {
  let e: Error;
  if (d.name === 'ValidationError' && d.issues) e = new ValidationError(d.issues, d.code);
  else if (d.name === 'NotFoundError' && d.entity !== undefined && d.key !== undefined) e = new NotFoundError(d.entity, d.key);
  else if (d.name === 'ConflictError') e = new ConflictError(d.message, d.field, d.code);
  else if (d.name === 'InvariantError') e = new InvariantError(d.message);
  else {
    e = new Error(d.message);
    if (d.name !== e.name) e.name = d.name;
    for (const k of ['code', 'type', 'status'] as const) if (d[k] !== undefined) Object.assign(e, { [k]: d[k] });
  }
  // The worker's stack says where it failed; the main thread's would only say "in the pool".
  if (d.stack) e.stack = d.stack;
  return e;
}
