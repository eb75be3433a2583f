import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import * as tar from 'tar-stream';
import { BackupManifest, CHECKSUMS_ENTRY, MANIFEST_ENTRY, parseManifest } from './backup-manifest';

/**
 * The backup file: a gzip'd tar of manifest.json, SHA256SUMS (the SHA-256 of manifest.json and of every table's
 * entry, in `sha256sum` format) and one entry per table. A tar entry's size goes before its bytes, so each table is
 * first spooled to a file beside the archive, hashed on the way.
 */

/** A file whose content cannot be trusted: damaged, cut short, or not one of our backups. Never restored. */
export class BackupFileError extends Error {
  readonly code = 'BACKUP_CORRUPT';
}

/** Counts and hashes what flows through. */
export class Tally extends Transform {
  bytes = 0;
  private readonly hash = createHash('sha256');

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    done(null, chunk);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/** A table's data spooled to a file, with its SHA-256. */
export interface SpooledEntry {
  name: string;
  path: string;
  bytes: number;
  sha256: string;
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Writes the archive to `target` (which must not exist yet: opened with 'wx'). */
export async function writeArchive(target: string, manifest: BackupManifest, entries: SpooledEntry[]): Promise<void> {
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n');
  const sums = [`${sha256(manifestBytes)}  ${MANIFEST_ENTRY}`, ...entries.map((e) => `${e.sha256}  ${e.name}`)].join('\n') + '\n';
  const mtime = new Date();
  const pack = tar.pack();
  const writing = pipeline(pack, createGzip(), fs.createWriteStream(target, { flags: 'wx' }));
  const add = (name: string, size: number, source: Readable) =>
    new Promise<void>((resolve, reject) => {
      const entry = pack.entry({ name, size, mtime, mode: 0o644 }, (err) => (err ? reject(err) : resolve()));
      source.on('error', reject).pipe(entry);
    });
  try {
    await add(MANIFEST_ENTRY, manifestBytes.length, Readable.from([manifestBytes]));
    await add(CHECKSUMS_ENTRY, Buffer.byteLength(sums), Readable.from([Buffer.from(sums)]));
    for (const e of entries) await add(e.name, e.bytes, fs.createReadStream(e.path));
    pack.finalize();
  } catch (e) {
    pack.destroy(e as Error);
    await writing.catch(() => undefined);
    throw e;
  }
  await writing;
}

/** An error of the caller's `consume` (the database refusing a row, say), passed through as it is. */
class ConsumerError extends Error {
  constructor(readonly inner: unknown) {
    super('consumer');
  }
}

/**
 * Reads an archive through, checking every entry against SHA256SUMS; `consume` gets each table's entry as a stream
 * (restore loads it) and must read it to its end. Throws BackupFileError, in Chinese, for any damage; the caller's
 * work (a restore's transaction) must then be undone, since the damage may be found only at the end.
 */
export async function readArchive(
  file: string,
  consume?: (entry: string, data: Readable, manifest: BackupManifest) => Promise<void>,
): Promise<BackupManifest> {
  const extract = tar.extract();
  const reading = pipeline(fs.createReadStream(file), createGunzip(), extract);
  reading.catch(() => undefined); // the loop below sees the same failure
  let manifest: BackupManifest | undefined;
  let sums: Map<string, string> | undefined;
  const seen = new Set<string>();
  try {
    for await (const entry of extract) {
      const name = entry.header.name;
      if (!manifest) {
        if (name !== MANIFEST_ENTRY) throw new BackupFileError(`第一项应为 ${MANIFEST_ENTRY}，却是 ${name}：这不是本程序的备份文件`);
        const text = await readAll(entry);
        manifest = parseManifest(text.toString('utf8'));
        sums = new Map([[MANIFEST_ENTRY, sha256(text)]]);
      } else if (name === CHECKSUMS_ENTRY) {
        const listed = parseSums((await readAll(entry)).toString('utf8'));
        if (listed.get(MANIFEST_ENTRY) !== sums!.get(MANIFEST_ENTRY)) {
          throw new BackupFileError(`${MANIFEST_ENTRY} 的 SHA-256 与 ${CHECKSUMS_ENTRY} 所记不符`);
        }
        sums = listed;
      } else {
        const expected = seen.has(CHECKSUMS_ENTRY) ? sums!.get(name) : undefined;
        if (!expected) throw new BackupFileError(`${name} 不在 ${CHECKSUMS_ENTRY} 中`);
        const tally = new Tally();
        if (consume) await consume(name, entry.pipe(tally), manifest).catch((e) => Promise.reject(new ConsumerError(e)));
        else await pipeline(entry, tally, new Discard());
        if (tally.digest() !== expected) throw new BackupFileError(`${name} 的 SHA-256 与 ${CHECKSUMS_ENTRY} 所记不符`);
      }
      seen.add(name);
    }
    await reading;
  } catch (e) {
    extract.destroy();
    if (e instanceof ConsumerError) throw e.inner;
    throw asFileError(e);
  }
  if (!manifest || !sums) throw new BackupFileError('文件里没有 manifest.json 和 SHA256SUMS：这不是本程序的备份文件');
  const missing = [...sums.keys()].filter((n) => !seen.has(n));
  if (missing.length) throw new BackupFileError(`缺少 ${missing.join('、')}：文件不完整`);
  return manifest;
}

/** Only the manifest (the first entry), for listing backups without reading them through. */
export async function readManifest(file: string): Promise<BackupManifest> {
  const extract = tar.extract();
  const source = fs.createReadStream(file);
  const reading = pipeline(source, createGunzip(), extract);
  reading.catch(() => undefined);
  try {
    for await (const entry of extract) {
      if (entry.header.name !== MANIFEST_ENTRY) throw new BackupFileError(`第一项不是 ${MANIFEST_ENTRY}`);
      return parseManifest((await readAll(entry)).toString('utf8'));
    }
    throw new BackupFileError('文件是空的');
  } catch (e) {
    throw asFileError(e);
  } finally {
    extract.destroy();
    source.destroy();
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseSums(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n').filter(Boolean)) {
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (!m) throw new BackupFileError(`${CHECKSUMS_ENTRY} 有一行看不懂："${line.slice(0, 80)}"`);
    out.set(m[2], m[1]);
  }
  return out;
}

class Discard extends Transform {
  override _transform(_chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    done();
  }
}

/** Whatever goes wrong reading the file means it is damaged, to the user; but a missing or unreadable file is said as such. */
function asFileError(e: unknown): Error {
  if (e instanceof BackupFileError) return e;
  const err = e as NodeJS.ErrnoException;
  if (err?.syscall) return err;
  return new BackupFileError(`无法读出（${err?.message ?? String(e)}）`);
}
