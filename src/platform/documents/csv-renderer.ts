/**
 * A Document's tables as CSV (RFC 4180): UTF-8 with a byte order mark, so that Excel opens the Chinese as
 * Chinese; CRLF line ends; a field quoted when it holds a comma, a quote or a line break, its quotes doubled.
 * Money, percentages and counts are the books' decimal strings as they are ("34500.00", "-12.30", "6.00"), never
 * grouped or prefixed: a script reads them exactly.
 *
 * The header row comes first and the totals row (合计) last. A document with several tables writes each one
 * after a line holding only the table's name, with a blank line between two tables; a document with one table
 * is just that table. Text, fields and the footer are not written: CSV is for the tables.
 *
 * A text cell that a spreadsheet would take for a formula (starting with = + - @, a tab or a carriage return) is
 * written with a leading apostrophe, so that opening the file cannot run it.
 */
import type { Cell, Column, Document, Table } from './document';
import { checkTable } from './cells';

const BOM = '\uFEFF';
const CRLF = '\r\n';
const FORMULA_START = /^[=+\-@\t\r]/;

export function renderCsv(document: Document): Uint8Array {
  const tables = document.pages.flatMap((page) => page.blocks.flatMap((block) => (block.kind === 'table' ? [block.table] : [])));
  tables.forEach(checkTable);
  const named = tables.length > 1;
  const parts = tables.map((table) => (named ? line([table.name]) : '') + tableLines(table));
  return new TextEncoder().encode(BOM + parts.join(CRLF));
}

function tableLines(table: Table): string {
  let text = line(table.columns.map((c) => c.title));
  for (const row of table.rows) text += line(table.columns.map((c) => field(row[c.key], c)));
  if (table.totals) {
    const totals = table.columns.map((c) => field(table.totals![c.key], c));
    if (table.columns[0]?.kind === 'text' && !totals[0]) totals[0] = '合计';
    text += line(totals);
  }
  return text;
}

function field(cell: Cell | undefined, column: Column): string {
  if (cell === null || cell === undefined) return '';
  return column.kind === 'text' && FORMULA_START.test(cell) ? `'${cell}` : cell;
}

function line(fields: string[]): string {
  return fields.map(quoted).join(',') + CRLF;
}

function quoted(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
