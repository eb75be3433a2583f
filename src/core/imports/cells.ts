/**
 * One cell of an import, read as its column's kind. A workbook reader turns
 * each cell into a RawCell first (text, an Excel number, a date, empty, or a
 * formula whose value was never saved); here it becomes a checked value or
 * the reason it cannot, in Chinese, for the row report.
 */
import { codeIssue } from '../codes';
import { creditCodeIssue } from '../credit-code';
import { dateIssue } from '../dates';
import { formatFen, moneyIssue, parseMoney } from '../money';
import { bankAccountIssue, idLast4Issue, isFullIdNumber, normalizeAccount } from '../households/masking';
import { unitsIssue } from '../households/shares';
import { decimals, decimalText, significantDigits } from './excel-numbers';
import { CellKind, ColumnSpec } from './sheets';

export type RawCell =
  | { t: 'empty' }
  | { t: 'text'; text: string }
  /**
   * An Excel number cell: the only JavaScript number that ever holds an amount, turned into a decimal string at once;
   * `text` is the number as the file spells it, when the reader has it (an .xlsx cell's <v>).
   */
  | { t: 'number'; value: number; text?: string }
  /** A date cell, already as YYYY-MM-DD. */
  | { t: 'date'; date: string }
  /** A formula whose cached value is absent (the workbook was never recalculated and saved by Excel). */
  | { t: 'formula' };

export type CellValue = string | number | null;

export const EMPTY: RawCell = { t: 'empty' };

const TWO_DECIMALS = /^-?[0-9]+(\.[0-9]{1,2})?$/;
const KG = /^[0-9]+(\.[0-9]{1,3})?$/;

/**
 * The decimal an Excel number cell holds: the text the file stores, exactly ("248360.64", "100.005"), except when
 * that text is a double spelled in full, as Excel writes one in 16 or 17 significant digits ("248360.64000000001"
 * for a typed 248360.64; Excel keeps only 15 of a number typed in). Then it is what Excel shows, the shortest text
 * that reads back as the same double, when that has at most 15 significant digits ("248360.64"); else the text
 * itself: 0.1 + 0.2 → "0.30000000000000004", more than two decimals, refused, never rounded. Without the text (a
 * reader that has only the double), the shortest text of the double.
 */
function numberText(cell: { value: number; text?: string }): string | null {
  const written = cell.text === undefined ? null : decimalText(cell.text);
  if (written !== null && (decimals(written) <= 2 || significantDigits(written) <= 15 || significantDigits(written) > 17)) return written;
  // The double's shortest text, unless it is not finite or prints only in exponent form (1e+21).
  const shortest = Number.isFinite(cell.value) && !/e/i.test(String(cell.value)) ? String(cell.value) : null;
  if (written === null) return shortest;
  return shortest !== null && significantDigits(shortest) <= 15 ? shortest : written;
}

function textOf(cell: RawCell): string | null {
  if (cell.t === 'text') return cell.text.trim();
  if (cell.t === 'number') return numberText(cell);
  if (cell.t === 'date') return cell.date;
  return null;
}

/** The value of a non-empty cell, or why it cannot be read. */
export function readCell(cell: RawCell, column: ColumnSpec): { value: CellValue } | { issue: string } {
  if (cell.t === 'formula') return { issue: '是公式，但文件中没有保存它的计算结果：请在 Excel 中打开、重新计算并保存后再导入' };
  const text = textOf(cell);
  // A number Excel holds but that prints only in exponent form (1e21) is no amount, date or count anyone typed.
  if (cell.t === 'number' && text === null) return { issue: `${String(cell.value)} 不是可以读取的数字：请写出全部数字` };
  if (text === null || text === '') return { value: null };
  return read(column.kind, cell, text, column);
}

function read(kind: CellKind, cell: RawCell, text: string, column: ColumnSpec): { value: CellValue } | { issue: string } {
  const quoted = JSON.stringify(text.length > 40 ? text.slice(0, 40) + '…' : text);
  switch (kind) {
    case 'code': {
      const issue = codeIssue(text);
      return issue ? { issue } : { value: text };
    }
    case 'text':
      return text.length > (column.max ?? 500) ? { issue: `最多 ${column.max ?? 500} 个字符` } : { value: text };
    case 'date': {
      const date = text
        .replace(/\//g, '-')
        .replace(/^(\d{4})-(\d)-/, '$1-0$2-')
        .replace(/-(\d)$/, '-0$1');
      const issue = cell.t === 'number' ? `${quoted} 不是日期：请写成 YYYY-MM-DD，例如 "2024-12-31"` : dateIssue(date);
      return issue ? { issue } : { value: date };
    }
    case 'money':
    case 'nonNegativeMoney': {
      if (cell.t === 'number' && !TWO_DECIMALS.test(text)) return { issue: `${quoted} 超过两位小数：金额只能到分` };
      if (moneyIssue(text) !== null) return { issue: `${quoted} 不是金额（最多两位小数）` };
      const fen = parseMoney(text, column.key);
      if (kind === 'nonNegativeMoney' && fen < 0n) return { issue: `${quoted} 不能为负数` };
      return { value: formatFen(fen) };
    }
    case 'creditCode': {
      const issue = creditCodeIssue(text);
      return issue ? { issue } : { value: text };
    }
    case 'year':
    case 'count': {
      if (!/^[0-9]+$/.test(text)) return { issue: `${quoted} 不是${kind === 'year' ? '年份' : '非负整数'}` };
      const n = Number(text);
      if (kind === 'year' && (n < 1900 || n > 9999)) return { issue: `${quoted} 不是有效年份（1900 到 9999）` };
      if (n > 2147483647) return { issue: `${quoted} 太大` };
      return { value: n };
    }
    case 'kg':
      return KG.test(text) ? { value: text } : { issue: `${quoted} 不是公斤数（非负，最多三位小数）` };
    case 'capitalKind': {
      const k = text.toLowerCase();
      if (k === '现金' || k === 'cash') return { value: 'cash' };
      if (k === '实物' || k === '资产' || k === 'asset') return { value: 'asset' };
      return { issue: `${quoted} 不是出资方式：须为 "现金"（cash）或 "实物"（asset）` };
    }
    case 'idNumber': {
      // A whole number is read (the members sheet keeps its last four only, and says so); a number cell of more than
      // 15 digits has lost its last ones in Excel.
      if (cell.t === 'number' && !/^[0-9]{1,15}$/.test(text))
        return { issue: `${quoted}：请把身份证号列设为文本后重新填写（Excel 的数字只保留 15 位）` };
      const upper = text.replace(/\s+/g, '').toUpperCase();
      if (isFullIdNumber(upper)) return { value: upper };
      const issue = idLast4Issue(upper);
      return issue ? { issue } : { value: upper };
    }
    case 'bankAccount': {
      if (cell.t === 'number' && !/^[0-9]{8,15}$/.test(text))
        return { issue: `${quoted}：账号是数字单元格，Excel 只保留 15 位有效数字：请把账号列设为文本后重新填写` };
      const issue = bankAccountIssue(text);
      return issue ? { issue } : { value: normalizeAccount(text) };
    }
    case 'units': {
      const issue = unitsIssue(text);
      return issue ? { issue: issue.includes(quoted) ? issue : `${quoted}：${issue}` } : { value: text };
    }
  }
}
