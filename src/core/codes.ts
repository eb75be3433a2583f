/**
 * Codes name villages, projects, payees, buckets and deductions. They are
 * compared in plain ASCII order (the rulebook's "code order").
 */

const CODE = /^[A-Za-z0-9_-]{1,32}$/;

/** The reason `value` is not a code, or null when it is one. */
export function codeIssue(value: unknown): string | null {
  if (typeof value !== 'string') return '须为代码字符串：1 到 32 个字符，只能用字母 A-Z a-z、数字 0-9、"_" 和 "-"，例如 "V01"';
  if (!CODE.test(value))
    return `"${value.slice(0, 40)}" 不是有效代码：须为 1 到 32 个字符，只能用字母 A-Z a-z、数字 0-9、"_" 和 "-"，例如 "V01"`;
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
