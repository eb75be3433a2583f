/**
 * How a cell of a document's table is written, the same for every renderer: a money cell must be the books'
 * decimal string (the renderers never round, and never parse money into a float except for the XLSX cell itself),
 * so a malformed one is a builder's bug, refused before a byte is written.
 */
import { InvariantError } from '../../core/errors';
import type { Cell, Column, ColumnKind, Table } from './document';

const DECIMAL = /^-?[0-9]+(?:\.[0-9]+)?$/;
const MONEY = /^-?[0-9]+\.[0-9]{2}$/;
const INTEGER = /^-?[0-9]+$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

const SHAPES: Record<Exclude<ColumnKind, 'text'>, { pattern: RegExp; example: string }> = {
  money: { pattern: MONEY, example: '"34500.00"' },
  percent: { pattern: DECIMAL, example: '"6.00"' },
  integer: { pattern: INTEGER, example: '"261"' },
  date: { pattern: DATE, example: '"2025-12-31"' },
};

/** Throws when a cell of a money, percent, integer or date column is not the string its kind requires. */
export function checkTable(table: Table): void {
  for (const column of table.columns) {
    if (column.kind === 'text') continue;
    const { pattern, example } = SHAPES[column.kind];
    const check = (cell: Cell | undefined, where: string) => {
      if (cell === null || cell === undefined || pattern.test(cell)) return;
      throw new InvariantError(
        `文档表格「${table.name}」${where}的「${column.title}」列须为形如 ${example} 的字符串，实际为 ${JSON.stringify(cell)}`,
      );
    };
    table.rows.forEach((row, i) => check(row[column.key], `第 ${i + 1} 行`));
    if (table.totals) check(table.totals[column.key], '合计行');
  }
}

/** "-1234567.80" -> "-1,234,567.80": groups of three in the integer part, the decimals as they are. */
export function groupThousands(decimal: string): string {
  const negative = decimal.startsWith('-');
  const [whole, fraction] = (negative ? decimal.slice(1) : decimal).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (negative ? '-' : '') + grouped + (fraction === undefined ? '' : '.' + fraction);
}

/** A cell as printed: money as `¥34,500.00` (a loss `¥-12.30`, as Excel's Chinese currency format shows it), percent with `%`. */
export function printedCell(cell: Cell | undefined, kind: ColumnKind): string {
  if (cell === null || cell === undefined) return '';
  if (kind === 'money') return '¥' + groupThousands(cell);
  if (kind === 'percent') return cell + '%';
  return cell;
}

/** Money, ratios and counts line up on the right, as on any ledger page. */
export function alignOf(column: Column): 'left' | 'right' | 'center' {
  if (column.kind === 'money' || column.kind === 'percent' || column.kind === 'integer') return 'right';
  if (column.kind === 'date') return 'center';
  return 'left';
}

/** A text's width in character cells: a CJK character (or a full-width sign) counts two, as it prints. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += ch.charCodeAt(0) > 0x2e7f ? 2 : 1;
  return width;
}
