import ExcelJS from 'exceljs';
import { RawCell } from '../../../src/core/imports/cells';
import { ImportRow, readTables, RawTable, UploadTables } from '../../../src/core/imports/read';
import { SheetKind, SHEETS } from '../../../src/core/imports/sheets';
import { templateWorkbook } from '../../../src/imports/template';
import { readUpload } from '../../../src/imports/upload-reader';
import { readXlsxRows } from '../../../src/imports/xlsx-reader';
import { workbookFile, zip } from './zip-writer';

/** Every sheet of a workbook, whole. */
async function readXlsx(file: Buffer): Promise<RawTable[]> {
  const tables: RawTable[] = [];
  await readXlsxRows(file, (name) => {
    const rows: RawTable['rows'] = [];
    tables.push({ name, rows });
    return (number, cells) => rows.push({ number, cells });
  });
  return tables;
}

/** An upload read as the worker reads it: the rows that pass, the problems, and why the file is unreadable, if it is. */
async function upload(name: string, file: Buffer) {
  const rows: Array<[SheetKind, ImportRow]> = [];
  const tables = new UploadTables((kind, row) => rows.push([kind, row]));
  const unreadable = await readUpload(name, file, tables);
  return { unreadable, rows, issues: tables.issues };
}

const text = (t: string): RawCell => ({ t: 'text', text: t });
const number = (t: string): RawCell => ({ t: 'number', value: Number(t), text: t });
const date = (d: string): RawCell => ({ t: 'date', date: d });
const CORRUPT = '无法读取这个 Excel 工作簿：文件已损坏，或不是 .xlsx 格式';

/** One sheet's rows as [row number, cells], a hole shown as null. */
async function sheet(data: string, parts: Omit<Parameters<typeof workbookFile>[0], 'sheets'> = {}) {
  const [table] = await readXlsx(workbookFile({ ...parts, sheets: [{ name: '出资', data }] }));
  return table.rows.map((r) => [r.number, Array.from(r.cells, (c) => c ?? null)]);
}

