import type { FieldIssue } from '../../core/errors';
import { UNKNOWN_FIELD } from './field-labels';

const NUL = '\u0000';
/** In a `u` regular expression a surrogate pair is one code point: only a lone surrogate is matched. */
const LONE_SURROGATE = /\p{Cs}/u;
/** Keys class-transformer skips without a word: they would be dropped instead of refused as unknown. */
const SKIPPED_KEYS = new Set(['__proto__', 'constructor']);

function textIssue(text: string): string | null {
  if (text.includes(NUL)) return '不能含有 NUL 字符（U+0000）';
  if (LONE_SURROGATE.test(text)) return '须为合法的 Unicode 文本（其中有落单的 UTF-16 代理项）';
  return null;
}

/**
 * The first value of a parsed body, query or path parameter that no field may hold, named by its path: text with a
 * NUL or a lone surrogate (PostgreSQL refuses the one, would store the other as U+FFFD), a `__proto__` or
 * `constructor` key, or a JSON number beyond Number.MAX_SAFE_INTEGER (already rounded by JSON.parse: 9007199254740993
 * arrives as …992). Iterative, so depth costs no stack; paths are built only for the value that fails.
 */
export function unsafeInputIssue(value: unknown, root = ''): FieldIssue | null {
  const values: unknown[] = [value];
  const parents: number[] = [-1];
  const keys: string[] = [''];
  const path = (index: number, key?: string): string => {
    const parts: string[] = key === undefined ? [] : [key];
    for (let i = index; i > 0; i = parents[i]) parts.push(keys[i]);
    return parts.reduceRight((p, k) => (/^\d+$/.test(k) ? `${p || 'body'}[${k}]` : p ? `${p}.${k}` : k), root) || 'body';
  };
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'string') {
      const issue = textIssue(v);
      if (issue) return { field: path(i), message: issue };
    } else if (typeof v === 'number') {
      if (Number.isFinite(v) && Math.abs(v) > Number.MAX_SAFE_INTEGER) {
        return { field: path(i), message: `绝对值不能超过 ${Number.MAX_SAFE_INTEGER}：更大的 JSON 数字会丢失位数` };
      }
    } else if (Array.isArray(v)) {
      for (let k = 0; k < v.length; k++) {
        values.push(v[k]);
        parents.push(i);
        keys.push(String(k));
      }
    } else if (v !== null && typeof v === 'object') {
      for (const key of Object.keys(v)) {
        if (SKIPPED_KEYS.has(key)) return { field: path(i, key), message: UNKNOWN_FIELD };
        const issue = textIssue(key);
        if (issue) return { field: path(i), message: `字段名${issue}` };
        values.push((v as Record<string, unknown>)[key]);
        parents.push(i);
        keys.push(key);
      }
    }
  }
  return null;
}
