/**
 * The XLSX renderer, read back with exceljs: one sheet per table with Chinese names, money and ratios as numbers
 * with their formats, a frozen header, the totals row, and a 说明 sheet that keeps the footer (the digest).
 */
import ExcelJS from 'exceljs';
import { InvariantError } from '../../../../src/core/errors';
import type { Document, Table } from '../../../../src/platform/documents/document';
import { renderXlsx } from '../../../../src/platform/documents/xlsx-renderer';
import { statement, villagesTable } from './fixture';

async function read(document: Document): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await renderXlsx(document)) as unknown as ArrayBuffer);
  return workbook;
}

describe('renderXlsx', () => {
  it('writes each table on its own sheet: Chinese header, numbers as numbers with formats, totals last', async () => {
    const workbook = await read(statement(3));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['各村分红', '说明']);
    const sheet = workbook.getWorksheet('各村分红')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '村', '出资额', '分红合计', '占出资比例', '持有天数', '加入日期']);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const first = sheet.getRow(2);
    expect(first.getCell(1).value).toBe('程壁村1');
    expect(first.getCell(2).value).toBe(500000);
    expect(first.getCell(2).numFmt).toBe('#,##0.00');
    expect(first.getCell(3).value).toBe(34500);
    expect(sheet.getRow(3).getCell(3).value).toBe(-12.3);
    expect(first.getCell(4).value).toBe(6.9);
    expect(first.getCell(4).numFmt).toBe('0.00"%"');
    expect(first.getCell(5).value).toBe(365);
    expect(first.getCell(6).value).toEqual(new Date('2025-01-01T00:00:00Z'));
    expect(first.getCell(6).numFmt).toBe('yyyy-mm-dd');
    const totals = sheet.getRow(5);
    expect(sheet.rowCount).toBe(5);
    expect(totals.getCell(1).value).toBe('合计');
    expect(totals.font?.bold).toBe(true);
    expect([totals.getCell(2).value, totals.getCell(3).value]).toEqual([1500000, 68987.7]);
    // The totals equal the sums of the rows, to the fen.
    for (const column of [2, 3]) {
      const fen = [2, 3, 4].reduce((sum, r) => sum + Math.round((sheet.getRow(r).getCell(column).value as number) * 100), 0);
      expect(fen).toBe(Math.round((totals.getCell(column).value as number) * 100));
    }
  });

  it('keeps the largest amount to the fen: a decimal string of 15 digits reads back the same', async () => {
    const table: Table = {
      name: '大额',
      columns: [{ key: 'a', title: '金额', kind: 'money' }],
      rows: [{ a: '9999999999999.99' }, { a: '-0.01' }, { a: null }],
    };
    const sheet = (await read({ ...statement(1), pages: [{ title: 'x', blocks: [{ kind: 'table', table }] }] })).getWorksheet('大额')!;
    expect(String(sheet.getRow(2).getCell(1).value)).toBe('9999999999999.99');
    expect(sheet.getRow(3).getCell(1).value).toBe(-0.01);
    expect(sheet.getRow(4).getCell(1).value).toBeNull();
  });

  it('names sheets as Excel allows: forbidden characters replaced, at most 31 characters, duplicates numbered', async () => {
    const named = (name: string): Table => ({ ...villagesTable(1), name });
    const pages = [named('分红/明细:2025'), named('分红/明细:2025'), named('很'.repeat(40))].map((table) => ({
      title: 't',
      blocks: [{ kind: 'table' as const, table }],
    }));
    const workbook = await read({ ...statement(1), pages });
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['分红_明细_2025', '分红_明细_2025（2）', '很'.repeat(31), '说明']);
  });

  it('keeps the footer and the words outside the tables on the 说明 sheet', async () => {
    const sheet = (await read(statement(2))).getWorksheet('说明')!;
    const rows = sheet
      .getSheetValues()
      .filter(Boolean)
      .map((row) => (row as unknown[]).slice(1));
    expect(rows).toEqual(
      expect.arrayContaining([
        ['文档', '分红明细表'],
        ['项目', '大洪食用菌产业园（DH-1）'],
        ['截至日期', '2025-12-31'],
        ['摘要', '#1234 abcdef012345'],
        ['打印人', '王会计'],
        ['打印时间', '2026-01-05 10:00:00'],
        ['大写', '人民币叁万肆仟伍佰元整'],
        ['会计主管', '李主管'],
      ]),
    );
  });

  it('refuses a percentage that is not a decimal string', async () => {
    const document = statement(2);
    const block = document.pages[0].blocks.find((b) => b.kind === 'table')!;
    if (block.kind === 'table') block.table.rows[0].ratio = '6.9%';
    await expect(renderXlsx(document)).rejects.toThrow(InvariantError);
  });
});
