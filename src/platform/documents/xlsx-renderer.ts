/**
 * A Document as XLSX (exceljs), for people who work in Excel: one sheet per table, named after it, with the
 * column titles in row 1 (frozen, with filters) and the rows under them, so a sheet sorts, filters and pivots as
 * it is. Money is a real number with `#,##0.00`, a percentage the number shown with `0.00"%"` (6.00 reads 6.00%),
 * a whole number a number, a date a real date; the totals row, in bold at the bottom, holds the books' totals as
 * values (they equal the sums of the rows: the builders take both from the same figures).
 *
 * What the tables do not hold (the pages' titles, fields and paragraphs, and the footer: project, as-of date,
 * digest, printer, time) goes to a last sheet, 说明, so that a file passed on still says where its figures came from.
 */
import ExcelJS from 'exceljs';
import type { Cell, Column, ColumnKind, Document, Table } from './document';
import { checkTable, displayWidth } from './cells';

const FORMATS: Record<ColumnKind, string | undefined> = {
  money: '#,##0.00',
  percent: '0.00"%"',
  integer: '0',
  date: 'yyyy-mm-dd',
  text: undefined,
};
/** Sheet names: at most 31 characters, none of these. */
const FORBIDDEN = /[\\/?*[\]:]/g;
const INFO_SHEET = '说明';
/** Column widths are guessed from the title and this many rows: enough to see the usual width. */
const SAMPLED_ROWS = 200;

export async function renderXlsx(document: Document): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = document.footer.printedBy;
  workbook.title = document.title;
  workbook.subject = document.footer.project;
  workbook.created = new Date();
  const names = new Set<string>();
  for (const page of document.pages) {
    for (const block of page.blocks) {
      if (block.kind !== 'table') continue;
      checkTable(block.table);
      addTableSheet(workbook, block.table, uniqueName(block.table.name, names));
    }
  }
  addInfoSheet(workbook, document, uniqueName(INFO_SHEET, names));
  const bytes = await workbook.xlsx.writeBuffer();
  return new Uint8Array(bytes as ArrayBuffer);
}

function addTableSheet(workbook: ExcelJS.Workbook, table: Table, name: string): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((column) => ({
    header: column.title,
    key: column.key,
    width: widthOf(column, table),
    style: FORMATS[column.kind] ? { numFmt: FORMATS[column.kind] } : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEEEEE' } };
  for (const row of table.rows) sheet.addRow(valuesOf(table.columns, row));
  if (table.totals) {
    const totals = sheet.addRow(valuesOf(table.columns, withTotalsLabel(table)));
    totals.font = { bold: true };
    totals.eachCell((cell) => (cell.border = { top: { style: 'thin' }, bottom: { style: 'double' } }));
  }
  if (table.columns.length) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
}

function valuesOf(columns: Column[], row: Record<string, Cell>): Record<string, string | number | Date | null> {
  const values: Record<string, string | number | Date | null> = {};
  for (const column of columns) values[column.key] = valueOf(row[column.key], column.kind);
  return values;
}

/**
 * The cell's value: a number for money, percentages and counts (converted here, at the last step: a decimal
 * string of at most 15 significant digits, which every amount below 10^13 yuan is, reads back as the same string).
 */
function valueOf(cell: Cell | undefined, kind: ColumnKind): string | number | Date | null {
  if (cell === null || cell === undefined) return null;
  if (kind === 'money' || kind === 'percent' || kind === 'integer') return Number(cell);
  if (kind === 'date') return new Date(`${cell}T00:00:00Z`);
  return cell;
}

function withTotalsLabel(table: Table): Record<string, Cell> {
  const totals = { ...table.totals };
  const first = table.columns[0];
  if (first && first.kind === 'text' && !totals[first.key]) totals[first.key] = '合计';
  return totals;
}

/** Wide enough for the title and the sampled values, as Excel's character widths count them. */
function widthOf(column: Column, table: Table): number {
  let width = displayWidth(column.title);
  for (const row of table.rows.slice(0, SAMPLED_ROWS)) {
    const cell = row[column.key];
    if (cell) width = Math.max(width, displayWidth(cell) + (column.kind === 'money' ? Math.floor(cell.length / 3) : 0));
  }
  return Math.min(60, Math.max(8, width + 2));
}

/** The document's words outside the tables, and the footer, as label–value rows. */
function addInfoSheet(workbook: ExcelJS.Workbook, document: Document, name: string): void {
  const sheet = workbook.addWorksheet(name);
  sheet.columns = [{ width: 16 }, { width: 80 }];
  const line = (label: string, value = '') => sheet.addRow([label, value]);
  line('文档', document.title).font = { bold: true };
  const { project, owner, asOf, digest, printedBy, printedAt } = document.footer;
  line(owner ?? '项目', project);
  line('截至日期', asOf);
  line('摘要', `#${digest.sequence} ${digest.hash}`);
  line('打印人', printedBy);
  line('打印时间', printedAt);
  for (const page of document.pages) {
    const texts = page.blocks.filter((b) => b.kind !== 'table');
    if (!texts.length && !page.subtitle) continue;
    sheet.addRow([]);
    line(page.title, page.subtitle ?? '').font = { bold: true };
    for (const block of texts) {
      if (block.kind === 'fields') for (const item of block.items) line(item.label, item.value);
      else if (block.kind === 'paragraph') line('', block.text);
      else if (block.kind === 'signatures') for (const item of block.items) line(item.label, item.name);
      else if (block.kind === 'qr') line(block.caption ?? '二维码', block.text);
    }
  }
  sheet.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
}

/** The table's name as a sheet name Excel accepts, made unique with （2）, （3）... */
function uniqueName(wanted: string, taken: Set<string>): string {
  const base = wanted.replace(FORBIDDEN, '_').replace(/^'|'$/g, '').trim() || '表';
  let name = base.slice(0, 31);
  for (let n = 2; taken.has(name.toLowerCase()); n++) {
    const suffix = `（${n}）`;
    name = base.slice(0, 31 - suffix.length) + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}
