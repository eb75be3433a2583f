import { decimalText, excelDate, isDateFormat } from '../../../src/core/imports/excel-numbers';

describe('Excel numbers', () => {
  it.each<[number, string | undefined, boolean]>([
    [14, undefined, true],
    [22, undefined, true],
    [31, undefined, true], // yyyy"年"m"月"d"日"
    [45, undefined, true],
    [58, undefined, true],
    [0, undefined, false],
    [4, undefined, false],
    [49, undefined, false], // @ (text)
    [164, 'yyyy/m/d;@', true],
    [165, '[$-804]yyyy"年"m"月"d"日"', true],
    [166, '[h]:mm:ss', true],
    [167, '#,##0.00"d"', false],
    [168, '[Red][$¥-804]#,##0.00', false],
    [169, '_ ￥* #,##0.00_ ;_ ￥* -#,##0.00_ ;_ ￥* "-"??_ ;_ @_ ', false],
    [170, '0.00E+00', false],
    [171, '0.00\\d', false],
    [14, '0.00', false], // a workbook may spell out a built-in id: its code decides
  ])('format %i %s shows a date: %s', (id, code, expected) => {
    expect(isDateFormat(id, code)).toBe(expected);
  });

  it.each<[number, boolean, string | null]>([
    [45657, false, '2024-12-31'],
    [45657.999, false, '2024-12-31'],
    // To the millisecond, 23:59:59.9999 is the next day, as Excel shows it.
    [45657.999999999, false, '2025-01-01'],
    [1, false, '1900-01-01'],
    [59, false, '1900-02-28'],
    [60, false, '1900-02-29'],
    [61, false, '1900-03-01'],
    [0, false, '1900-01-00'],
    [2958465, false, '9999-12-31'],
    [2958466, false, null],
    [-1, false, null],
    [0, true, '1904-01-01'],
    [44195, true, '2024-12-31'],
  ])('serial %d (1904 system: %s) is %s', (serial, date1904, expected) => {
    expect(excelDate(serial, date1904)).toBe(expected);
  });

  it.each<[string, string | null]>([
    ['248360.64', '248360.64'],
    ['0012.50', '12.5'],
    ['-0', '0'],
    ['-0.00', '0'],
    ['.5', '0.5'],
    ['+7', '7'],
    ['1E-3', null],
    ['abc', null],
    ['', null],
  ])('the decimal of %j is %j', (text, expected) => {
    expect(decimalText(text)).toBe(expected);
  });
});
