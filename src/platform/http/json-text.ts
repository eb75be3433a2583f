/**
 * A JSON body as bytes, without Nest or Express, so that a worker thread can do what the body parser and
 * raw-input.ts do on the event loop: scan its depth, decode and parse it exactly as body-parser's JSON parser
 * does, and find a value no field may hold.
 */
import { unsafeInputIssue } from './unsafe-value';
import type { FieldIssue } from '../../core/errors';

/** Deeper JSON is refused before it is parsed: no request of this API nests more than a few levels, and recursion must stay bounded. */
export const MAX_JSON_DEPTH = 64;

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

/** body-parser's JSON parser failed, or the nesting is too deep: the `type` of its error, which the exception filter answers by. */
export type JsonBodyFault = 'entity.parse.failed' | 'entity.too.deep';

/** What vetting a whole body found: nothing, a fault of the text, or the first value no field may hold. */
export type JsonVetting = { ok: true } | { fault: JsonBodyFault } | { issue: FieldIssue };

/** RFC 7159's whitespace, which body-parser skips to find the first character of a strict body. */
// eslint-disable-next-line no-control-regex -- tab, line feed and carriage return are the whitespace meant
const FIRST_NON_WHITESPACE = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d]|$)/;

/**
 * A UTF-8 body (checked before) parsed as body-parser's strict JSON parser does for charset utf-8: decoded with a
 * leading byte-order mark dropped (iconv-lite's way), an empty body as {}, anything but an object or array at the
 * first non-blank character refused, then JSON.parse. Throws a SyntaxError where body-parser would.
 */
export function parseJsonBody(bytes: Uint8Array): unknown {
  const text = new TextDecoder('utf-8').decode(bytes);
  if (text.length === 0) return {};
  if (text[0] !== '{' && text[0] !== '[') {
    const first = FIRST_NON_WHITESPACE.exec(text)?.[1];
    if (first !== '{' && first !== '[') throw new SyntaxError('a JSON body must be an object or an array');
  }
  return JSON.parse(text);
}

/**
 * The checks a UTF-8 JSON body gets between the body parser's `verify` hook and the validation pipe, in their order:
 * depth, parse, then the walk for values no field may hold when the scan found something to walk for.
 */
export function vetJsonBody(bytes: Uint8Array): JsonVetting {
  const scan = scanJson(bytes, MAX_JSON_DEPTH);
  if (scan.tooDeep) return { fault: 'entity.too.deep' };
  let value: unknown;
  try {
    value = parseJsonBody(bytes);
  } catch {
    return { fault: 'entity.parse.failed' };
  }
  const issue = scan.suspicious ? unsafeInputIssue(value) : null;
  return issue ? { issue } : { ok: true };
}
