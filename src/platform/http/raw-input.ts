import { isUtf8 } from 'node:buffer';
import type { NextFunction, Request, Response } from 'express';
import { badInput, unsafeInputIssue } from './unsafe-input';

/** Deeper JSON is refused before it is parsed: no request of this API nests more than a few levels, and recursion must stay bounded. */
export const MAX_JSON_DEPTH = 64;

/** An error body-parser and Express pass on: its `type` tells the exception filter what to answer. */
export class RawInputError extends Error {
  // The fields of an http-errors error, which body-parser and Nest's Express adapter recognise (and reassign).
  expose = true;
  statusCode: number;
  constructor(
    public status: number,
    public type: string,
    message: string,
  ) {
    super(message);
    this.statusCode = status;
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;
const U = 0x75;
const ZERO = 0x30;
const NINE = 0x39;
const DOT = 0x2e;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const UNDERSCORE = 0x5f;
const LOWER_C = 0x63;
const KEYS = ['"__proto__"', '"constructor"'].map((k) => Buffer.from(k));

function hex(c: number): number {
  if (c >= ZERO && c <= NINE) return c - ZERO;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x57 : -1;
}

function startsWithAt(text: Uint8Array, at: number, word: Uint8Array): boolean {
  if (at + word.length > text.length) return false;
  for (let k = 0; k < word.length; k++) if (text[at + k] !== word[k]) return false;
  return true;
}

export interface JsonScan {
  /** Arrays and objects nested deeper than the limit. */
  tooDeep: boolean;
  /**
   * Something the parsed value must be walked for (unsafe-input.ts): a \u escape of an ASCII character (a NUL, or a
   * key spelled in escapes) or of a surrogate, a `"__proto__"` or `"constructor"` string, a number of 16 or more
   * digits or with an exponent. Ordinary bodies have none, and skip the walk.
   */
  suspicious: boolean;
}

/** One pass over the bytes of a JSON text: its depth (strings skipped) and whether the parsed value needs a walk. */
export function scanJson(text: Uint8Array, maxDepth: number): JsonScan {
  let depth = 0;
  let inString = false;
  let suspicious = false;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === BACKSLASH) {
        if (text[i + 1] === U) {
          const code = (hex(text[i + 2]) << 12) | (hex(text[i + 3]) << 8) | (hex(text[i + 4]) << 4) | hex(text[i + 5]);
          if (code < 0x80 || (code >= 0xd800 && code <= 0xdfff)) suspicious = true;
          i += 5;
        } else i++;
      } else if (c === QUOTE) inString = false;
      continue;
    }
    if (c >= ZERO && c <= NINE) {
      if (++digits >= 16) suspicious = true;
      continue;
    }
    if ((c === LOWER_E || c === UPPER_E) && digits > 0) suspicious = true;
    if (c !== DOT) digits = 0;
    if (c === QUOTE) {
      inString = true;
      const next = text[i + 1];
      if ((next === UNDERSCORE || next === LOWER_C) && KEYS.some((k) => startsWithAt(text, i, k))) suspicious = true;
    } else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > maxDepth) return { tooDeep: true, suspicious };
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) depth--;
  }
  return { tooDeep: false, suspicious };
}

/** Whether the JSON text nests arrays and objects deeper than `max`. */
export function jsonDepthExceeds(text: Uint8Array, max: number): boolean {
  return scanJson(text, max).tooDeep;
}

/** Set on a request whose body must be walked for values no field may hold. */
const NEEDS_WALK = Symbol('json body needs a walk');
/** Bodies the raw scan found nothing suspicious in: the validation pipe need not walk them again. */
const VETTED = new WeakSet<object>();

/**
 * body-parser's `verify` hook, run on the raw bytes before JSON.parse: the body must be UTF-8 (invalid bytes would
 * otherwise become U+FFFD and be stored silently) and nest at most MAX_JSON_DEPTH levels (deeper ones overflow the
 * stack of whatever walks them next).
 */
export function verifyJsonBody(req: Request, _res: unknown, body: Buffer, encoding: string | null): void {
  if (encoding !== null && encoding !== 'utf-8' && encoding !== 'utf8') {
    throw new RawInputError(415, 'charset.unsupported', '请求体须为 UTF-8 编码的 JSON');
  }
  if (!isUtf8(body)) throw new RawInputError(400, 'entity.encoding.invalid', '请求体不是有效的 UTF-8 文本');
  const scan = scanJson(body, MAX_JSON_DEPTH);
  if (scan.tooDeep) throw new RawInputError(400, 'entity.too.deep', `请求体中的数组或对象嵌套超过了 ${MAX_JSON_DEPTH} 层`);
  (req as Request & { [NEEDS_WALK]?: boolean })[NEEDS_WALK] = scan.suspicious;
}

/** After the JSON parser: refuses a body holding a value no field may hold, naming it; marks a clean one as vetted. */
export function refuseUnsafeBody(req: Request, _res: Response, next: NextFunction): void {
  const needsWalk = (req as Request & { [NEEDS_WALK]?: boolean })[NEEDS_WALK];
  if (needsWalk === undefined) return next();
  if (needsWalk) {
    const issue = unsafeInputIssue(req.body);
    if (issue) return next(badInput([issue]));
  }
  if (req.body !== null && typeof req.body === 'object') VETTED.add(req.body as object);
  next();
}

/** Whether this value is a whole JSON body already checked by refuseUnsafeBody. */
export function isVettedBody(value: unknown): boolean {
  return value !== null && typeof value === 'object' && VETTED.has(value);
}

/**
 * Refuses a URL whose percent-encoding is not UTF-8 (`%FF`, `%ED%A0%80`): Node's query parser would turn those
 * bytes into U+FFFD without a word.
 */
export function refuseMalformedUrl(req: Request, _res: Response, next: NextFunction): void {
  try {
    decodeURIComponent(req.originalUrl ?? req.url);
    next();
  } catch {
    next(new RawInputError(400, 'url.encoding.invalid', '网址中的百分号编码不是有效的 UTF-8'));
  }
}
