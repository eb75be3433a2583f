/**
 * The engine as a worker-thread task (src/platform/workers runs it): the caller gets the result's JSON as UTF-8
 * bytes, exactly `JSON.stringify(runScenario(scenario))`, so neither the computation nor the stringify of a large
 * result holds the event loop, and the bytes go to the response or the database as the inline call made them.
 */
import { redactionNote, resultForView, VillageView } from '../village-view';
import { runScenario } from './index';

/** This module's path, for the pool: .ts from source, .js built. */
export const DISTRIBUTION_WORKER = __filename;

/**
 * The scenario as an object or as JSON text. A large document travels as its head plus its two long arrays, which
 * the pool sends in slices (workers.ts) and the task puts back in their places: the same document, copied without
 * holding the event loop for the 50–100 ms one structured clone of 40,000 villages takes.
 */
export type DistributionInput = (
  { scenario: unknown; villages?: unknown[]; contributions?: unknown[] } | { scenarioJson: string; villages?: never; contributions?: never }
) & {
  /** A treasurer's view: the answer is the result cut to it, with the note (core/village-view.ts); the hashes stay the whole result's. */
  view?: VillageView;
};

/** The arrays of a DistributionInput that the pool may send in slices. */
export const SLICED: Array<'villages' | 'contributions'> = ['villages', 'contributions'];

export interface DistributionOutput {
  /** The result document's JSON text (cut to the view, if any), UTF-8. */
  json: Uint8Array;
  inputsHash: string;
  resultHash: string;
}

export function distributeToJson(input: DistributionInput): DistributionOutput {
  const scenario = 'scenarioJson' in input ? JSON.parse(input.scenarioJson) : input.scenario;
  // Assigned to the keys the head kept (holding []), so the document's key order is the original's.
  for (const key of SLICED) if (input[key]) (scenario as Record<string, unknown>)[key] = input[key];
  const result = runScenario(scenario);
  const answer = input.view ? { ...resultForView(result, input.view), redacted: redactionNote(input.view) } : result;
  return { json: new TextEncoder().encode(JSON.stringify(answer)), inputsHash: result.inputsHash, resultHash: result.resultHash };
}

/** A scenario document split for the pool: its `villages` and `contributions` arrays apart from the rest. */
export function distributionInput(scenario: unknown): DistributionInput {
  if (typeof scenario !== 'object' || scenario === null || Array.isArray(scenario)) return { scenario };
  const doc = scenario as Record<string, unknown>;
  // Spread defines each own key in order (an own "__proto__" key included); the arrays' places hold [] meanwhile.
  const head: Record<string, unknown> = { ...doc };
  const input: DistributionInput = { scenario: head };
  for (const key of SLICED) {
    const list = doc[key];
    if (Object.hasOwn(doc, key) && Array.isArray(list)) {
      head[key] = [];
      input[key] = list;
    }
  }
  return input;
}
