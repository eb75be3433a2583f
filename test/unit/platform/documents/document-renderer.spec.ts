/**
 * DocumentRenderer: rendering in the worker pool gives what the inline renderers give, the file's bytes come back
 * as a Uint8Array, and a builder's malformed cell is thrown on the main thread as the same core error.
 */
import 'reflect-metadata';
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { InvariantError } from '../../../../src/core/errors';
import { renderCsv } from '../../../../src/platform/documents/csv-renderer';
import { DocumentRenderer } from '../../../../src/platform/documents/document-renderer';
import { renderDocument } from '../../../../src/platform/documents/render.worker';
import { Workers } from '../../../../src/platform/workers/workers';
import { statement } from './fixture';

describe('DocumentRenderer (worker pool)', () => {
  const workers = new Workers();
  const sut = new DocumentRenderer(workers);
  afterAll(() => workers.onModuleDestroy());

  it('renders CSV in a thread byte for byte as inline', async () => {
    const document = statement(30);
    const bytes = await sut.render(document, 'csv');
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.compare(Buffer.from(bytes), Buffer.from(renderCsv(document)))).toBe(0);
  });

  it('renders a PDF in a thread whose text pdftotext reads', async () => {
    const pdf = await sut.render(statement(45), 'pdf');
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-raw', '-', '-'], { input: pdf, encoding: 'utf8' });
    expect(text).toContain('程壁村45 ¥500,000.00');
    expect(text).toContain('第 2 / 2 页');
  });

  it('renders an XLSX in a thread that exceljs reads as the inline one', async () => {
    const sheets = async (bytes: Uint8Array) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
      return workbook.worksheets.map((sheet) => [sheet.name, sheet.getSheetValues()]);
    };
    const inThread = await sut.render(statement(3), 'xlsx');
    expect(await sheets(inThread)).toEqual(await sheets(await renderDocument({ document: statement(3), format: 'xlsx' })));
  });

  it('throws a malformed cell as the InvariantError the inline call throws', async () => {
    const document = statement(2);
    const block = document.pages[0].blocks.find((b) => b.kind === 'table')!;
    if (block.kind === 'table') block.table.rows[0].capital = '1,000.00';
    await expect(sut.render(document, 'csv')).rejects.toThrow(InvariantError);
    await expect(sut.render(document, 'pdf')).rejects.toThrow('「出资额」列须为形如 "34500.00" 的字符串，实际为 "1,000.00"');
  });
});
