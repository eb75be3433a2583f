/**
 * How a route that answers JSON also answers a file: the format is chosen by `?format=` or, without it, by the
 * Accept header (JSON stays the default), and the file goes out with its Chinese name (RFC 6266 / RFC 5987).
 */
import type { Response } from 'express';
import { ValidationError } from '../../core/errors';
import type { DocumentFormat } from './document';

export const DOCUMENT_FORMATS: readonly DocumentFormat[] = ['pdf', 'xlsx', 'csv'];

export const CONTENT_TYPES: Readonly<Record<DocumentFormat, string>> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

const BY_MEDIA_TYPE: Readonly<Record<string, DocumentFormat | 'json'>> = {
  'application/json': 'json',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/csv': 'csv',
};

/**
 * The answer's format: `format` (the query parameter, case-insensitive) if given, else the most preferred media
 * type of `accept` that this route serves, else JSON (also for `*\/*`, a browser's `text/html`, or no header).
 * `allowed` lists the files the route gives (the notices are PDF only); a format outside it, or unknown, is a 400
 * with code UNKNOWN_FORMAT naming the field `format`.
 */
export function documentFormat<F extends DocumentFormat>(
  format: unknown,
  accept: string | undefined,
  allowed: readonly F[] = DOCUMENT_FORMATS as readonly F[],
): 'json' | F {
  const served = new Set<string>(['json', ...allowed]);
  if (format !== undefined && format !== '') {
    const wanted = typeof format === 'string' ? format.trim().toLowerCase() : undefined;
    if (wanted !== undefined && served.has(wanted)) return wanted as 'json' | F;
    const shown = typeof format === 'string' ? JSON.stringify(format.slice(0, 40)) : '这个值';
    throw ValidationError.of('format', `不支持格式 ${shown}：可选 ${[...served].join('、')}（不写则为 json）`, 'UNKNOWN_FORMAT');
  }
  for (const type of preferred(accept ?? '')) {
    const match = BY_MEDIA_TYPE[type];
    if (match && served.has(match)) return match as 'json' | F;
  }
  return 'json';
}

/** The media types of an Accept header, most preferred first (q=0 dropped; equal q keep their order). */
function preferred(accept: string): string[] {
  return accept
    .split(',')
    .map((part, index) => {
      const [type, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
      const q = params.find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { type, weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((t) => t.type && t.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((t) => t.type);
}

/**
 * `attachment; filename="<ASCII fallback>.ext"; filename*=UTF-8''<percent-encoded>.ext`: browsers and curl -J
 * use the UTF-8 name (分红明细表-DH-1-2025.xlsx); a client that knows only `filename` gets the ASCII characters of
 * it (DH-1-2025.xlsx), or `document.ext` when there are none.
 */
export function contentDisposition(fileName: string, extension: string): string {
  // Control characters (a header cannot hold them) and path separators become _.
  const name = [...fileName].map((c) => (c < ' ' || c === '\u007f' || c === '/' || c === '\\' ? '_' : c)).join('');
  const ascii =
    name
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["%;]/g, '_')
      .replace(/^[\s._-]+|[\s._-]+$/g, '')
      .trim() || 'document';
  return `attachment; filename="${ascii}.${extension}"; filename*=UTF-8''${rfc5987(`${name}.${extension}`)}`;
}

/** RFC 5987's attr-char set: what encodeURIComponent leaves alone, less ' ( ) * (which it must encode). */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** Sends a rendered document: its content type, the Chinese file name, the length. */
export function sendDocument(res: Response, bytes: Uint8Array, format: DocumentFormat, fileName: string): void {
  sendFile(res, bytes, { contentType: CONTENT_TYPES[format], fileName, extension: format });
}

/** Sends any generated file the same way (the journal for hledger or beancount, say: `text/plain; charset=utf-8`). */
export function sendFile(res: Response, bytes: Uint8Array, file: { contentType: string; fileName: string; extension: string }): void {
  res.status(200);
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', contentDisposition(file.fileName, file.extension));
  res.setHeader('Content-Length', bytes.byteLength);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Vary', 'Accept');
  res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
