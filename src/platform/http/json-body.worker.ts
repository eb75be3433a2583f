/**
 * A large JSON body's checks as a worker-thread task (src/platform/workers runs it; raw-input.ts's deferredJsonBody
 * calls it): the depth scan, the parse and the walk for values no field may hold, off the event loop.
 */
import { JsonVetting, vetJsonBody } from './json-text';

/** This module's path, for the pool: .ts from source, .js built. */
export const JSON_BODY_WORKER = __filename;

export function vetJsonBodyTask(input: { bytes: Uint8Array }): JsonVetting {
  return vetJsonBody(input.bytes);
}
