/**
 * Small helpers for reading untrusted JSON while collecting every issue at
 * once, so a treasurer sees all the mistakes of a document in one go.
 */
import { FieldIssue, ValidationError } from '../errors';
import { codeIssue } from '../codes';
import { dateIssue } from '../dates';
import { parseMoney, parseRate, parseWeight } from '../money';

export type Json = Record<string, unknown>;

export class Issues {
  readonly list: FieldIssue[] = [];
  add(field: string, message: string): void {
    this.list.push({ field, message });
  }
  get count(): number {
    return this.list.length;
  }
}

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks `v` is an object with only the allowed fields and all required ones.
 * Unknown fields are rejected so that a typo ("wieghts") can never move money silently.
 */
export function objectAt(v: unknown, field: string, required: string[], optional: string[], issues: Issues): Json | undefined {
  if (!isObject(v)) {
    issues.add(field, '须为 JSON 对象 {…}');
    return undefined;
  }
  for (const k of Object.keys(v)) {
    if (!required.includes(k) && !optional.includes(k)) issues.add(join(field, k), '未知字段（一律拒收，以免拼写错误悄悄改动金额）');
  }
  for (const k of required) if (!(k in v) || v[k] === undefined) issues.add(join(field, k), '必填');
  return v;
}

export function join(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key;
}

export function arrayAt(v: unknown, field: string, issues: Issues): unknown[] | undefined {
  if (!Array.isArray(v)) {
    issues.add(field, '须为 JSON 数组 […]');
    return undefined;
  }
  return v;
}

export function codeAt(v: unknown, field: string, issues: Issues): string | undefined {
  const issue = codeIssue(v);
  if (issue) issues.add(field, issue);
  return issue ? undefined : (v as string);
}

/** Names are free text shown to people; only their type is checked. */
export function nameAt(v: unknown, field: string, issues: Issues): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length > 200) issues.add(field, '须为字符串，最多 200 个字符');
  return typeof v === 'string' ? v : undefined;
}

export function moneyAt(v: unknown, field: string, issues: Issues, min?: bigint, minText?: string): bigint | undefined {
  const fen = parsedAt(parseMoney, v, field, issues);
  if (fen === undefined) return undefined;
  if (min !== undefined && fen < min) {
    issues.add(field, minText ?? '不能为负数');
    return undefined;
  }
  return fen;
}

export function rateAt(v: unknown, field: string, issues: Issues): bigint | undefined {
  return parsedAt(parseRate, v, field, issues);
}

export function weightAt(v: unknown, field: string, issues: Issues): bigint | undefined {
  return parsedAt(parseWeight, v, field, issues);
}

/**
 * `parse(v, field)`, which checks as it parses (a large scenario has hundreds of thousands of amounts, each checked
 * once rather than checked and then parsed), with the issue it would throw collected into `issues` instead.
 */
function parsedAt(parse: (v: unknown, field: string) => bigint, v: unknown, field: string, issues: Issues): bigint | undefined {
  try {
    return parse(v, field);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    for (const i of e.issues) issues.add(i.field, i.message);
    return undefined;
  }
}

export function dateAt(v: unknown, field: string, issues: Issues): string | undefined {
  const issue = dateIssue(v);
  if (issue) issues.add(field, issue);
  return issue ? undefined : (v as string);
}
