import { parseCsv } from '../core/imports/csv';
import type { RawTable, UploadTables } from '../core/imports/read';
import { BadWorkbook, readXlsxRows } from './xlsx-reader';
import { BadZip } from './zip-entries';

/** A file the reader cannot open at all: named with the row where that is known. */
export interface UnreadableFile {
  name: string;
  row: number | null;
  message: string;
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * One uploaded file, an XLSX workbook (a table per sheet, read by xlsx-reader.ts) or a CSV file (one table named
 * after the file), its tables' rows going into `upload` as they are read: a workbook is never held whole. Answers
 * why a file cannot be read, if it cannot; one found unreadable half-way leaves `upload` as it was before it.
 */
export async function readUpload(name: string, buffer: Buffer, upload: UploadTables): Promise<UnreadableFile | null> {
  const mark = upload.mark();
  let failed: UnreadableFile | null = null;
  if (buffer.subarray(0, 4).equals(ZIP)) {
    failed = await unreadable(name, () => readXlsxRows(buffer, (sheet) => upload.table(sheet)));
  } else {
    const read = readCsv(name, buffer);
    if ('message' in read) failed = read;
    else {
      const rows = upload.table(read.name);
      if (rows) for (const r of read.rows) rows(r.number, r.cells);
    }
  }
  if (failed) upload.undo(mark);
  return failed;
}

function readCsv(name: string, buffer: Buffer): RawTable | UnreadableFile {
  if (!/\.csv$/i.test(name)) {
    return { name, row: null, message: '只接受 Excel 工作簿（.xlsx）或 CSV 文件（.csv，UTF-8 编码）；旧的 .xls 请在 Excel 中另存为 .xlsx' };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return { name, row: null, message: '不是 UTF-8 编码的文本：请在 Excel 中另存为 "CSV UTF-8（逗号分隔）"' };
  }
  return parseCsv(name, text);
}

/** Reads the workbook; answers why not when it is no ZIP file or no workbook. */
async function unreadable(name: string, read: () => Promise<void>): Promise<UnreadableFile | null> {
  try {
    await read();
    return null;
  } catch (e) {
    if (e instanceof BadZip || e instanceof BadWorkbook) {
      return { name, row: null, message: '无法读取这个 Excel 工作簿：文件已损坏，或不是 .xlsx 格式' };
    }
    throw e;
  }
}
