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
  /** Rows as the file numbers them (1-based); the first non-empty one is the header. A hole in `cells` is empty. */
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
  const upload = new UploadTables((kind, row) => rows[kind].push(row));
  for (const table of tables) {
    const read = upload.table(table.name);
    if (read) for (const r of table.rows) read(r.number, r.cells);
  }
  return { rows, issues: upload.issues };
}

/** Takes a table's rows one at a time, in order; the first that is not empty is its header. */
export type TableRows = (number: number, cells: RawCell[]) => void;

export interface UploadMark {
  issues: number;
  seen: ReadonlyMap<SheetKind, string>;
}

/**
 * The same reading as readTables, for a reader that goes through an upload row by row and keeps no table whole
 * (the XLSX reader): each table named first, then its rows; every good row goes to `sink` as it is read.
 */
export class UploadTables {
  readonly issues: ImportIssue[] = [];
  private seen = new Map<SheetKind, string>();

  constructor(private readonly sink: (kind: SheetKind, row: ImportRow) => void) {}

  /** A table begins: where its rows go, or null when it is not read (the notes sheet, an unknown or repeated name). */
  table(name: string): TableRows | null {
    const spec = sheetNamed(name);
    if (!spec) {
      if (!IGNORED.has(normalName(name))) {
        const names = SHEETS.map((s) => `${s.zh}（${s.en}）`).join('、');
        this.issues.push({ sheet: name, row: null, column: null, message: `不认识这个工作表（或文件）的名称：应为 ${names} 之一` });
      }
      return null;
    }
    const other = this.seen.get(spec.kind);
    if (other !== undefined) {
      this.issues.push({ sheet: name, row: null, column: null, message: `与 "${other}" 是同一种记录：每种记录只能有一个工作表或文件` });
      return null;
    }
    this.seen.set(spec.kind, name);
    return tableRows(name, spec, this.issues, (row) => this.sink(spec.kind, row));
  }

  /** Where the reading stands, to undo a file that turns out unreadable half-way (`undo`). */
  mark(): UploadMark {
    return { issues: this.issues.length, seen: new Map(this.seen) };
  }

  undo(mark: UploadMark): void {
    this.issues.length = mark.issues;
    this.seen = new Map(mark.seen);
  }
}

function isEmptyRow(cells: RawCell[]): boolean {
  return cells.every((c) => c.t === 'empty' || (c.t === 'text' && c.text.trim() === ''));
}

/** The rows of one table: the header read from the first non-empty row, then each row after it checked and typed. */
function tableRows(name: string, spec: SheetSpec, issues: ImportIssue[], sink: (row: ImportRow) => void): TableRows {
  const at = (row: number | null, column: string | null, message: string) => issues.push({ sheet: name, row, column, message });
  const headers: Record<string, string> = {};
  // Which column of the sheet holds which key; null until the header is read.
  let indexOf: Map<string, number> | null = null;
  // One object for every row of the table: 50,000 rows need not carry 50,000 copies.
  let named: Record<string, string> = {};
  const header = (number: number, cells: RawCell[]) => {
    const keyAt = new Map<number, string>();
    cells.forEach((cell, i) => {
      const text = cell.t === 'text' ? cell.text.trim() : cell.t === 'number' ? String(cell.value) : '';
      if (text === '') return;
      const n = normalName(text);
      const column = spec.columns.find((c) => normalName(c.zh) === n || normalName(c.en) === n || normalName(`${c.zh} ${c.en}`) === n);
      if (!column) {
        const names = spec.columns.map((c) => `${c.zh}（${c.en}）`).join('、');
        return at(number, text, `不认识的列名：${spec.zh}表的列为 ${names}`);
      }
      if (headers[column.key] !== undefined) return at(number, text, `与 "${headers[column.key]}" 是同一列：每列只能出现一次`);
      keyAt.set(i, column.key);
      headers[column.key] = text;
    });
    for (const c of spec.columns) if (c.required && headers[c.key] === undefined) at(number, c.zh, `缺少必填的列 "${c.zh}"（${c.en}）`);
    named = { ...Object.fromEntries(spec.columns.map((c) => [c.key, c.zh])), ...headers };
    indexOf = new Map([...keyAt].map(([i, k]) => [k, i]));
  };
  return (number, cells) => {
    if (isEmptyRow(cells)) return;
    if (indexOf === null) return header(number, cells);
    const values: ImportRow['values'] = {};
    let ok = true;
    for (const c of spec.columns) {
      const index = indexOf.get(c.key);
      const got = readCell(index === undefined ? EMPTY : (cells[index] ?? EMPTY), c);
      if ('issue' in got) {
        at(number, headers[c.key] ?? c.zh, got.issue);
        ok = false;
      } else if (got.value === null && c.required && headers[c.key] !== undefined) {
        at(number, headers[c.key], '必填');
        ok = false;
      } else values[c.key] = got.value;
    }
    if (ok) sink({ sheet: name, row: number, values, headers: named });
  };
}
