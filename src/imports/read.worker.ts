/**
 * Reading an upload as a worker-thread task (src/platform/workers runs it): unzipping and parsing a 20 MB workbook
 * of 50,000 rows takes seconds of CPU, which must not hold the event loop. Pure: the files in, the typed rows and
 * every problem out.
 */
import { ImportIssue, ImportRows, readTables, RawTable } from '../core/imports/read';
import { readUpload } from './upload-reader';

/** This module's path, for the pool: .ts from source, .js built. */
export const READ_WORKER = __filename;

export interface UploadInput {
  files: Array<{ name: string; data: Uint8Array }>;
}

export async function readUploadTask(input: UploadInput): Promise<{ rows: ImportRows; issues: ImportIssue[] }> {
  const tables: RawTable[] = [];
  const unreadable: ImportIssue[] = [];
  for (const f of input.files) {
    const read = await readUpload(f.name, Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength));
    if ('message' in read) unreadable.push({ sheet: read.name, row: read.row, column: null, message: read.message });
    else tables.push(...read);
  }
  const { rows, issues } = readTables(tables);
  return { rows, issues: [...unreadable, ...issues] };
}
