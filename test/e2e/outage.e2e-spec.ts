/**
 * Outages (issue 10): the service on a PostgreSQL of its own, written to by several clients at once; the database
 * is stopped (a fast shutdown: open sessions are cut) and started again. While it is down every answer is a 503
 * with Retry-After and a Chinese message, never a 500; afterwards the service recovers by itself (the pool
 * reconnects), every acknowledged write is there, nothing is half-stored, and a write refused with 503 can be
 * retried with its Idempotency-Key and is then stored exactly once.
 */
import { INestApplication } from '@nestjs/common';
import { ChildProcess, fork } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuthService } from '../../src/access/auth.service';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/platform/config/config';
import { systemActor } from '../../src/platform/context/actor';
import { migrateAsOwner } from '../../src/platform/database/connect';
import { createDataSource } from '../../src/platform/database/data-source';
import { HttpExceptionFilter } from '../../src/platform/http/http-exception.filter';
import { UsersService } from '../../src/users/users.service';
import { TEST_JWT_SECRET } from '../support/test-module';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The embedded PostgreSQL, run by outage-database.child.ts. */
class Database {
  private constructor(private readonly child: ChildProcess) {}

  static async open(dataDir: string, port: number, database: string): Promise<Database> {
    const child = fork(path.join(__dirname, 'outage-database.child.ts'), [dataDir, String(port), database], {
      execArgv: ['-r', '@swc-node/register'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const db = new Database(child);
    await db.answer();
    return db;
  }

  async start(): Promise<string> {
    this.child.send('start');
    return (await this.answer()).url as string;
  }

  /** fast: PostgreSQL's fast shutdown (sessions cut, transactions rolled back); immediate: a crash, recovered at the next start. */
  async stop(mode: 'fast' | 'immediate'): Promise<void> {
    this.child.send(mode === 'fast' ? 'stop' : 'crash');
    await this.answer();
  }

  async close(): Promise<void> {
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.disconnect();
    await exited;
  }

  private answer(): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      this.child.once('message', (m: Record<string, unknown>) => (m.ok ? resolve(m) : reject(new Error(String(m.error)))));
    });
  }
}
const CHINESE = /[\u4e00-\u9fff]/;

interface Attempt {
  kind: 'township' | 'capital';
  /** 0 before the first outage, then the outage's number. */
  round: number;
  /** The township's code, or the capital event's reference (also its Idempotency-Key). */
  tag: string;
  phase: 'up' | 'down' | 'back';
  status: number;
  retryAfter?: string;
  message?: string;
  id?: string;
}

/** What reached the exception filter, by class, code and message: the shapes an outage produces. */
function shapeOf(e: unknown): string {
  const err = e as { constructor?: { name?: string }; code?: unknown; message?: unknown; driverError?: { code?: unknown } };
  const code = err?.code ?? err?.driverError?.code;
  const message = String(err?.message ?? e).replace(/[0-9a-f-]{36}/g, '<id>');
  return `${err?.constructor?.name ?? typeof e}${code ? ` [${String(code)}]` : ''}: ${message.slice(0, 90)}`;
}

