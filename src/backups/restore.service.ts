import { Injectable } from '@nestjs/common';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { pipeline } from 'node:stream/promises';
import { readArchive } from './backup-archive';
import { BackupManifest, Digest } from './backup-manifest';
import { BackupRepository } from './backup.repository';
import { BackupService, WrittenBackup } from './backup.service';
import { RestoreRepository } from './restore.repository';

/** Why a restore was refused before anything changed; `code` is stable, the message Chinese. */
export class RestoreRefused extends Error {
  constructor(
    readonly code: 'BOOKS_EXIST' | 'SCHEMA_VERSION' | 'SCHEMA_MISMATCH' | 'DIGEST_MISMATCH' | 'ROW_COUNT',
    message: string,
  ) {
    super(message);
  }
}

export interface RestoreOptions {
  /** Restore over existing books; they are backed up to `backupDir` first. */
  force: boolean;
  backupDir: string;
}

export interface RestoreReport {
  manifest: BackupManifest;
  /** Migrations run after loading, when the backup came from an older release. */
  migrated: string[];
  /** The backup taken of the books that were there (restore --force). */
  previous?: WrittenBackup;
}

/**
 * Restores a backup as the schema's owner: checks the whole file first (SHA-256 of every entry), refuses a schema
 * this release does not know, and refuses existing books unless forced (then backs them up first). Then, in one
 * transaction: drops what was there, runs the migrations the backup was made under, loads every table with all
 * constraints and triggers in force, checks row counts and every chain's end against the manifest, runs the later
 * migrations, and commits. Anything wrong rolls it all back.
 */
@Injectable()
export class RestoreService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly backups: BackupRepository,
    private readonly target: RestoreRepository,
    private readonly writer: BackupService,
  ) {}

  /** The tables that already hold rows in the target database. */
  existingBooks(): Promise<Array<{ table: string; rows: number }>> {
    // audit_head's one row is put there by a migration: it is not books.
    return this.target.tablesWithRows(['audit_head']);
  }

  async restore(file: string, options: RestoreOptions): Promise<RestoreReport> {
    const manifest = await readArchive(file);
    const known = this.target.knownMigrations();
    const prefix = manifest.migrations.every((name, i) => known[i] === name);
    if (!prefix) {
      const unknown = manifest.migrations.find((name, i) => known[i] !== name);
      throw new RestoreRefused(
        'SCHEMA_VERSION',
        `备份的数据库结构版本是 ${manifest.schemaVersion}，本程序不认识其中的迁移 ${unknown}（本程序最新为 ${known.at(-1)}）：请用做这个备份的版本或更新的版本恢复`,
      );
    }
    const existing = await this.existingBooks();
    let previous: WrittenBackup | undefined;
    if (existing.length) {
      if (!options.force) {
        const what = existing.map((t) => `${t.table} ${t.rows} 行`).join('、');
        throw new RestoreRefused(
          'BOOKS_EXIST',
          `目标数据库里已有账簿（${what}），没有恢复。确要以备份覆盖，请加 --force：覆盖前会先把现有账簿备份到 ${options.backupDir}`,
        );
      }
      previous = await this.writer.write(options.backupDir);
    }
    const migrated = await this.txHost.withTransaction(Propagation.RequiresNew, () => this.load(file, manifest));
    return { manifest, migrated, previous };
  }

  private async load(file: string, manifest: BackupManifest): Promise<string[]> {
    await this.target.dropSchemaObjects();
    await this.target.migrate(manifest.migrations);
    await this.backups.portableText();
    const tables = new Map((await this.backups.tables()).map((t) => [t.name, t]));
    const listed = manifest.tables.map((t) => t.name);
    const extra = [...tables.keys()].filter((name) => !listed.includes(name));
    for (const t of manifest.tables) {
      const here = tables.get(t.name);
      if (!here || here.columns.join(',') !== t.columns.join(',') || extra.length) {
        throw new RestoreRefused(
          'SCHEMA_MISMATCH',
          `按迁移 ${manifest.schemaVersion} 建出的表 ${here ? t.name : (extra[0] ?? t.name)} 与备份所记的列不同：这个备份不是由这些迁移建出的数据库做的`,
        );
      }
    }
    // Rows the migrations themselves inserted (audit_head's first) make way for the backed-up ones.
    const seeded = new Set((await this.target.tablesWithRows([])).map((r) => r.table));
    for (const t of [...manifest.tables].reverse()) if (seeded.has(t.name)) await this.target.empty(t.name);
    const byEntry = new Map(manifest.tables.map((t) => [t.file, t]));
    await readArchive(file, async (entry, data) => {
      const t = byEntry.get(entry)!;
      const sink = await this.target.copyIn(t.name, t.columns);
      await pipeline(data, sink);
      if (sink.rowCount !== t.rows) throw new RestoreRefused('ROW_COUNT', `表 ${t.name} 载入了 ${sink.rowCount} 行，备份记为 ${t.rows} 行`);
    });
    await this.target.resetSequences();
    await this.checkDigests(manifest);
    return this.target.migrate();
  }

  /** The chain ends loaded are those the manifest recorded (the rows and the heads came from one snapshot). */
  private async checkDigests(manifest: BackupManifest): Promise<void> {
    const same = (a: Digest, b: Digest) => a.sequence === b.sequence && a.hash === b.hash;
    const loaded = new Map((await this.backups.projectDigests()).map((p) => [p.id, p]));
    for (const p of manifest.projects) {
      const here = loaded.get(p.id);
      if (!here || !same(here.vouchers, p.vouchers) || !same(here.events, p.events)) {
        throw new RestoreRefused('DIGEST_MISMATCH', `项目 ${p.code} 载入后的账簿摘要与备份所记不同`);
      }
    }
    if (!same(await this.backups.auditDigest(), manifest.audit))
      throw new RestoreRefused('DIGEST_MISMATCH', '审计日志载入后的链尾与备份所记不同');
  }
}
