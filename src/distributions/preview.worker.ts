/**
 * POST /distributions/preview of a large document as a worker-thread task (src/platform/workers runs it): the body
 * comes as the bytes the body parser read and a worker checked (raw-input.ts, DeferredJson), and is parsed here, as
 * body-parser would have parsed it, so that the event loop never holds the 40,000-village document.
 */
import { distributeToJson, DistributionOutput } from '../core/distribution/distribution.worker';
import { parseJsonBody } from '../platform/http/json-text';

/** This module's path, for the pool: .ts from source, .js built. */
export const PREVIEW_WORKER = __filename;

export interface PreviewBytes {
  /** The body: UTF-8 JSON, already checked. */
  json: Uint8Array;
  /** The most villages the actor's role may preview at once (preview-limits.ts); none for the system. */
  villageLimit?: number;
}

/** The result, or, when the document names more villages than the limit, their number (and nothing computed). */
export type PreviewOutcome = DistributionOutput | { villages: number };

/** The villages a scenario document names, as the limit counts them: the length of its `villages` array, if it has one. */
export function villageCount(scenario: unknown): number {
  const villages = (scenario as { villages?: unknown } | null)?.villages;
  return Array.isArray(villages) ? villages.length : 0;
}

export function previewJson(input: PreviewBytes): PreviewOutcome {
  const scenario = parseJsonBody(input.json);
  const villages = villageCount(scenario);
  if (input.villageLimit !== undefined && villages > input.villageLimit) return { villages };
  return distributeToJson({ scenario });
}