describe('a database outage under load', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-outage-'));
  fs.chmodSync(dataDir, 0o755);
  const database = 'enclave_outage';
  let pg: Database;
  let service: DataSource;
  let owner: DataSource;
  let app: INestApplication;
  let token: string;
  const filtered: Array<{ shape: string; status: number }> = [];

  const http = () => request(app.getHttpServer());
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    pg = await Database.open(dataDir, await freePort(), database);
    const url = await pg.start();
    const { service: role } = await migrateAsOwner(url, {
      role: `${database}_service`,
      password: randomBytes(24).toString('base64url'),
    });
    service = createDataSource(role.url);
    owner = createDataSource(url);
    await Promise.all([service.initialize(), owner.initialize()]);
    // Records what each error that reached the filter was, and what it answered.
    const original = HttpExceptionFilter.prototype.catch;
    jest.spyOn(HttpExceptionFilter.prototype, 'catch').mockImplementation(async function (this: HttpExceptionFilter, e, host) {
      await original.call(this, e, host);
      filtered.push({ shape: shapeOf(e), status: host.switchToHttp().getResponse().statusCode });
    });
    app = await createApp(service, { ...loadConfig({}), jwtSecret: TEST_JWT_SECRET });
    await app.listen(0, '127.0.0.1');
    const users = app.get(UsersService);
    const user = await users.create(systemActor('test'), {
      login: 'outage.kuaiji',
      displayName: '停库测试会计',
      role: 'accountant',
      password: 'outage-password-1',
    });
    token = (await app.get(AuthService).sign(user)).accessToken;
  }, 120_000);

  afterAll(async () => {
    jest.restoreAllMocks();
    await app?.close();
    for (const d of [service, owner]) if (d?.isInitialized) await d.destroy();
    await pg?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After while the database is down, recovers by itself, and loses no acknowledged write', async () => {
    // A project with two villages, for capital events: each one a voucher, an event in the chain and an audit entry.
    const villages: string[] = [];
    for (const code of ['OV1', 'OV2']) {
      villages.push(
        (
          await http()
            .post('/api/villages')
            .set(auth())
            .send({ code, name: `停库村${code}` })
            .expect(201)
        ).body.code,
      );
    }
    const projectId = (
      await http().post('/api/projects').set(auth()).send({ code: 'OUTAGE', name: '停库测试项目', startDate: '2025-01-01' }).expect(201)
    ).body.id;
    for (const villageCode of villages)
      await http().post(`/api/projects/${projectId}/villages`).set(auth()).send({ villageCode }).expect(201);

    let phase: Attempt['phase'] = 'up';
    let round = 0;
    let running = true;
    let n = 0;
    const attempts: Attempt[] = [];
    const attempt = async (kind: Attempt['kind']) => {
      n += 1;
      const tag = `${kind === 'township' ? 'OT' : 'OC'}${String(n).padStart(5, '0')}`;
      const at = phase;
      const of = round;
      const res =
        kind === 'township'
          ? await http()
              .post('/api/townships')
              .set(auth())
              .send({ code: tag, name: `停库乡${n}` })
          : await http()
              .post(`/api/projects/${projectId}/capital-events`)
              .set({ ...auth(), 'Idempotency-Key': tag })
              .send({ villageCode: villages[n % 2], date: '2025-06-01', amount: `${n}.00`, kind: 'cash', reference: tag });
      attempts.push({
        kind,
        tag,
        round: of,
        phase: at,
        status: res.status,
        retryAfter: res.headers['retry-after'],
        message: res.body?.message,
        id: res.body?.id,
      });
    };
    const writer = async (kind: Attempt['kind']) => {
      while (running) {
        await attempt(kind);
        await sleep(10);
      }
    };
    const writers = [...Array(3).fill('township'), ...Array(3).fill('capital')].map((k) => writer(k));

    const outages: Array<{ mode: 'fast' | 'immediate'; downMs: number; recoveredMs?: number }> = [];
    for (const mode of ['fast', 'immediate'] as const) {
      await sleep(1_500);
      round += 1;
      await pg.stop(mode);
      phase = 'down';
      const downAt = performance.now();
      await sleep(2_000);
      expect((await http().get('/api/health')).status).toBe(503);
      await pg.start();
      phase = 'back';
      const restartedAt = performance.now();
      // The service is not restarted: its pool must find the database again by itself.
      const outage: (typeof outages)[number] = { mode, downMs: restartedAt - downAt };
      outages.push(outage);
      while (outage.recoveredMs === undefined && performance.now() - restartedAt < 20_000) {
        if (attempts.some((a) => a.round === round && a.phase === 'back' && a.status < 300))
          outage.recoveredMs = performance.now() - restartedAt;
        else await sleep(20);
      }
    }
    await sleep(1_000);
    running = false;
    await Promise.all(writers);
    await http().get('/api/health').expect(200);

    const count = (pred: (a: Attempt) => boolean) => attempts.filter(pred).length;
    const statuses = [...new Set(attempts.map((a) => a.status))].sort();
    const shapes = new Map<string, Set<number>>();
    for (const f of filtered) shapes.set(f.shape, (shapes.get(f.shape) ?? new Set()).add(f.status));
    const townships: Array<{ code: string }> = await owner.query(`SELECT code FROM township WHERE code LIKE 'OT%'`);
    const stored = new Set(townships.map((r) => r.code));
    console.log(
      [
        `outage: ${attempts.length} writes by 6 clients (3 townships, 3 capital events), statuses ${statuses.join(', ')}: ` +
          `${count((a) => a.status < 300)} acknowledged, ${count((a) => a.status === 503)} answered 503`,
        ...outages.map(
          (o, i) =>
            `  ${o.mode} shutdown: ${count((a) => a.round === i + 1 && a.phase === 'down')} writes while down ${(o.downMs / 1000).toFixed(1)} s ` +
            `(${count((a) => a.round === i + 1 && a.phase === 'down' && a.status === 503)} answered 503); first write acknowledged ` +
            `${o.recoveredMs?.toFixed(0)} ms after the restart`,
        ),
        `  townships answered 503 yet stored (the database went away after their commit): ` +
          `${count((a) => a.kind === 'township' && a.status === 503 && stored.has(a.tag))}`,
        '  errors that reached the filter, and what they got:',
        ...[...shapes].map(([shape, s]) => `    ${[...s].join('/')} ← ${shape}`),
      ].join('\n'),
    );

    // Never a 500: every failure is a 503 with Retry-After and a message in Chinese.
    expect(attempts.filter((a) => a.status >= 500 && a.status !== 503)).toEqual([]);
    for (const a of attempts.filter((x) => x.status === 503)) {
      expect(a.retryAfter).toMatch(/^[1-9][0-9]*$/);
      expect(a.message).toMatch(CHINESE);
    }
    expect(attempts.filter((a) => a.status >= 300 && a.status !== 503)).toEqual([]);
    for (const r of [1, 2]) expect(count((a) => a.round === r && a.phase === 'down' && a.status === 503)).toBeGreaterThan(10);
    expect(count((a) => a.phase === 'up' && a.status < 300)).toBeGreaterThan(5);
    for (const o of outages) expect(o.recoveredMs).toBeDefined();

    // Every acknowledged write is there.
    for (const a of attempts.filter((x) => x.kind === 'township' && x.status < 300)) expect(stored.has(a.tag)).toBe(true);
    const events: Array<{ id: string; reference: string }> = await owner.query(
      `SELECT id, reference FROM capital_event WHERE project_id = $1`,
      [projectId],
    );
    const byReference = new Map(events.map((e) => [e.reference, e.id]));
    for (const a of attempts.filter((x) => x.kind === 'capital' && x.status < 300)) expect(byReference.get(a.tag)).toBe(a.id);

    // A refused capital event retried with its Idempotency-Key is stored once: replayed if it had committed, done now if not.
    for (const a of attempts.filter((x) => x.kind === 'capital' && x.status >= 300)) {
      const retry = await http()
        .post(`/api/projects/${projectId}/capital-events`)
        .set({ ...auth(), 'Idempotency-Key': a.tag })
        .send({
          villageCode: villages[Number(a.tag.slice(2)) % 2],
          date: '2025-06-01',
          amount: `${Number(a.tag.slice(2))}.00`,
          kind: 'cash',
          reference: a.tag,
        });
      expect(retry.status).toBe(201);
    }
    const after: Array<{ reference: string; n: number }> = await owner.query(
      `SELECT reference, count(*)::int AS n FROM capital_event WHERE project_id = $1 GROUP BY reference`,
      [projectId],
    );
    expect(after.filter((r) => r.n !== 1)).toEqual([]);
    expect(after.length).toBe(count((a) => a.kind === 'capital'));

    // Nothing half-stored: every capital event has its voucher, chain event and audit entry, and nothing else exists.
    const [orphans] = await owner.query(
      `SELECT
         (SELECT count(*) FROM capital_event e WHERE e.project_id = $1
            AND NOT EXISTS (SELECT 1 FROM voucher v WHERE v.source_type = 'capital-event' AND v.source_id = e.id::text))::int AS "withoutVoucher",
         (SELECT count(*) FROM voucher v WHERE v.book_id = $1 AND v.source_type = 'capital-event'
            AND NOT EXISTS (SELECT 1 FROM capital_event e WHERE e.id::text = v.source_id))::int AS "voucherWithoutEvent",
         (SELECT count(*) FROM capital_event e WHERE e.project_id = $1
            AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'capital-event' AND a.entity_id = e.id::text))::int AS "withoutAudit",
         (SELECT count(*) FROM township t WHERE t.code LIKE 'OT%'
            AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'township' AND a.entity_id = t.id::text))::int AS "townshipWithoutAudit"`,
      [projectId],
    );
    expect(orphans).toEqual({ withoutVoucher: 0, voucherWithoutEvent: 0, withoutAudit: 0, townshipWithoutAudit: 0 });
    const verify = (await http().get(`/api/projects/${projectId}/ledger/verify`).set(auth()).expect(200)).body;
    expect(verify).toMatchObject({ ok: true, problems: [] });
    expect(verify.count).toBe(after.length);
    // Refusals (none here) and every write went to the audit trail's chain, which is whole.
    const auditors = await app.get(UsersService).create(systemActor('test'), {
      login: 'outage.shenji',
      displayName: '停库测试审计',
      role: 'auditor',
      password: 'outage-password-2',
    });
    const auditToken = (await app.get(AuthService).sign(auditors)).accessToken;
    const audit = await http().get('/api/audit/verify').set('Authorization', `Bearer ${auditToken}`).expect(200);
    expect(audit.body.ok).toBe(true);
  }, 90_000);
});