describe('the XLSX reader', () => {
  it('reads shared strings: plain, with kept spaces, rich text runs joined, without the phonetic guide', async () => {
    const strings = [
      '<t>项目编码</t>',
      '<t xml:space="preserve">  前兴稍村 </t>',
      '<r><t>首期</t></r><r><rPr><b/></rPr><t xml:space="preserve">出资 </t></r><rPh sb="0" eb="2"><t>しゅき</t></rPh>',
      '<t>两行_x000D_\n文字，_x005F_x0041_ 原样 &amp; &lt;</t>',
    ];
    const data =
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>';
    expect(await sheet(data, { strings })).toEqual([
      [1, [text('项目编码'), text('  前兴稍村 '), text('首期出资 '), text('两行\r\n文字，_x0041_ 原样 & <')]],
    ]);
  });

  it('reads inline strings, rich or not, and a formula string result', async () => {
    const data =
      '<row r="2"><c r="A2" t="inlineStr"><is><t>QXS-1</t></is></c>' +
      '<c r="B2" t="inlineStr"><is><r><t>郭道</t></r><r><t>镇</t></r></is></c>' +
      '<c r="C2" t="str"><f>A2&amp;"!"</f><v>QXS-1!</v></c></row>';
    expect(await sheet(data)).toEqual([[2, [text('QXS-1'), text('郭道镇'), text('QXS-1!')]]]);
  });

  it('places cells by their reference, skipping columns and rows as the sheet does, and drops rows without a value', async () => {
    const data =
      '<row r="3"><c r="B3"><v>1</v></c><c r="E3"><v>2</v></c><c><v>3</v></c></row>' +
      // Formatted but empty: no row of the table.
      '<row r="4"><c r="A4" s="0"/><c r="B4" t="s"/></row>' +
      '<row><c r="AA5" t="inlineStr"><is><t>远</t></is></c></row>' +
      '<row r="9" spans="1:2"><c t="inlineStr"><is><t>x</t></is></c><c><v>-0.5</v></c></row>';
    const rows = await sheet(data);
    expect(rows).toEqual([
      [3, [null, number('1'), null, null, number('2'), number('3')]],
      [5, [...Array<null>(26).fill(null), text('远')]],
      [9, [text('x'), number('-0.5')]],
    ]);
  });

  it('reads a number in a date format as its day, in the 1900 date system with its leap-year bug', async () => {
    const styles = {
      numFmts:
        '<numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="#,##0.00&quot;d&quot;"/><numFmt numFmtId="166" formatCode="[Red][$-804]0.00"/><numFmt numFmtId="167" formatCode="[$-804]yyyy/mm/dd"/>',
      // s = 0: General; 1: built-in 14; 2: 年月日; 3: "d" quoted; 4: [Red] with a locale; 5: [$-804]yyyy/mm/dd; 6: built-in 57 (yyyy"年"m"月")
      cellXfs:
        '<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="167"/><xf numFmtId="57"/>',
    };
    const data =
      '<row r="1"><c r="A1" s="1"><v>45657</v></c><c r="B1" s="2"><v>45657.75</v></c><c r="C1" s="3"><v>45657</v></c>' +
      '<c r="D1" s="4"><v>45657</v></c><c r="E1" s="5"><v>43586</v></c><c r="F1" s="6"><v>45658</v></c><c r="G1" s="0"><v>45657</v></c></row>' +
      // Excel's serial 59 is 1900-02-28, 60 the 29 February 1900 that never was, 61 is 1900-03-01; 0 shows as 1900-01-00.
      '<row r="2"><c r="A2" s="1"><v>1</v></c><c r="B2" s="1"><v>59</v></c><c r="C2" s="1"><v>60</v></c><c r="D2" s="1"><v>61</v></c><c r="E2" s="1"><v>0</v></c><c r="F2" s="1"><v>-1</v></c></row>';
    expect(await sheet(data, { styles })).toEqual([
      [
        1,
        [date('2024-12-31'), date('2024-12-31'), number('45657'), number('45657'), date('2019-05-01'), date('2025-01-01'), number('45657')],
      ],
      [2, [date('1900-01-01'), date('1900-02-28'), date('1900-02-29'), date('1900-03-01'), date('1900-01-00'), number('-1')]],
    ]);
  });

  it('reads dates in the 1904 date system', async () => {
    const styles = { cellXfs: '<xf numFmtId="0"/><xf numFmtId="14"/>' };
    const data = '<row r="1"><c r="A1" s="1"><v>44195</v></c><c r="B1" s="1"><v>0</v></c><c r="C1" s="1"><v>1</v></c></row>';
    expect(await sheet(data, { styles, date1904: true })).toEqual([[1, [date('2024-12-31'), date('1904-01-01'), date('1904-01-02')]]]);
  });

  it('reads a formula by its cached value, and a formula without one, or with an error, as a formula', async () => {
    const data =
      '<row r="1"><c r="A1"><f>1+1</f><v>2</v></c><c r="B1"><f t="shared" ref="B1:B2" si="0">A1*2</f><v>4</v></c>' +
      '<c r="C1"><f>SUM(A1:B1)</f></c><c r="D1"><f t="shared" si="0"/></c><c r="E1" t="e"><f>1/0</f><v>#DIV/0!</v></c>' +
      '<c r="F1" t="b"><v>1</v></c><c r="G1" t="b"><v>0</v></c><c r="H1" t="str"><f>X1</f></c></row>';
    expect(await sheet(data)).toEqual([
      [1, [number('2'), number('4'), { t: 'formula' }, { t: 'formula' }, { t: 'formula' }, text('true'), text('false'), { t: 'formula' }]],
    ]);
  });

  it('keeps the number as the file spells it', async () => {
    const data = '<row r="1"><c r="A1"><v>248360.64</v></c><c r="B1"><v>0.30000000000000004</v></c><c r="C1"><v>1E-3</v></c></row>';
    expect(await sheet(data)).toEqual([[1, [number('248360.64'), number('0.30000000000000004'), number('1E-3')]]]);
  });

  it('reads every sheet of a workbook of 8, in the order of its tabs', async () => {
    const names = ['说明', '乡镇', '村', '项目', '参与村', '出资', '经营成果', '期初余额'];
    const file = workbookFile({ sheets: names.map((name, i) => ({ name, data: `<row r="1"><c r="A1"><v>${i}</v></c></row>` })) });
    const tables = await readXlsx(file);
    expect(tables.map((t) => [t.name, t.rows[0].cells[0]])).toEqual(names.map((n, i) => [n, number(String(i))]));
  });

  it('reads a sheet larger than one inflated piece, characters split between pieces included', async () => {
    const rows = Array.from(
      { length: 5000 },
      (_, i) =>
        `<row r="${i + 2}"><c r="A${i + 2}" t="inlineStr"><is><t>第${i + 1}村股份经济合作社</t></is></c><c r="B${i + 2}"><v>${i}.25</v></c></row>`,
    );
    const [table] = await readXlsx(workbookFile({ sheets: [{ name: '村', data: rows.join('') }] }));
    expect(table.rows).toHaveLength(5000);
    expect(table.rows[4999]).toEqual({ number: 5001, cells: [text('第5000村股份经济合作社'), number('4999.25')] });
    expect(table.rows.every((r, i) => r.cells[0].t === 'text' && r.cells[0].text === `第${i + 1}村股份经济合作社`)).toBe(true);
  });

  it('reads stored (not deflated) parts and an element prefix', async () => {
    const file = workbookFile({ sheets: [{ name: '乡镇', data: '<row r="1"><c r="A1" t="inlineStr"><is><t>GUODAO</t></is></c></row>' }] });
    const parts = await unzipToParts(file);
    const prefixed = parts.map((p) =>
      p.name.startsWith('xl/worksheets/')
        ? {
            ...p,
            stored: true,
            data: '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>GUODAO</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>',
          }
        : { ...p, stored: true },
    );
    expect(await readXlsx(zip(prefixed))).toEqual([{ name: '乡镇', rows: [{ number: 1, cells: [text('GUODAO')] }] }]);
  });

  it('reads back the template exceljs writes, and its example rows pass the import checks', async () => {
    const tables = await readXlsx(await templateWorkbook());
    expect(tables.map((t) => t.name)).toEqual(['说明', ...SHEETS.map((s) => s.zh)]);
    const capital = tables.find((t) => t.name === '出资')!;
    expect(capital.rows.map((r) => r.cells)).toEqual([
      ['项目编码', '村编码', '日期', '金额', '方式', '资金来源', '凭据号', '备注'].map(text),
      ['QXS-1', 'QXS', '2019-05-01', '500000.00', '现金', '财政衔接资金', '沁财农〔2019〕12号', '首期出资'].map(text),
    ]);
    const { rows, issues } = readTables(tables);
    expect(issues).toEqual([]);
    expect(rows.capital[0].values).toEqual({
      project: 'QXS-1',
      village: 'QXS',
      date: '2019-05-01',
      amount: '500000.00',
      kind: 'cash',
      source: '财政衔接资金',
      reference: '沁财农〔2019〕12号',
      memo: '首期出资',
    });
    expect(rows.results[0].values).toMatchObject({ year: 2025, revenue: '2650000.00', logs: 300000, jobs: 85 });
    // Row by row, as the worker reads it: the same rows, in the same order.
    const streamed = await upload('导入模板.xlsx', await templateWorkbook());
    expect(streamed.unreadable).toBeNull();
    expect(streamed.issues).toEqual([]);
    expect(streamed.rows).toEqual(SHEETS.map((s) => [s.kind, rows[s.kind][0]]));
  });

  it('reads a workbook exceljs writes with numbers, dates, formulas and rich text as Excel holds them', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('出资');
    ws.addRow(['金额', '日期', '公式', '无值公式', '富文本', '错误']);
    ws.addRow([
      248360.64,
      new Date(Date.UTC(2024, 11, 31)),
      { formula: 'A2*2', result: 496721.28 },
      { formula: 'A2*3' },
      { richText: [{ text: '首期' }, { font: { bold: true }, text: '出资' }] },
      { error: '#N/A' },
    ] as ExcelJS.CellValue[]);
    ws.getCell('H3').value = 0.1 + 0.2;
    const [table] = await readXlsx(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(table.rows.map((r) => [r.number, Array.from(r.cells, (c) => c ?? null)])).toEqual([
      [1, ['金额', '日期', '公式', '无值公式', '富文本', '错误'].map(text)],
      [2, [number('248360.64'), date('2024-12-31'), number('496721.28'), { t: 'formula' }, text('首期出资'), { t: 'formula' }]],
      [3, [null, null, null, null, null, null, null, number('0.30000000000000004')]],
    ]);
  });

  it.each<[string, () => Promise<Buffer>]>([
    ['cut short', async () => (await templateWorkbook()).subarray(0, 3000)],
    ['a damaged part (CRC)', async () => damaged(await templateWorkbook())],
    ['malformed XML', async () => workbookFile({ sheets: [{ name: '村', data: '<row r="1"><c r="A1"><v>1</v></row>' }] })],
    [
      'a shared string that is not there',
      async () => workbookFile({ sheets: [{ name: '村', data: '<row><c t="s"><v>3</v></c></row>' }], strings: ['<t>a</t>'] }),
    ],
    ['a ZIP file that holds no workbook', async () => zip([{ name: 'word/document.xml', data: '<document/>' }])],
  ])('says a file with %s cannot be read', async (_why, file) => {
    expect((await upload('x.xlsx', await file())).unreadable).toEqual({ name: 'x.xlsx', row: null, message: CORRUPT });
  });

  it('takes nothing from a workbook found unreadable half-way: neither the rows nor the problems read before', async () => {
    const file = workbookFile({
      sheets: [
        {
          name: '乡镇',
          data: '<row r="1"><c t="inlineStr"><is><t>编码</t></is></c><c t="inlineStr"><is><t>名称</t></is></c></row><row r="2"><c t="inlineStr"><is><t>GUODAO</t></is></c><c t="inlineStr"><is><t>郭道镇</t></is></c></row>',
        },
        { name: '未知', data: '' },
        { name: '村', data: '<row r="1"><c t="s"><v>9</v></c></row>' },
      ],
    });
    const rows: ImportRow[] = [];
    const read = new UploadTables((_kind, row) => rows.push(row));
    expect(await readUpload('bad.xlsx', file, read)).toEqual({ name: 'bad.xlsx', row: null, message: CORRUPT });
    // Not even the unknown sheet 未知 read before 村 failed.
    expect(read.issues).toEqual([]);
    // The rows of 乡镇 went out before the file failed (the worker drops them with its packer); its name is free again.
    expect(rows.map((r) => r.values.code)).toEqual(['GUODAO']);
    const again = await readUpload('乡镇.csv', Buffer.from('编码,名称\nGUODAO,郭道镇'), read);
    expect(again).toBeNull();
    expect(read.issues).toEqual([]);
  });
});

/** The parts of a ZIP file our writer made: each local header's name and data (deflated parts inflated). */
async function unzipToParts(file: Buffer): Promise<Array<{ name: string; data: Buffer }>> {
  const { inflateRawSync } = await import('node:zlib');
  const parts: Array<{ name: string; data: Buffer }> = [];
  for (let at = 0; file.readUInt32LE(at) === 0x04034b50;) {
    const method = file.readUInt16LE(at + 8);
    const size = file.readUInt32LE(at + 18);
    const nameLength = file.readUInt16LE(at + 26);
    const name = file.toString('utf8', at + 30, at + 30 + nameLength);
    const body = file.subarray(at + 30 + nameLength, at + 30 + nameLength + size);
    parts.push({ name, data: method === 8 ? inflateRawSync(body) : body });
    at += 30 + nameLength + size;
  }
  return parts;
}

/** The file with one byte of its first worksheet's compressed data changed. */
function damaged(file: Buffer): Buffer {
  const copy = Buffer.from(file);
  const at = copy.indexOf('xl/worksheets/sheet2.xml');
  copy[at + 'xl/worksheets/sheet2.xml'.length + 40] ^= 0xff;
  return copy;
}
