/**
 * Rows of a bulk insert a statement at a time: one `unnest` statement per 5,000 rows keeps each round trip's
 * parameters (one array per column) a few megabytes, however large the import.
 */
export const BULK_CHUNK = 5000;

export function* chunks<T>(items: readonly T[], size = BULK_CHUNK): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
