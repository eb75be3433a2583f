/**
 * The import's XLSX reader: a workbook's sheets row by row, read with little memory. The ZIP entries are inflated
 * in pieces (zip-entries.ts) and each XML part goes through a streaming parser (saxes), so no part is ever held
 * whole, as text or as a tree, and no sheet either: what stays is the shared strings and the row being read.
 * Reading only; exceljs writes the template and the documents (its reader held a 20 MB workbook whole, 350 MB).
 *
 * What it reads: the sheets in the order of the workbook's tabs (worksheets only), each cell by its type (a shared
 * string, an inline string, rich text joined, a formula's cached value, a boolean as true / false, an error as a
 * formula without a value) and its style (a number in a date format is a date, in either date system).
 */
import { SaxesParser, SaxesTagPlain } from 'saxes';
import { EMPTY, RawCell } from '../core/imports/cells';
import { excelDate, isDateFormat } from '../core/imports/excel-numbers';
import type { TableRows } from '../core/imports/read';
import { ownString } from './own-string';
import { BadZip, entryBytes, ZipEntry, zipEntries } from './zip-entries';

/** Not a workbook this reader can read: a part missing or malformed. */
export class BadWorkbook extends Error {
  constructor(what: string) {
    super(`not a readable workbook: ${what}`);
  }
}

/** Excel's largest sheet: columns A to XFD, rows 1 to 1,048,576. */
const MAX_COLUMN = 16_384;
const MAX_ROW = 1_048_576;

type Attributes = Record<string, string>;
interface Handlers {
  open(name: string, attributes: Attributes): void;
  close?(name: string): void;
  text?(text: string): void;
}

/**
 * The sheets of an .xlsx file, row by row: `table` is told each sheet's name and answers where its rows go (or null
 * to skip it). Throws BadZip or BadWorkbook when the file cannot be read, possibly after some rows went out.
 */
export async function readXlsxRows(zip: Buffer, table: (name: string) => TableRows | null): Promise<void> {
  const entries = zipEntries(zip);
  const part = (path: string) => entries.get(path) ?? [...entries.values()].find((e) => e.name.toLowerCase() === path.toLowerCase());
  const parse = (entry: ZipEntry, on: Handlers) => parseXml(zip, entry, on);

  const root = part('_rels/.rels');
  const workbookPath =
    (root && (await relationships(parse, root, '')).find((r) => isType(r, 'officeDocument'))?.target) ?? 'xl/workbook.xml';
  const workbook = part(workbookPath);
  if (!workbook) throw new BadWorkbook('no workbook part');
  const folder = workbookPath.includes('/') ? workbookPath.slice(0, workbookPath.lastIndexOf('/')) : '';
  const relsEntry = part(`${folder ? `${folder}/` : ''}_rels/${workbookPath.slice(folder ? folder.length + 1 : 0)}.rels`);
  const rels = relsEntry ? await relationships(parse, relsEntry, folder) : [];

  let date1904 = false;
  const sheets: Array<{ name: string; id: string }> = [];
  await parse(workbook, {
    open(name, a) {
      if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
      else if (name === 'sheet') {
        const id = Object.keys(a).find((k) => k.endsWith(':id'));
        if (a.name === undefined || id === undefined) throw new BadWorkbook('a sheet without its name or relationship');
        sheets.push({ name: a.name, id: a[id] });
      }
    },
  });

  const target = (type: string) => rels.find((r) => isType(r, type))?.target;
  const stringsPart = target('sharedStrings');
  const stylesPart = target('styles');
  const strings = stringsPart && part(stringsPart) ? await sharedStrings(parse, part(stringsPart)!) : [];
  const dateStyles = stylesPart && part(stylesPart) ? await dateStyleIndexes(parse, part(stylesPart)!) : [];

  const context: Context = { strings, stringCells: new Array<RawCell>(strings.length), dateStyles, date1904 };
  for (const sheet of sheets) {
    const rel = rels.find((r) => r.id === sheet.id);
    if (!rel || !isType(rel, 'worksheet')) continue; // a chart sheet or a dialog sheet holds no cells
    const entry = part(rel.target);
    if (!entry) throw new BadWorkbook(`no part ${rel.target}`);
    const rows = table(sheet.name);
    if (rows) await sheetRows(parse, entry, context, rows);
  }
}

type Parse = (entry: ZipEntry, on: Handlers) => Promise<void>;

