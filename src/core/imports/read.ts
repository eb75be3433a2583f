/**
 * The tables of an upload (workbook sheets or CSV files) read into typed rows
 * of each kind, with every problem at once: each names the sheet as the file
 * names it, the row as Excel shows it, the column by its header, and says
 * what is wrong in Chinese.
 */
import { EMPTY, RawCell, readCell } from './cells';
import { normalName, SheetKind, SheetSpec, sheetNamed, SHEETS } from './sheets';

export interface RawTable {
  /** The sheet's name, or the CSV file's. */
  name: string;
  /** Rows as the file numbers them (1-based); the first non-empty one is the header. */
  rows: Array<{ number: number; cells: RawCell[] }>;
}

/** One problem of the upload. `row` and `column` are null when it is about a whole sheet or column. */
export interface ImportIssue {
  sheet: string;
  row: number | null;
  column: string | null;
  message: string;
}

/** A row of a sheet, its values by column key (absent cells are null). */
export interface ImportRow {
  sheet: string;
  row: number;
  values: Record<string, string | number | null>;
  /** The header each key was read from, to name a column in a later problem. */
  headers: Record<string, string>;
}

export type ImportRows = Record<SheetKind, ImportRow[]>;

/** Sheets a workbook may carry besides the records: the template's notes. */
const IGNORED = new Set(['说明', 'notes', '填写说明']);

export function readTables(tables: readonly RawTable[]): { rows: ImportRows; issues: ImportIssue[] } {
  const rows = Object.fromEntries(SHEETS.map((s) => [s.kind, [] as ImportRow[]])) as ImportRows;
  const issues: ImportIssue[] = [];
  const seen = new Map<SheetKind, string>();
  for (const table of tables) {
    const spec = sheetNamed(table.name);
    if (!spec) {
      if (!IGNORED.has(normalName(table.name))) {
        const names = SHEETS.map((s) => `${s.zh}（${s.en}）`).join('、');
        issues.push({ sheet: table.name, row: null, column: null, message: `不认识这个工作表（或文件）的名称：应为 ${names} 之一` });
      }
      continue;
    }
    const other = seen.get(spec.kind);
    if (other !== undefined) {
      issues.push({ sheet: table.name, row: null, column: null, message: `与 "${other}" 是同一种记录：每种记录只能有一个工作表或文件` });
      continue;
    }
    seen.set(spec.kind, table.name);
    rows[spec.kind] = readTable(table, spec, issues);
  }
  return { rows, issues };
}

function isEmptyRow(cells: RawCell[]): boolean {
  return cells.every((c) => c.t === 'empty' || (c.t === 'text' && c.text.trim() === ''));
}

function readTable(table: RawTable, spec: SheetSpec, issues: ImportIssue[]): ImportRow[] {
  const content = table.rows.filter((r) => !isEmptyRow(r.cells));
  if (content.length === 0) return [];
  const [header, ...data] = content;
  const at = (row: number | null, column: string | null, message: string) => issues.push({ sheet: table.name, row, column, message });
  // Which column of the sheet holds which key.
  const keyAt = new Map<number, string>();
  const headers: Record<string, string> = {};
  header.cells.forEach((cell, i) => {
    const text = cell.t === 'text' ? cell.text.trim() : cell.t === 'number' ? String(cell.value) : '';
    if (text === '') return;
    const n = normalName(text);
    const column = spec.columns.find((c) => normalName(c.zh) === n || normalName(c.en) === n || normalName(`${c.zh} ${c.en}`) === n);
    if (!column) {
      const names = spec.columns.map((c) => `${c.zh}（${c.en}）`).join('、');
      return at(header.number, text, `不认识的列名：${spec.zh}表的列为 ${names}`);
    }
    if (headers[column.key] !== undefined) return at(header.number, text, `与 "${headers[column.key]}" 是同一列：每列只能出现一次`);
    keyAt.set(i, column.key);
    headers[column.key] = text;
  });
  for (const c of spec.columns)
    if (c.required && headers[c.key] === undefined) at(header.number, c.zh, `缺少必填的列 "${c.zh}"（${c.en}）`);
  // One object for every row of the table: 50,000 rows need not carry 50,000 copies.
  const named = { ...Object.fromEntries(spec.columns.map((c) => [c.key, c.zh])), ...headers };
  const indexOf = new Map([...keyAt].map(([i, k]) => [k, i]));
  const out: ImportRow[] = [];
  for (const r of data) {
    const values: ImportRow['values'] = {};
    let ok = true;
    for (const c of spec.columns) {
      const index = indexOf.get(c.key);
      const got = readCell(index === undefined ? EMPTY : (r.cells[index] ?? EMPTY), c);
      if ('issue' in got) {
        at(r.number, headers[c.key] ?? c.zh, got.issue);
        ok = false;
      } else if (got.value === null && c.required && headers[c.key] !== undefined) {
        at(r.number, headers[c.key], '必填');
        ok = false;
      } else values[c.key] = got.value;
    }
    if (ok)
      out.push({
        sheet: table.name,
        row: r.number,
        values,
        headers: named,
      });
  }
  return out;
}
