import { readCell, RawCell } from '../../../src/core/imports/cells';
import { parseCsv } from '../../../src/core/imports/csv';
import { SHEETS } from '../../../src/core/imports/sheets';

const column = (sheet: string, key: string) => SHEETS.find((s) => s.kind === sheet)!.columns.find((c) => c.key === key)!;
const amount = column('capital', 'amount');

describe('an amount cell', () => {
  it.each<[string, RawCell, string]>([
    ['a number cell at two decimals', { t: 'number', value: 1234.5 }, '1234.50'],
    ['a whole number cell', { t: 'number', value: 500000 }, '500000.00'],
    ['a negative number cell (a withdrawal)', { t: 'number', value: -50000.25 }, '-50000.25'],
    ['a text cell', { t: 'text', text: ' 248360.64 ' }, '248360.64'],
  ])('reads %s exactly', (_why, cell, expected) => {
    expect(readCell(cell, amount)).toEqual({ value: expected });
  });

  it.each<[string, RawCell, string]>([
    // Rounding 0.1 + 0.2 to 0.30 would invent or lose a fen the accountant never typed.
    ['a double that is not two decimals', { t: 'number', value: 0.1 + 0.2 }, '"0.30000000000000004" 超过两位小数：金额只能到分'],
    ['three decimals', { t: 'number', value: 100.005 }, '"100.005" 超过两位小数：金额只能到分'],
    // 1e21 prints in exponent form: never read as an amount.
    ['a huge number', { t: 'number', value: 1e21 }, '1e+21 不是可以读取的数字：请写出全部数字'],
    // A comma is a thousands separator to one reader and a decimal point to another.
    ['a comma', { t: 'text', text: '12,3' }, '"12,3" 不是金额（最多两位小数）'],
    ['a formula without its value', { t: 'formula' }, '是公式，但文件中没有保存它的计算结果：请在 Excel 中打开、重新计算并保存后再导入'],
  ])('refuses %s', (_why, cell, message) => {
    const got = readCell(cell, amount);
    expect('issue' in got).toBe(true);
    if (message && 'issue' in got) expect(got.issue).toBe(message);
  });

  it.each<[string, string, string]>([
    ['the text Excel stored, two decimals', '248360.64', '248360.64'],
    // Excel writes a typed 248360.64 in 17 digits; it shows, and the accountant typed, 248360.64.
    ['a double spelled in 17 digits', '248360.64000000001', '248360.64'],
    ['trailing zeros and a plus sign', '+500000.500', '500000.50'],
  ])('reads %s exactly', (_why, text, expected) => {
    expect(readCell({ t: 'number', value: Number(text), text }, amount)).toEqual({ value: expected });
  });

  it.each<[string, string, string]>([
    ['a sum that is not two decimals', '0.30000000000000004', '"0.30000000000000004" 超过两位小数：金额只能到分'],
    ['three decimals', '100.005', '"100.005" 超过两位小数：金额只能到分'],
    // The double of 100.005, as Excel spells it in 17 digits: what Excel shows, and refuses, is 100.005.
    ['three decimals spelled in 17 digits', '100.00499999999999', '"100.005" 超过两位小数：金额只能到分'],
    // The double would read 2.01, a fen invented; the text says three decimals.
    ['three decimals a double cannot hold', '2.0099999999999999999', '"2.0099999999999999999" 超过两位小数：金额只能到分'],
    ['an exponent form Excel writes for a small number', '1E-3', '"0.001" 超过两位小数：金额只能到分'],
    ['a huge number', '1E+21', '1e+21 不是可以读取的数字：请写出全部数字'],
  ])('refuses %s stored as text', (_why, text, message) => {
    expect(readCell({ t: 'number', value: Number(text), text }, amount)).toEqual({ issue: message });
  });

  it('reads a weight as written, beyond what a double holds', () => {
    const kg = column('results', 'freshKg');
    // As a double, 12345678901234568: 1 kg and 125 g more than the file says.
    expect(readCell({ t: 'number', value: Number('12345678901234567.125'), text: '12345678901234567.125' }, kg)).toEqual({
      value: '12345678901234567.125',
    });
  });

  it('refuses a negative revenue', () => {
    expect(readCell({ t: 'number', value: -5 }, column('results', 'revenue'))).toEqual({ issue: '"-5" 不能为负数' });
  });
});

describe('CSV', () => {
  it.each([
    ['with a BOM and CRLF', '\ufeffcode,name\r\nV01,"程壁村, 股份"\r\n'],
    ['without a BOM, LF, no final newline', 'code,name\nV01,"程壁村, 股份"'],
  ])('reads %s', (_why, text) => {
    const t = parseCsv('村.csv', text);
    expect('rows' in t && t.rows.map((r) => r.cells)).toEqual([
      [
        { t: 'text', text: 'code' },
        { t: 'text', text: 'name' },
      ],
      [
        { t: 'text', text: 'V01' },
        { t: 'text', text: '程壁村, 股份' },
      ],
    ]);
  });

  it('keeps quotes and line breaks inside a quoted field, numbering rows as Excel does', () => {
    const t = parseCsv('x.csv', 'a,b\n"say ""hi""","two\nlines"\nc,\n');
    expect('rows' in t && t.rows.map((r) => [r.number, r.cells])).toEqual([
      [
        1,
        [
          { t: 'text', text: 'a' },
          { t: 'text', text: 'b' },
        ],
      ],
      [
        2,
        [
          { t: 'text', text: 'say "hi"' },
          { t: 'text', text: 'two\nlines' },
        ],
      ],
      [3, [{ t: 'text', text: 'c' }, { t: 'empty' }]],
    ]);
  });

  it('names the row of an unclosed quote', () => {
    expect(parseCsv('x.csv', 'a\n"open\n')).toEqual({ name: 'x.csv', row: 2, message: expect.stringContaining('引号没有闭合') });
  });
});
