/**
 * The entries of a ZIP file held in memory (an uploaded workbook), read one at a time: the central directory gives
 * each entry's place, and an entry's bytes are inflated (node:zlib) and handed on in pieces, never whole, with
 * its CRC-32 and size checked at the end. Only what an .xlsx uses: stored or deflated entries, ZIP64 sizes, no
 * encryption, one disk.
 */
import { Readable } from 'node:stream';
import { createInflateRaw, crc32 } from 'node:zlib';

/** Not a ZIP file this reader can open: cut short, damaged, encrypted or in a form an .xlsx never takes. */
export class BadZip extends Error {
  constructor(what: string) {
    super(`not a readable ZIP file: ${what}`);
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Where its local header starts. */
  offset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;
/** Compressed bytes handed to zlib at a time: a piece inflates to at most about 1,000 times its size. */
const PIECE = 16 * 1024;

/** The entries by name, from the central directory. */
export function zipEntries(zip: Buffer): Map<string, ZipEntry> {
  const end = endOfDirectory(zip);
  const entries = new Map<string, ZipEntry>();
  let at = end.offset;
  for (let i = 0; i < end.count; i++) {
    need(zip, at, 46);
    if (zip.readUInt32LE(at) !== CENTRAL) throw new BadZip('central directory');
    const flags = zip.readUInt16LE(at + 8);
    if (flags & 1) throw new BadZip('encrypted entry');
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    need(zip, at + 46, nameLength + extraLength);
    const entry: ZipEntry = {
      name: zip.toString('utf8', at + 46, at + 46 + nameLength).replace(/\\/g, '/'),
      method: zip.readUInt16LE(at + 10),
      crc: zip.readUInt32LE(at + 16),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      offset: zip.readUInt32LE(at + 42),
    };
    zip64Sizes(zip.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), entry);
    entries.set(entry.name, entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** An entry's bytes, in pieces of at most 64 KiB as they are inflated. */
export async function* entryBytes(zip: Buffer, entry: ZipEntry): AsyncGenerator<Buffer> {
  need(zip, entry.offset, 30);
  if (zip.readUInt32LE(entry.offset) !== LOCAL) throw new BadZip(`local header of ${entry.name}`);
  const start = entry.offset + 30 + zip.readUInt16LE(entry.offset + 26) + zip.readUInt16LE(entry.offset + 28);
  need(zip, start, entry.compressedSize);
  const data = zip.subarray(start, start + entry.compressedSize);
  let crc = 0;
  let size = 0;
  if (entry.method === 0) {
    for (let at = 0; at < data.length; at += 1 << 16) {
      const piece = data.subarray(at, at + (1 << 16));
      crc = crc32(piece, crc);
      size += piece.length;
      yield piece;
    }
  } else if (entry.method === 8) {
    const inflate = createInflateRaw({ chunkSize: 1 << 16 });
    const pieces = Readable.from(slices(data), { objectMode: false });
    pieces.on('error', (e) => inflate.destroy(e));
    pieces.pipe(inflate);
    try {
      for await (const piece of inflate as AsyncIterable<Buffer>) {
        crc = crc32(piece, crc);
        size += piece.length;
        if (size > entry.size) throw new BadZip(`${entry.name} is longer than its size`);
        yield piece;
      }
    } catch (e) {
      throw e instanceof BadZip ? e : new BadZip(`${entry.name}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      pieces.destroy();
      inflate.destroy();
    }
  } else {
    throw new BadZip(`compression method ${entry.method}`);
  }
  if (size !== entry.size || crc >>> 0 !== entry.crc) throw new BadZip(`${entry.name} fails its CRC or size check`);
}

function* slices(data: Buffer): Generator<Buffer> {
  for (let at = 0; at < data.length; at += PIECE) yield data.subarray(at, at + PIECE);
}

function need(zip: Buffer, at: number, length: number): void {
  if (at < 0 || at + length > zip.length) throw new BadZip('cut short');
}

/** The end of central directory record (ZIP64's when the classic one overflows): the entries' count and where they start. */
function endOfDirectory(zip: Buffer): { count: number; offset: number } {
  // The record is 22 bytes and may be followed by a comment of up to 65,535.
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) !== EOCD) continue;
    let count = zip.readUInt16LE(at + 10);
    let offset = zip.readUInt32LE(at + 16);
    if (count === 0xffff || offset === MAX32) {
      const locator = at - 20;
      need(zip, locator, 20);
      if (zip.readUInt32LE(locator) !== ZIP64_LOCATOR) throw new BadZip('ZIP64 locator');
      const record = safe(zip.readBigUInt64LE(locator + 8));
      need(zip, record, 56);
      if (zip.readUInt32LE(record) !== ZIP64_EOCD) throw new BadZip('ZIP64 end of central directory');
      count = safe(zip.readBigUInt64LE(record + 32));
      offset = safe(zip.readBigUInt64LE(record + 48));
    }
    return { count, offset };
  }
  throw new BadZip('no end of central directory');
}

/** The ZIP64 extra field's sizes and offset, for each field the header left at 0xFFFFFFFF (in this order). */
function zip64Sizes(extra: Buffer, entry: ZipEntry): void {
  for (let at = 0; at + 4 <= extra.length;) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      for (const key of ['size', 'compressedSize', 'offset'] as const) {
        if (entry[key] !== MAX32) continue;
        if (field + 8 > at + 4 + length) throw new BadZip('ZIP64 extra field');
        entry[key] = safe(extra.readBigUInt64LE(field));
        field += 8;
      }
      return;
    }
    at += 4 + length;
  }
}

function safe(n: bigint): number {
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new BadZip('size out of range');
  return Number(n);
}
