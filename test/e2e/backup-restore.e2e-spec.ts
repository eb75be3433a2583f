import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { readManifest } from '../../src/backups/backup-archive';
import { BackupManifest } from '../../src/backups/backup-manifest';
import { BackupScheduler } from '../../src/backups/backup-scheduler';
import { BackupService } from '../../src/backups/backup.service';
import { migrateAsOwner } from '../../src/platform/database/connect';
import { scratchDatabase } from '../support/scratch-database';
import { createTestApp, SignedInUser, TestApp } from '../support/test-app';
import { addResult, buildPark, Park } from './ledger.fixture';

const ROOT = path.join(__dirname, '../..');

/** A command of package.json, run as a user would, with the test's environment changed by `env`. */
function npm(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '-s', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/** The embedded PostgreSQL of a DATA_DIR, run by a child process (embedded-postgres.child.ts) until stop(). */
function embedded(dataDir: string, port: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn('node', ['-r', '@swc-node/register', path.join(__dirname, 'embedded-postgres.child.ts'), dataDir, String(port)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const stopped = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve({ url: String(d).trim(), stop: () => (child.stdin.end(), stopped) }));
    child.on('close', (code) => reject(new Error(`embedded PostgreSQL exited with ${code}`)));
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * Issue 15: a backup taken while 20 payments are being made holds exactly the books of one instant; restored into a
 * new DATA_DIR of the embedded default by `npm run restore`, every payment acknowledged before the backup began is
 * there, every chain verifies and every digest equals the recorded one. A damaged file is refused, existing books
 * are not overwritten unless forced (and then backed up first), the list is the admin's and the auditor's, and a
 * failed scheduled backup makes the health check say "degraded".
 */
describe('backup and restore', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-backup-'));
  const backupDir = path.join(work, 'backups');
  const scheduledDir = path.join(work, 'scheduled');
  /** A new DATA_DIR for the embedded default, as after losing the old one; its parents open to "postgres" (whom root runs it as). */
  const dataDir = path.join(work, 'data');
  // Its own database: a restore verifies every project and the audit trail, and the shared one holds other suites' tampering.
  const db = scratchDatabase('enclave_backup');
  let t: TestApp;
  let checker: SignedInUser;
  let park: Park;
  let port: number;
  let cliEnv: Record<string, string>;
  let backupFile: string;
  let manifest: BackupManifest;
  /** Payments acknowledged (201) before the backup was started, and all 20. */
  let before: string[];
  let all: string[];
  const base = () => `/api/projects/${park.projectId}`;

  beforeAll(async () => {
    fs.chmodSync(work, 0o755);
    process.env.BACKUP_DIR = scheduledDir;
    process.env.BACKUP_KEEP = '2';
    await db.create();
    db.use((await migrateAsOwner(db.url, { role: db.role, password: 'backup-test-password' })).service.url);
    t = await createTestApp();
    checker = await t.signIn('accountant');
    park = await buildPark(t);
    await addResult(t, park.projectId, 2024, '980000.00', '1100000.00');
    const run = await t.http().post(`${base()}/runs`).send({ year: 2024 }).expect(201);
    await checker.http().post(`${base()}/runs/${run.body.id}/approve`).expect(200);
    await t.http().post(`${base()}/runs/${run.body.id}/post`).send({ date: '2025-03-31' }).expect(200);
    port = await freePort();
    cliEnv = {
      DATABASE_URL: '',
      SERVICE_DATABASE_URL: '',
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(port),
      BACKUP_DIR: path.join(dataDir, 'backups'),
    };
  });
  afterAll(async () => {
    delete process.env.BACKUP_DIR;
    delete process.env.BACKUP_KEEP;
    await t.close();
    await db.drop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('backs up while 20 payments are being made: the backup holds those acknowledged before it, whole, and none half', async () => {
    const acknowledged: string[] = [];
    let started: string[] | undefined;
    let backup: Promise<{ file: string; manifest: BackupManifest }> | undefined;
    const payments = Array.from({ length: 20 }, (_, i) =>
      t
        .http()
        .post(`${base()}/payments`)
        .send({ villageCode: park.villages[i % 6].code, amount: `${i + 1}.00`, date: '2025-04-02', bankReference: `BK-${i}` })
        .then((r) => {
          expect(r.status).toBe(201);
          acknowledged.push(r.body.id);
          if (acknowledged.length === 5) {
            started = [...acknowledged];
            backup = t.app.get(BackupService).write(backupDir);
          }
          return r.body.id as string;
        }),
    );
    all = await Promise.all(payments);
    const written = await backup!;
    before = started!;
    backupFile = written.file;
    manifest = written.manifest;
    expect(path.basename(backupFile)).toMatch(/^enclave-backup-\d{4}-\d{2}-\d{2}T\d{6}\+0800(-\d+)?\.tar\.gz$/);
    expect(manifest.schemaVersion).toBe(manifest.migrations.at(-1));
    const paid = manifest.tables.find((x) => x.name === 'payment')!.rows;
    console.log(
      `backup during 20 payments: ${fs.statSync(backupFile).size} bytes, ${paid} payment rows, ${before.length} acknowledged before it began`,
    );
  });

  it('npm run restore puts the books into a new DATA_DIR: every acknowledged payment is there, the chains verify, every digest is the recorded one', async () => {
    const r = await npm(['restore', '--', backupFile], cliEnv);
    // On failure, what the command printed is in the diff.
    expect({ code: r.code, err: r.err, out: r.code === 0 ? '' : r.out }).toEqual({ code: 0, err: '', out: '' });
    const project = manifest.projects.find((p) => p.id === park.projectId)!;
    expect(r.out).toContain(`项目 ${project.code}：备份所记 第 ${project.vouchers.sequence} 张 ${project.vouchers.hash}`);
    expect(r.out).toContain(`恢复后 第 ${project.vouchers.sequence} 张 ${project.vouchers.hash} 一致，凭证链和事件链校验通过`);
    expect(r.out).toContain('恢复完成，账簿与备份一致。');
    expect(r.out).not.toContain('不一致');

    const pg = await embedded(dataDir, port);
    const db = new Client({ connectionString: pg.url });
    await db.connect();
    try {
      const rows = (
        await db.query(
          `SELECT p.id, v.id IS NOT NULL AS voucher, e.id IS NOT NULL AS event FROM payment p
             LEFT JOIN voucher v ON v.id = p.voucher_id LEFT JOIN ledger_event e ON e.subject_id = p.id::text
            WHERE p.project_id = $1`,
          [park.projectId],
        )
      ).rows as Array<{ id: string; voucher: boolean; event: boolean }>;
      const restored = rows.map((x) => x.id);
      for (const id of before) expect(restored).toContain(id);
      for (const id of restored) expect(all).toContain(id);
      expect(rows.filter((x) => !x.voucher || !x.event)).toEqual([]);
      const [{ n }] = (await db.query('SELECT count(*)::int AS n FROM payment')).rows;
      expect(n).toBe(manifest.tables.find((x) => x.name === 'payment')!.rows);
      const heads = (await db.query('SELECT book_id, last_sequence, last_hash, last_event_sequence, last_event_hash FROM ledger_head'))
        .rows;
      for (const p of manifest.projects.filter((x) => x.vouchers.sequence > 0)) {
        const h = heads.find((x: { book_id: string }) => x.book_id === p.id);
        expect({ s: h.last_sequence, h: h.last_hash, es: h.last_event_sequence, eh: h.last_event_hash }).toEqual({
          s: p.vouchers.sequence,
          h: p.vouchers.hash,
          es: p.events.sequence,
          eh: p.events.hash,
        });
      }

      // npm run backup on the embedded default, while its PostgreSQL runs: the same digests again.
      const again = await npm(['backup'], cliEnv);
      expect(again.code).toBe(0);
      expect(again.out).toContain(`项目 ${project.code}：账簿摘要 第 ${project.vouchers.sequence} 张凭证 ${project.vouchers.hash}`);
    } finally {
      await db.end();
      await pg.stop();
    }
  }, 180_000);

  it('refuses a backup with one byte changed, clearly, and changes nothing', async () => {
    const bad = path.join(work, 'damaged.tar.gz');
    const bytes = fs.readFileSync(backupFile);
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    fs.writeFileSync(bad, bytes);
    const r = await npm(['restore', '--', bad, '--force'], cliEnv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^拒绝恢复：备份文件 .*damaged\.tar\.gz 已损坏或不完整（.+）。数据库没有任何改动；请换一份备份。\n$/);
    expect(fs.existsSync(path.join(dataDir, 'backups')) ? fs.readdirSync(path.join(dataDir, 'backups')).length : 0).toBe(1);
  }, 120_000);

  it('refuses to restore over existing books unless --force, and then backs them up first', async () => {
    const refused = await npm(['restore', '--', backupFile], cliEnv);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('目标数据库里已有账簿');
    expect(refused.err).toContain('--force');
    const before = fs.readdirSync(path.join(dataDir, 'backups'));
    const forced = await npm(['restore', '--', backupFile, '--force'], cliEnv);
    expect(forced.code).toBe(0);
    const after = fs.readdirSync(path.join(dataDir, 'backups'));
    expect(after).toHaveLength(before.length + 1);
    const previous = after.find((f) => !before.includes(f))!;
    expect(forced.out).toContain(`覆盖前已把原有账簿备份到 ${path.join(dataDir, 'backups', previous)}`);
    expect((await readManifest(path.join(dataDir, 'backups', previous))).projects).toEqual(manifest.projects);
  }, 180_000);

  it('GET /api/backups lists files, sizes and digests to the admin and the auditor only', async () => {
    await t.app.get(BackupScheduler).run();
    const [head] = await t.db.query('SELECT last_sequence AS sequence, last_hash AS hash FROM ledger_head WHERE book_id = $1', [
      park.projectId,
    ]);
    const admin = await t.signIn('admin');
    const auditor = await t.signIn('auditor');
    for (const who of [admin, auditor]) {
      const res = await who.http().get('/api/backups').expect(200);
      expect(res.body.dir).toBe(scheduledDir);
      expect(res.body.schedule).toMatchObject({ cron: '0 2 * * *', keep: 2 });
      expect(res.body.lastScheduled).toMatchObject({ ok: true });
      const [item] = res.body.items;
      expect(item.bytes).toBe(fs.statSync(path.join(scheduledDir, item.file)).size);
      expect(item.projects.find((p: { id: string }) => p.id === park.projectId).vouchers).toEqual(head);
    }
    await t.http().get('/api/backups').expect(403);
  });

  it('scheduled backups keep BACKUP_KEEP newest; a failed one is logged and makes health "degraded" until one succeeds', async () => {
    const scheduler = t.app.get(BackupScheduler);
    await scheduler.run();
    await scheduler.run();
    expect(fs.readdirSync(scheduledDir).filter((f) => f.endsWith('.tar.gz'))).toHaveLength(2);
    expect((await t.anonymous().get('/api/health').expect(200)).body).toEqual({ status: 'ok' });

    fs.rmSync(scheduledDir, { recursive: true });
    fs.writeFileSync(scheduledDir, 'not a directory');
    const failed = await scheduler.run();
    expect(failed.ok).toBe(false);
    expect((await t.anonymous().get('/api/health').expect(200)).body).toEqual({ status: 'degraded' });
    const admin = await t.signIn('admin');
    expect((await admin.http().get('/api/backups').expect(200)).body.lastScheduled).toMatchObject({ ok: false, error: expect.any(String) });

    fs.rmSync(scheduledDir);
    expect((await scheduler.run()).ok).toBe(true);
    expect((await t.anonymous().get('/api/health').expect(200)).body).toEqual({ status: 'ok' });
  });
});
