/**
 * An upload's typed rows as they cross from the read worker to the main thread. Copied as objects, 50,000 rows
 * would arrive as 50,000 copies of each repeated value ("出资", "cash", a date, an amount), since a structured
 * clone does not share strings between rows: here every distinct value crosses once, in a list, and the rows as
 * indexes into it (an Int32Array, copied in one piece). In the worker a row is packed as soon as it is read, so
 * that no sheet is held as objects there either; unpacked, rows of a sheet share their values, their sheet's name
 * and its headers.
 */
import type { ImportRow, ImportRows } from '../core/imports/read';
import { SheetKind, SHEETS } from '../core/imports/sheets';
import { ownString } from './own-string';

type Value = string | number;

export interface PackedRows {
  /** Every distinct value of the rows, once. */
  values: Value[];
  sheets: Array<{
    kind: SheetKind;
    sheet: string;
    headers: Record<string, string>;
    /** Row numbers, as Excel shows them. */
    rows: Int32Array;
    /** Row by row, column by column (the sheet's columns in SHEETS order): an index into values, or -1 for null. */
    cells: Int32Array;
  }>;
}

const NULL = -1;
const KEYS = new Map(SHEETS.map((s) => [s.kind, s.columns.map((c) => c.key)]));
const keysOf = (kind: SheetKind) => KEYS.get(kind)!;

/** An Int32Array that grows as numbers are added: half the memory of an array of numbers, and one piece to copy. */
class Int32List {
  private data = new Int32Array(1024);
  length = 0;

  push(n: number): void {
    if (this.length === this.data.length) {
      const more = new Int32Array(this.data.length * 2);
      more.set(this.data);
      this.data = more;
    }
    this.data[this.length++] = n;
  }

  /** The numbers, in an array of their own. */
  array(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** Packs rows as they come (`add`); `packed` at the end. */
export class RowPacker {
  private readonly values: Value[] = [];
  private readonly index = new Map<Value, number>();
  private readonly sheets = new Map<SheetKind, { sheet: string; headers: Record<string, string>; rows: Int32List; cells: Int32List }>();

  add(kind: SheetKind, row: ImportRow): void {
    let sheet = this.sheets.get(kind);
    if (!sheet) this.sheets.set(kind, (sheet = { sheet: row.sheet, headers: row.headers, rows: new Int32List(), cells: new Int32List() }));
    sheet.rows.push(row.row);
    for (const key of keysOf(kind)) sheet.cells.push(this.at(row.values[key]));
  }

  /** Where the packing stands, to drop the rows of a file found unreadable half-way (`undo`). */
  mark(): Map<SheetKind, number> {
    return new Map([...this.sheets].map(([kind, s]) => [kind, s.rows.length]));
  }

  undo(mark: Map<SheetKind, number>): void {
    for (const [kind, s] of this.sheets) {
      const rows = mark.get(kind) ?? 0;
      if (rows === 0) this.sheets.delete(kind);
      s.rows.length = rows;
      s.cells.length = rows * keysOf(kind).length;
    }
  }

  packed(): PackedRows {
    const sheets = [...this.sheets].map(([kind, s]) => ({
      kind,
      sheet: s.sheet,
      headers: s.headers,
      rows: s.rows.array(),
      cells: s.cells.array(),
    }));
    return { values: this.values, sheets };
  }

  private at(v: string | number | null | undefined): number {
    if (v === null || v === undefined) return NULL;
    let i = this.index.get(v);
    if (i === undefined) {
      // A value kept to the end (and its key) must not keep the piece of XML it was read from.
      const own = typeof v === 'string' ? ownString(v) : v;
      i = this.values.push(own) - 1;
      this.index.set(own, i);
    }
    return i;
  }
}

export function unpackRows(packed: PackedRows): ImportRows {
  const rows = Object.fromEntries(SHEETS.map((s) => [s.kind, [] as ImportRow[]])) as ImportRows;
  for (const { kind, sheet, headers, rows: numbers, cells } of packed.sheets) {
    const keys = keysOf(kind);
    const out = rows[kind];
    for (let i = 0; i < numbers.length; i++) {
      const values: ImportRow['values'] = {};
      for (let j = 0; j < keys.length; j++) {
        const v = cells[i * keys.length + j];
        values[keys[j]] = v === NULL ? null : packed.values[v];
      }
      out.push({ sheet, row: numbers[i], values, headers });
    }
  }
  return rows;
}
