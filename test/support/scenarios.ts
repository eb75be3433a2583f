/** The worked scenarios in fixtures/scenarios: shared by the unit, e2e and CLI specs. No database. */
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const FIXTURES = path.join(ROOT, 'fixtures/scenarios');

export function scenarioFiles(dir = FIXTURES): string[] {
  return readdirSync(dir)
    .filter((f) => /^[0-9]+[a-z]?-.*\.json$/.test(f) && !f.endsWith('.expected.json'))
    .sort();
}

/**
 * A scenario or result document as parsed JSON. Tests read it, and break its
 * fields on purpose (a number where a string belongs), so it is left untyped.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON, see above
export type JsonDoc = any;

export function readJson(file: string): JsonDoc {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * `actual` cut down to the fields that `expected` has (recursively), so that
 * toEqual compares every expected field while allowing added ones (trace, hashes).
 * Arrays keep their actual length, so a missing or extra line still fails.
 */
export function projectOnto(actual: JsonDoc, expected: JsonDoc): JsonDoc {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return actual;
    return actual.map((a, i) => (i < expected.length ? projectOnto(a, expected[i]) : a));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return actual;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(expected)) if (k in actual) out[k] = projectOnto(actual[k], expected[k]);
    return out;
  }
  return actual;
}
