/**
 * Choosing the format (query first, then Accept, JSON by default) and sending the file with its Chinese name
 * (RFC 6266 with RFC 5987's filename*), read back as a client decodes it.
 */
import type { Response } from 'express';
import { ValidationError } from '../../../../src/core/errors';
import { contentDisposition, documentFormat, sendDocument } from '../../../../src/platform/documents/document-http';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('documentFormat', () => {
  it.each([
    [undefined, undefined, 'json'], // no wish: JSON, as every route answered before
    ['pdf', undefined, 'pdf'],
    ['XLSX', undefined, 'xlsx'], // case does not matter in a query a person types
    ['json', 'application/pdf', 'json'], // the query wins over the header
    ['', 'text/csv', 'csv'], // an empty ?format= is no wish
    [undefined, 'application/pdf', 'pdf'],
    [undefined, `${XLSX}`, 'xlsx'],
    [undefined, 'text/csv;q=0.5, application/pdf;q=0.9', 'pdf'], // the most preferred served type
    [undefined, 'text/html,application/xhtml+xml,*/*;q=0.8', 'json'], // a browser gets JSON, not a download
    [undefined, 'application/pdf;q=0, text/csv', 'csv'], // q=0 means "not this"
    [undefined, 'image/png', 'json'],
  ])('format %j with Accept %j -> %s', (format, accept, expected) => {
    expect(documentFormat(format, accept)).toBe(expected);
  });

  it('honours the route’s own formats: a PDF-only document refuses xlsx and ignores Accept for csv', () => {
    expect(documentFormat(undefined, 'text/csv', ['pdf'])).toBe('json');
    expect(documentFormat('pdf', undefined, ['pdf'])).toBe('pdf');
    expect(() => documentFormat('xlsx', undefined, ['pdf'])).toThrow(ValidationError);
  });

  it.each([['docx'], ['pdf '.repeat(30)], [['pdf', 'csv']], [42]])(
    'refuses format %j with 400 UNKNOWN_FORMAT naming the field',
    (format) => {
      let error: ValidationError | undefined;
      try {
        documentFormat(format, undefined);
      } catch (e) {
        error = e as ValidationError;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect(error!.code).toBe('UNKNOWN_FORMAT');
      expect(error!.issues).toEqual([{ field: 'format', message: expect.stringContaining('可选 json、pdf、xlsx、csv') }]);
    },
  );
});

describe('contentDisposition', () => {
  /** What a client takes: filename* decoded (RFC 5987), and the plain filename for old ones. */
  const parse = (header: string) => ({
    ascii: /filename="([^"]*)"/.exec(header)![1],
    utf8: decodeURIComponent(/filename\*=UTF-8''([^;\s]+)/.exec(header)![1]),
    starValue: /filename\*=UTF-8''([^;\s]+)/.exec(header)![1],
  });

  it.each([
    ['分红明细表-DH-1-2025', 'xlsx', 'DH-1-2025.xlsx', '分红明细表-DH-1-2025.xlsx'],
    ['分红通知单', 'pdf', 'document.pdf', '分红通知单.pdf'], // no ASCII at all: a neutral name
    ["科目余额表 (2025) 'a'*", 'csv', "(2025) 'a'*.csv", "科目余额表 (2025) 'a'*.csv"],
    ['凭证"2025-12-0003";x', 'pdf', '2025-12-0003__x.pdf', '凭证"2025-12-0003";x.pdf'], // quotes cannot end the header's string
    ['a/b\\c\r\nd', 'csv', 'a_b_c__d.csv', 'a_b_c__d.csv'], // no path, no header injection
  ])('%j.%s -> filename=%j, filename*=%j', (name, ext, ascii, utf8) => {
    const header = contentDisposition(name, ext);
    expect(header.startsWith('attachment; ')).toBe(true);
    expect(parse(header)).toMatchObject({ ascii, utf8 });
    // Only RFC 5987 attr-chars and %XX in the extended value.
    expect(parse(header).starValue).toMatch(/^[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
    expect(header).not.toMatch(/[\r\n]/);
  });
});

describe('sendDocument', () => {
  it('sets the content type, the disposition and the length, and sends the bytes as they are', () => {
    const headers: Record<string, unknown> = {};
    let sent: Buffer | undefined;
    const res = {
      status: jest.fn().mockReturnThis(),
      setHeader: (name: string, value: unknown) => (headers[name] = value),
      end: (body: Buffer) => (sent = body),
    } as unknown as Response;
    const bytes = new TextEncoder().encode('\uFEFF村,金额\r\n');
    sendDocument(res, bytes, 'csv', '分红明细表-DH-1-2025');
    expect(res.status).toHaveBeenCalledWith(200);
    expect(headers).toMatchObject({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Length': bytes.byteLength,
      'Content-Disposition': `attachment; filename="DH-1-2025.csv"; filename*=UTF-8''${encodeURIComponent('分红明细表-DH-1-2025.csv')}`,
    });
    expect(Buffer.compare(sent!, Buffer.from(bytes))).toBe(0);
  });
});
