/**
 * Codes name villages, projects, payees, buckets and deductions. They are
 * compared in plain ASCII order (the rulebook's "code order").
 */

const CODE = /^[A-Za-z0-9_-]{1,32}$/;

/** The reason `value` is not a code, or null when it is one. */
export function codeIssue(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a code string (1 to 32 of A-Z a-z 0-9 _ -)';
  if (!CODE.test(value)) return `"${value.slice(0, 40)}" is not a code (1 to 32 of A-Z a-z 0-9 _ -)`;
  return null;
}

/** ASCII order; codes are ASCII so UTF-16 code-unit order is the same thing. */
export function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A dictionary keyed by codes. `__proto__` is a valid code, so plain `obj[k] = v`
 * would silently set the prototype instead; define the property instead.
 */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
