/**
 * Reading an upload as a worker-thread task (src/platform/workers runs it): unzipping and parsing a 20 MB workbook
 * of 50,000 rows takes seconds of CPU, which must not hold the event loop. Pure: the files in, the typed rows and
 * every problem out. Each row is checked and packed as it is read (packed-rows.ts): the worker never holds a sheet.
 */
import { ImportIssue, UploadTables } from '../core/imports/read';
import { PackedRows, RowPacker } from './packed-rows';
import { readUpload } from './upload-reader';

/** This module's path, for the pool: .ts from source, .js built. */
export const READ_WORKER = __filename;

export interface UploadInput {
  files: Array<{ name: string; data: Uint8Array }>;
}

/** The rows go back packed: unpackRows on the main thread. */
export async function readUploadTask(input: UploadInput): Promise<{ rows: PackedRows; issues: ImportIssue[] }> {
  const packer = new RowPacker();
  const upload = new UploadTables((kind, row) => packer.add(kind, row));
  const unreadable: ImportIssue[] = [];
  for (const f of input.files) {
    const mark = packer.mark();
    const read = await readUpload(f.name, Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength), upload);
    if (read) {
      packer.undo(mark);
      unreadable.push({ sheet: read.name, row: read.row, column: null, message: read.message });
    }
  }
  return { rows: packer.packed(), issues: [...unreadable, ...upload.issues] };
}
