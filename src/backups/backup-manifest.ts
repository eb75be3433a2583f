/** A chain's end: its last sequence and hash (GENESIS and 0 for an empty chain). */
export interface Digest {
  sequence: number;
  hash: string;
}

/** One table's data in the archive: COPY's text format, the columns in this order, rows in load-order.ts's rowOrder. */
export interface BackupTable {
  name: string;
  /** The entry's path in the archive. */
  file: string;
  columns: string[];
  rows: number;
  bytes: number;
}

/** A project's digests as the backup saw them: the voucher chain's (the one reports print) and the event chain's. */
export interface ProjectDigest {
  id: string;
  code: string;
  vouchers: Digest;
  events: Digest;
}

/**
 * manifest.json, the archive's first entry: what the backup holds and what the books said when it was taken.
 * `tables` is in loading order (every table after those it refers to).
 */
export interface BackupManifest {
  format: typeof MANIFEST_FORMAT;
  /** When the snapshot was taken, ISO 8601 in Beijing time. */
  createdAt: string;
  /** The last migration applied: the schema the data fits. */
  schemaVersion: string;
  /** Every migration applied, in order. */
  migrations: string[];
  /** PostgreSQL's version string, for the record. */
  server: string;
  tables: BackupTable[];
  projects: ProjectDigest[];
  /** The audit trail's chain end (audit_head). */
  audit: Digest;
}

export const MANIFEST_FORMAT = 1;
export const MANIFEST_ENTRY = 'manifest.json';
/** `sha256sum` format: one line per other entry, so `sha256sum -c SHA256SUMS` checks an unpacked archive too. */
export const CHECKSUMS_ENTRY = 'SHA256SUMS';

export function tableEntry(table: string): string {
  return `tables/${table}.copy`;
}

/** A manifest read back, checked for the fields restore relies on; throws with what is wrong. */
export function parseManifest(text: string): BackupManifest {
  let m: BackupManifest;
  try {
    m = JSON.parse(text) as BackupManifest;
  } catch {
    throw new Error('manifest.json 不是有效的 JSON');
  }
  if (m?.format !== MANIFEST_FORMAT) throw new Error(`manifest.json 的格式版本 ${String(m?.format)} 不是本程序能读的 ${MANIFEST_FORMAT}`);
  const ok =
    typeof m.createdAt === 'string' &&
    typeof m.schemaVersion === 'string' &&
    Array.isArray(m.migrations) &&
    m.migrations.at(-1) === m.schemaVersion &&
    Array.isArray(m.tables) &&
    m.tables.every(
      (t) => typeof t.name === 'string' && t.file === tableEntry(t.name) && Array.isArray(t.columns) && Number.isInteger(t.rows),
    ) &&
    Array.isArray(m.projects) &&
    typeof m.audit?.hash === 'string';
  if (!ok) throw new Error('manifest.json 缺少字段或字段有误');
  return m;
}
