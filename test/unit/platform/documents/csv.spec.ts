/**
 * The CSV renderer: a BOM, RFC 4180 quoting read back by a small parser written here, money as the books' plain
 * decimal strings, one table bare and several each under its name.
 */
import type { Table } from '../../../../src/platform/documents/document';
import { renderCsv } from '../../../../src/platform/documents/csv-renderer';
import { statement } from './fixture';

/** RFC 4180: fields split on commas, quoted fields may hold commas, doubled quotes and line breaks; records end in CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field || record.length) throw new Error('the last record does not end in CRLF');
  return records;
}

const decode = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);

describe('renderCsv', () => {
  it('starts with a UTF-8 BOM and writes header, rows and totals with money as plain decimal strings', () => {
    const bytes = renderCsv(statement(2));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(parseCsv(decode(bytes).slice(1))).toEqual([
      ['村', '出资额', '分红合计', '占出资比例', '持有天数', '加入日期'],
      ['程壁村1', '500000.00', '34500.00', '6.90', '365', '2025-01-01'],
      ['程壁村2', '500000.00', '-12.30', '6.90', '365', '2025-01-01'],
      ['合计', '1000000.00', '34487.70', '', '', ''],
    ]);
  });

  it('quotes commas, quotes and line breaks, and defuses text a spreadsheet would run as a formula', () => {
    const table: Table = {
      name: '备注',
      columns: [
        { key: 'memo', title: '备注, 说明', kind: 'text' },
        { key: 'amount', title: '金额', kind: 'money' },
      ],
      rows: [
        { memo: '他说"好"', amount: '-1.00' },
        { memo: '第一行\r\n第二行', amount: null },
        { memo: '=HYPERLINK("x")', amount: '0.00' },
        { memo: '-12', amount: '1.00' },
      ],
    };
    const text = decode(renderCsv({ ...statement(1), pages: [{ title: 't', blocks: [{ kind: 'table', table }] }] }));
    expect(text).toContain('"他说""好"""');
    expect(parseCsv(text.slice(1))).toEqual([
      ['备注, 说明', '金额'],
      ['他说"好"', '-1.00'],
      ['第一行\r\n第二行', ''],
      [`'=HYPERLINK("x")`, '0.00'],
      [`'-12`, '1.00'],
    ]);
  });

  it('writes several tables each after a line with its name, a blank line between them', () => {
    const second: Table = { name: '村方记账', columns: [{ key: 'dr', title: '借方', kind: 'text' }], rows: [{ dr: '112 应收款' }] };
    const document = statement(1);
    document.pages.push({ title: '续', blocks: [{ kind: 'table', table: second }] });
    expect(parseCsv(decode(renderCsv(document)).slice(1))).toEqual([
      ['各村分红'],
      ['村', '出资额', '分红合计', '占出资比例', '持有天数', '加入日期'],
      ['程壁村1', '500000.00', '34500.00', '6.90', '365', '2025-01-01'],
      ['合计', '500000.00', '34500.00', '', '', ''],
      [''],
      ['村方记账'],
      ['借方'],
      ['112 应收款'],
    ]);
  });
});
