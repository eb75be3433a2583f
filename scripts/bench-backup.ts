/**
 * Backup benchmark (printed figures, not a test): books of BENCH_LINES voucher lines (default 200,000), posted
 * through LedgerWriter as capital-event vouchers of two lines each, spread over four projects posting side by side;
 * then one backup (size, time) and its restore into a new database (time, migrations, every chain verified).
 * Uses DATABASE_URL when set (a new database on that server for each side, dropped after), else a throw-away
 * embedded PostgreSQL. `node -r @swc-node/register scripts/bench-backup.ts`
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { BackupsModule } from '../src/backups/backups.module';
import { BackupService } from '../src/backups/backup.service';
import { RestoreService } from '../src/backups/restore.service';
import { buildCapitalEvent } from '../src/core/ledger';
import { LedgerWriter } from '../src/ledger/ledger-writer';
import { VerificationService } from '../src/ledger/verification.service';
import { createDataSource, openDatabase } from '../src/platform/database/data-source';
import { throwAwayPostgres } from './bench/throwaway-postgres';
import { PlatformModule } from '../src/platform/platform.module';
import { accountant } from '../test/support/seed';

const LINES = Number(process.env.BENCH_LINES ?? 200_000);
const PROJECTS = 4;
const VILLAGES = 20;

/** A server to make two databases on: DATABASE_URL's, or an embedded one in a temporary directory. */
async function server(): Promise<{ urlFor: (db: string) => string; stop: () => Promise<void> }> {
  const names: string[] = [];
  if (process.env.DATABASE_URL) {
    const admin = process.env.DATABASE_URL;
    return {
      urlFor: (db) => {
        names.push(db);
        const u = new URL(admin);
        u.pathname = `/${db}`;
        return u.toString();
      },
      stop: async () => {
        const c = new Client({ connectionString: admin });
        await c.connect();
        for (const n of names) await c.query(`DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const pg = await throwAwayPostgres('bench-backup', 55000, 'postgres');
  return { urlFor: (db) => pg.url.replace(/\/postgres$/, `/${db}`), stop: pg.stop };
}

async function createDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  const c = new Client({ connectionString: u.toString() });
  await c.connect();
  await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
}

@Module({})
class BenchBackupModule {}

function backupContext(db: DataSource, dir: string): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(
    { module: BenchBackupModule, imports: [PlatformModule.forRoot(db), BackupsModule.forRoot({ backupDir: dir, backupKeep: 30 })] },
    { logger: ['error'] },
  );
}

/** Projects, villages and capital-event rows by SQL; the events' vouchers through the writer, every project at once. */
async function seed(app: INestApplicationContext, db: DataSource, tag: string): Promise<void> {
  const vouchers = Math.ceil(LINES / 2 / PROJECTS);
  await Promise.all(
    Array.from({ length: PROJECTS }, async (_, p) => {
      const [{ id: projectId }] = await db.query(
        `INSERT INTO project (code, name, start_date) VALUES ($1, $2, '2024-01-01') RETURNING id`,
        [`${tag}P${p}`, `备份基准项目 ${p}`],
      );
      const villages: Array<{ id: string; code: string; name: string }> = await db.query(
        `INSERT INTO village (code, name) SELECT $1 || lpad(i::text, 3, '0'), '村' || i FROM generate_series(1, $2) i RETURNING id, code, name`,
        [`${tag}${p}V`, VILLAGES],
      );
      await db.query(`INSERT INTO project_village (project_id, village_id) SELECT $1, unnest($2::uuid[])`, [
        projectId,
        villages.map((v) => v.id),
      ]);
      const events: Array<{ id: string }> = await db.query(
        `INSERT INTO capital_event (project_id, village_id, event_date, amount, kind)
         SELECT $1, ($2::uuid[])[1 + (i - 1) % array_length($2::uuid[], 1)], '2025-06-01', 1.00, 'cash' FROM generate_series(1, $3) i
         RETURNING id`,
        [projectId, villages.map((v) => v.id), vouchers],
      );
      const writer = app.get(LedgerWriter);
      const poster = accountant('bench');
      for (const [i, e] of events.entries()) {
        const v = villages[i % villages.length];
        await writer.post(
          poster,
          projectId,
          buildCapitalEvent({ village: v.code, villageName: v.name, date: '2025-06-01', amount: 100n, kind: 'cash' }),
          {
            type: 'capital-event',
            id: e.id,
          },
        );
      }
    }),
  );
}

async function main(): Promise<void> {
  process.env.NODE_ENV ??= 'test';
  const srv = await server();
  const tag = `K${Date.now().toString(36)}`;
  const source = srv.urlFor(`bench_backup_${tag.toLowerCase()}`);
  const target = srv.urlFor(`bench_restore_${tag.toLowerCase()}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-bench-backups-'));
  try {
    await createDatabase(source);
    await createDatabase(target);
    const { dataSource: db } = await openDatabase(source);
    const app = await NestFactory.createApplicationContext(
      AppModule.forRoot(db, { jwtSecret: 'bench-secret-bench-secret-bench-secret', jwtTtlSeconds: 3600 }),
      { logger: ['error'] },
    );
    const t0 = performance.now();
    await seed(app, db, tag);
    const [{ lines }] = await db.query('SELECT count(*)::int AS lines FROM voucher_line');
    console.log(
      `backup: seeded ${lines.toLocaleString('en-US')} voucher lines through LedgerWriter in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const written = await app.get(BackupService).write(dir);
    const rows = written.manifest.tables.reduce((s, t) => s + t.rows, 0);
    const raw = written.manifest.tables.reduce((s, t) => s + t.bytes, 0);
    console.log(
      `backup: ${written.bytes.toLocaleString('en-US')} bytes (${(written.bytes / 2 ** 20).toFixed(1)} MiB; ` +
        `${(raw / 2 ** 20).toFixed(1)} MiB of COPY text, ${rows.toLocaleString('en-US')} rows), written in ${written.ms} ms`,
    );
    await app.close();
    await db.destroy();

    const owner = createDataSource(target);
    await owner.initialize();
    const ctx = await backupContext(owner, dir);
    const r0 = performance.now();
    const report = await ctx.get(RestoreService).restore(written.file, { force: false, backupDir: dir });
    console.log(
      `backup: restored into an empty database in ${(performance.now() - r0).toFixed(0)} ms (migrated after: ${report.migrated.length})`,
    );
    await ctx.close();
    const restored = await NestFactory.createApplicationContext(
      AppModule.forRoot(owner, { jwtSecret: 'bench-secret-bench-secret-bench-secret', jwtTtlSeconds: 3600 }),
      { logger: ['error'] },
    );
    const v0 = performance.now();
    for (const p of report.manifest.projects) {
      const v = await restored.get(VerificationService, { strict: false }).verify(p.id);
      const same = v.digest.sequence === p.vouchers.sequence && v.digest.hash === p.vouchers.hash;
      if (!v.ok || !same) throw new Error(`project ${p.code}: ok ${v.ok}, digest ${same ? 'equal' : 'different'}`);
    }
    console.log(`backup: every chain of the restored books verified, digests equal, in ${(performance.now() - v0).toFixed(0)} ms`);
    await restored.close();
    await owner.destroy();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await srv.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
