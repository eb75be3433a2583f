import type { Request, Response } from 'express';
import { StoredResponse } from './idempotency.service';

/** The Idempotency-Key header of a request, if any. */
export function idempotencyKey(req: Request): string | undefined {
  return req.header('idempotency-key') ?? undefined;
}

/** The scope a key is bound to: method and path (so one key cannot serve two routes). */
export function idempotencyScope(req: Request): string {
  return `${req.method} ${req.path}`;
}

/** Sends a stored (or fresh) response with its own status. */
export function reply(res: Response, r: StoredResponse): unknown {
  res.status(r.status);
  return r.body;
}