/** One XML part through saxes, its pieces decoded as they are inflated. Element names without their prefix. */
async function parseXml(zip: Buffer, entry: ZipEntry, on: Handlers): Promise<void> {
  const parser = new SaxesParser({ xmlns: false, position: false });
  const local = (name: string) => name.slice(name.indexOf(':') + 1);
  parser.on('opentag', (tag: SaxesTagPlain) => on.open(local(tag.name), tag.attributes));
  if (on.close) parser.on('closetag', (tag: SaxesTagPlain) => on.close!(local(tag.name)));
  if (on.text) {
    parser.on('text', on.text);
    parser.on('cdata', on.text);
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const piece of entryBytes(zip, entry)) parser.write(decoder.decode(piece, { stream: true }));
    parser.write(decoder.decode());
    parser.close();
  } catch (e) {
    if (e instanceof BadZip || e instanceof BadWorkbook) throw e;
    // saxes's well-formedness errors and the decoder's invalid UTF-8.
    throw new BadWorkbook(`${entry.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

interface Relationship {
  id: string;
  type: string;
  /** The part it names, as a path in the ZIP file. */
  target: string;
}

/** A relationship's type by its last segment: transitional and strict Open XML name the same types in two namespaces. */
function isType(r: Relationship, type: string): boolean {
  return r.type.endsWith(`/${type}`);
}

async function relationships(parse: Parse, entry: ZipEntry, folder: string): Promise<Relationship[]> {
  const found: Relationship[] = [];
  await parse(entry, {
    open(name, a) {
      if (name === 'Relationship' && a.TargetMode !== 'External' && a.Target !== undefined)
        found.push({ id: a.Id ?? '', type: a.Type ?? '', target: partPath(folder, a.Target) });
    },
  });
  return found;
}

/** A relationship's target as a ZIP path: absolute ("/xl/…") or relative to the folder of the part that names it. */
function partPath(folder: string, target: string): string {
  const path: string[] = [];
  for (const segment of `${target.startsWith('/') ? '' : folder}/${target}`.split('/')) {
    if (segment === '..') path.pop();
    else if (segment !== '' && segment !== '.') path.push(segment);
  }
  return path.join('/');
}

/** Excel's escape of a character XML cannot hold: _x000D_ is a carriage return, _x005F_ an underscore. */
function unescaped(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

/**
 * The text of a string item (<si>, or a cell's <is>): its <t>, or its rich text runs' <t> joined; the phonetic
 * guide (<rPh>) is not part of the text.
 */
class StringItem {
  private phonetic = false;
  private inText = false;
  text = '';

  open(name: string): void {
    if (name === 'rPh') this.phonetic = true;
    else if (name === 't' && !this.phonetic) this.inText = true;
  }

  close(name: string): void {
    if (name === 'rPh') this.phonetic = false;
    else if (name === 't') this.inText = false;
  }

  add(text: string): void {
    if (this.inText) this.text += text;
  }

  take(): string {
    const text = ownString(unescaped(this.text));
    this.text = '';
    return text;
  }
}

async function sharedStrings(parse: Parse, entry: ZipEntry): Promise<string[]> {
  const strings: string[] = [];
  const item = new StringItem();
  await parse(entry, {
    open: (name) => item.open(name),
    close(name) {
      if (name === 'si') strings.push(item.take());
      else item.close(name);
    },
    text: (text) => item.add(text),
  });
  return strings;
}

/** For each cell style (the s of a cell, an index into <cellXfs>), whether its number format shows a date. */
async function dateStyleIndexes(parse: Parse, entry: ZipEntry): Promise<boolean[]> {
  const codes = new Map<number, string>();
  const formatIds: number[] = [];
  let within: 'numFmts' | 'cellXfs' | null = null;
  await parse(entry, {
    open(name, a) {
      if (name === 'numFmts' || name === 'cellXfs') within = name;
      else if (name === 'numFmt' && within === 'numFmts') codes.set(Number(a.numFmtId), a.formatCode ?? '');
      else if (name === 'xf' && within === 'cellXfs') formatIds.push(Number(a.numFmtId ?? 0));
    },
    close(name) {
      if (name === within) within = null;
    },
  });
  return formatIds.map((id) => isDateFormat(id, codes.get(id)));
}

interface Context {
  strings: string[];
  /**
   * The cell of each shared string, made when first used: a cell is a value nobody changes, and the rows of a large
   * sheet repeat the same few (a project's code, "现金", a date) tens of thousands of times.
   */
  stringCells: RawCell[];
  dateStyles: boolean[];
  date1904: boolean;
}

/** A sheet's rows that hold a value, numbered as Excel shows them, each as it is read; a cell's column from its reference (A1). */
async function sheetRows(parse: Parse, entry: ZipEntry, context: Context, rows: TableRows): Promise<void> {
  let inData = false;
  let rowNumber = 0;
  let cells: RawCell[] = [];
  let filled = false;
  let column = 0;
  // The cell being read.
  let type = 'n';
  let style = 0;
  let value: string | null = null;
  let inValue = false;
  let formula = false;
  let inline: StringItem | null = null;

  await parse(entry, {
    open(name, a) {
      if (name === 'sheetData') inData = true;
      if (!inData) return;
      if (name === 'row') {
        rowNumber = a.r === undefined ? rowNumber + 1 : Number(a.r);
        if (!Number.isInteger(rowNumber) || rowNumber < 1 || rowNumber > MAX_ROW) throw new BadWorkbook(`row ${a.r}`);
        cells = [];
        filled = false;
        column = 0;
      } else if (name === 'c') {
        column = a.r === undefined ? column + 1 : columnOf(a.r);
        if (column < 1 || column > MAX_COLUMN) throw new BadWorkbook(`cell ${a.r}`);
        type = a.t ?? 'n';
        style = a.s === undefined ? 0 : Number(a.s);
        value = null;
        formula = false;
        inline = null;
      } else if (name === 'v') {
        inValue = true;
        value = '';
      } else if (name === 'f') formula = true;
      else if (name === 'is') inline = new StringItem();
      else inline?.open(name);
    },
    close(name) {
      if (!inData) return;
      if (name === 'v') inValue = false;
      else if (name === 'c') {
        const cell = cellOf(type, value, formula, inline, style, context);
        // An empty cell stays a hole of the array: a value far to the right costs no run of empty cells.
        if (cell !== EMPTY) {
          cells[column - 1] = cell;
          filled = true;
        }
        inline = null;
      } else if (name === 'row') {
        if (filled) rows(rowNumber, cells);
      } else if (name === 'sheetData') inData = false;
      else inline?.close(name);
    },
    text(text) {
      if (inValue) value += text;
      else inline?.add(text);
    },
  });
}

/** A cell's column number from its reference: "C7" → 3. */
function columnOf(reference: string): number {
  let n = 0;
  for (let i = 0; i < reference.length; i++) {
    const c = reference.charCodeAt(i) | 0x20; // lower case
    if (c < 0x61 || c > 0x7a) break;
    n = n * 26 + (c - 0x60);
    if (n > MAX_COLUMN) return -1;
  }
  return n;
}

function cellOf(type: string, value: string | null, formula: boolean, inline: StringItem | null, style: number, context: Context): RawCell {
  const v = value === null || value === '' ? null : value;
  switch (type) {
    case 's': {
      if (v === null) return EMPTY;
      const i = Number(v);
      const cell = context.stringCells[i];
      if (cell !== undefined) return cell;
      const text = context.strings[i];
      if (text === undefined) throw new BadWorkbook(`shared string ${v}`);
      return (context.stringCells[i] = { t: 'text', text });
    }
    case 'inlineStr':
      return inline ? { t: 'text', text: inline.take() } : EMPTY;
    case 'str':
      if (value === null) return formula ? { t: 'formula' } : EMPTY;
      return { t: 'text', text: unescaped(value) };
    case 'b':
      return v === null ? (formula ? { t: 'formula' } : EMPTY) : { t: 'text', text: v.trim() === '1' ? 'true' : 'false' };
    // An error (#N/A, #DIV/0!) is a formula without a value anyone can use.
    case 'e':
      return { t: 'formula' };
    // An ISO 8601 date (strict Open XML).
    case 'd':
      if (v === null) return formula ? { t: 'formula' } : EMPTY;
      return /^\d{4}-\d{2}-\d{2}/.test(v.trim()) ? { t: 'date', date: v.trim().slice(0, 10) } : { t: 'text', text: v };
    default: {
      if (v === null) return formula ? { t: 'formula' } : EMPTY;
      const text = v.trim();
      const number = Number(text);
      if (text === '' || !Number.isFinite(number)) throw new BadWorkbook(`number ${JSON.stringify(v.slice(0, 40))}`);
      if (context.dateStyles[style]) {
        const date = excelDate(number, context.date1904);
        if (date !== null) return { t: 'date', date };
      }
      return { t: 'number', value: number, text };
    }
  }
}
