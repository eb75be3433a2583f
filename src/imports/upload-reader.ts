import ExcelJS from 'exceljs';
import { RawCell } from '../core/imports/cells';
import { parseCsv } from '../core/imports/csv';
import type { RawTable } from '../core/imports/read';

export type UploadedTable = RawTable;

/** A file the reader cannot open at all: named with the row where that is known. */
export interface UnreadableFile {
  name: string;
  row: number | null;
  message: string;
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * One uploaded file as tables: an XLSX workbook (one table per sheet) or a CSV
 * file (one table named after the file). Only here does a cell's JavaScript
 * value exist; it becomes a RawCell (core/imports/cells.ts) at once.
 */
export async function readUpload(name: string, buffer: Buffer): Promise<UploadedTable[] | UnreadableFile> {
  if (buffer.subarray(0, 4).equals(ZIP)) return readWorkbook(name, buffer);
  if (!/\.csv$/i.test(name)) {
    return { name, row: null, message: '只接受 Excel 工作簿（.xlsx）或 CSV 文件（.csv，UTF-8 编码）；旧的 .xls 请在 Excel 中另存为 .xlsx' };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return { name, row: null, message: '不是 UTF-8 编码的文本：请在 Excel 中另存为 "CSV UTF-8（逗号分隔）"' };
  }
  const table = parseCsv(name, text);
  return 'rows' in table ? [table] : table;
}

async function readWorkbook(name: string, buffer: Buffer): Promise<UploadedTable[] | UnreadableFile> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    return { name, row: null, message: '无法读取这个 Excel 工作簿：文件已损坏，或不是 .xlsx 格式' };
  }
  const tables: UploadedTable[] = [];
  wb.eachSheet((ws) => {
    const rows: UploadedTable['rows'] = [];
    ws.eachRow({ includeEmpty: false }, (row, number) => {
      const cells: RawCell[] = [];
      for (let c = 1; c <= row.cellCount; c++) cells.push(rawCell(row.getCell(c).value));
      rows.push({ number, cells });
    });
    tables.push({ name: ws.name, rows });
  });
  return tables;
}

/** An exceljs cell value as a RawCell: a formula is read by its cached result, or refused when there is none. */
function rawCell(value: ExcelJS.CellValue): RawCell {
  if (value === null || value === undefined) return { t: 'empty' };
  if (typeof value === 'number') return { t: 'number', value };
  if (typeof value === 'string') return { t: 'text', text: value };
  if (typeof value === 'boolean') return { t: 'text', text: String(value) };
  // A date-only cell is midnight UTC of its day.
  if (value instanceof Date) return { t: 'date', date: value.toISOString().slice(0, 10) };
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as { result?: unknown }).result;
      if (result === undefined || result === null || (typeof result === 'object' && !(result instanceof Date))) return { t: 'formula' };
      return rawCell(result as ExcelJS.CellValue);
    }
    if ('richText' in value) return { t: 'text', text: value.richText.map((r) => r.text).join('') };
    if ('text' in value) return { t: 'text', text: String((value as { text: unknown }).text) };
    if ('error' in value) return { t: 'formula' };
  }
  return { t: 'text', text: String(value) };
}
