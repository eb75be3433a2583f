import { Injectable } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Clock } from '../platform/clock/clock';
import { Snapshot } from '../platform/database/snapshot';
import { beijingIso } from '../platform/clock/clock';
import { readManifest, SpooledEntry, Tally, writeArchive } from './backup-archive';
import { freeBackupName, listBackupFiles } from './backup-files';
import { BackupManifest, MANIFEST_FORMAT, tableEntry } from './backup-manifest';
import { BackupRepository } from './backup.repository';
import { loadOrder, rowOrder } from './load-order';

/** A backup written: where, how big, how long it took, and what it holds. */
export interface WrittenBackup {
  file: string;
  bytes: number;
  ms: number;
  manifest: BackupManifest;
}

/** A backup in the list: the file, and what its manifest says (or why it cannot be read). */
export interface ListedBackup {
  file: string;
  bytes: number;
  createdAt?: string;
  schemaVersion?: string;
  rows?: number;
  projects?: BackupManifest['projects'];
  audit?: BackupManifest['audit'];
  error?: string;
}

/**
 * Writes a backup file (backup-archive.ts) from one REPEATABLE READ READ ONLY snapshot: every table, the migrations
 * applied and every chain's end are read as of one instant, whatever commits meanwhile. Needs SELECT on every
 * table, which the service role has; no server binaries (no pg_dump): the rows come through COPY.
 */
@Injectable()
export class BackupService {
  constructor(
    private readonly snapshot: Snapshot,
    private readonly backups: BackupRepository,
    private readonly clock: Clock,
  ) {}

  async write(dir: string): Promise<WrittenBackup> {
    const started = performance.now();
    fs.mkdirSync(dir, { recursive: true });
    const work = fs.mkdtempSync(path.join(dir, '.writing-'));
    try {
      const { manifest, entries } = await this.snapshot.read(async () => {
        await this.backups.portableText();
        const createdAt = beijingIso(this.clock.now().getTime());
        const migrations = await this.backups.migrations();
        if (!migrations.length) throw new Error('数据库还没有建表（没有执行过迁移）：没有可备份的账簿');
        const tables = loadOrder(await this.backups.tables());
        const projects = await this.backups.projectDigests();
        const audit = await this.backups.auditDigest();
        const server = await this.backups.serverVersion();
        const entries: SpooledEntry[] = [];
        const listed: BackupManifest['tables'] = [];
        for (const t of tables) {
          const spool = path.join(work, `${t.name}.copy`);
          const tally = new Tally();
          const rows = await this.backups.copyOut(t, rowOrder(t));
          await pipeline(rows, tally, fs.createWriteStream(spool));
          entries.push({ name: tableEntry(t.name), path: spool, bytes: tally.bytes, sha256: tally.digest() });
          listed.push({ name: t.name, file: tableEntry(t.name), columns: t.columns, rows: rows.rowCount, bytes: tally.bytes });
        }
        const manifest: BackupManifest = {
          format: MANIFEST_FORMAT,
          createdAt,
          schemaVersion: migrations.at(-1)!,
          migrations,
          server,
          tables: listed,
          projects,
          audit,
        };
        return { manifest, entries };
      });
      const name = freeBackupName(dir, manifest.createdAt);
      const partial = path.join(work, name);
      await writeArchive(partial, manifest, entries);
      const file = path.join(dir, name);
      fs.renameSync(partial, file);
      return { file, bytes: fs.statSync(file).size, ms: Math.round(performance.now() - started), manifest };
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }

  /** Manifests already read, by file name, size and time: a backup file never changes once written. */
  private readonly manifests = new Map<string, BackupManifest>();

  /** The backups in `dir`, newest first, each with its manifest's instant, schema version, row count and digests. */
  async list(dir: string): Promise<ListedBackup[]> {
    const out: ListedBackup[] = [];
    for (const f of listBackupFiles(dir)) {
      const key = `${f.path}:${f.bytes}:${f.modified.getTime()}`;
      try {
        const m = this.manifests.get(key) ?? (await readManifest(f.path));
        this.manifests.set(key, m);
        const rows = m.tables.reduce((sum, t) => sum + t.rows, 0);
        out.push({
          file: f.name,
          bytes: f.bytes,
          createdAt: m.createdAt,
          schemaVersion: m.schemaVersion,
          rows,
          projects: m.projects,
          audit: m.audit,
        });
      } catch (e) {
        out.push({ file: f.name, bytes: f.bytes, error: `无法读出清单：${e instanceof Error ? e.message : String(e)}` });
      }
    }
    return out;
  }

  /** Deletes all but the `keep` newest backups in `dir`; returns the names deleted. */
  prune(dir: string, keep: number): string[] {
    const old = listBackupFiles(dir).slice(keep);
    for (const f of old) fs.rmSync(f.path, { force: true });
    return old.map((f) => f.name);
  }
}
