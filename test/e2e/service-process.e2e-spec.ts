import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import request from 'supertest';

/**
 * `npm start` as a user runs it: the embedded PostgreSQL in DATA_DIR (or a new
 * database on DATABASE_URL's server when the tests run against one), the first admin's
 * one-time password printed once, data kept across a restart, and a clean stop
 * on SIGTERM and SIGINT that leaves no database process behind.
 */
const ROOT = path.join(__dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

async function start(env: NodeJS.ProcessEnv): Promise<Running> {
  // Exactly the README's command: npm start builds dist/ when it is missing or stale, then runs dist/main.js.
  const child = spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 120_000; // the first start may build
  while (!out.includes('飞地经济分红台账已启动')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the service did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output: () => out, exited };
}

/** A new, empty database on DATABASE_URL's server, dropped afterwards. */
async function onServer(serverUrl: string, name: string, sql: string): Promise<string> {
  const c = new Client({ connectionString: serverUrl });
  await c.connect();
  await c.query(sql);
  await c.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

describe('the service process', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-start-'));
  fs.chmodSync(dataDir, 0o755);
  const dbName = `enclave_start_${Date.now().toString(36)}`;
  afterAll(async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (process.env.DATABASE_URL) {
      await onServer(process.env.DATABASE_URL, dbName, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      // npm start made the service's role on the shared server (src/platform/database/service-role.ts).
      await onServer(process.env.DATABASE_URL, dbName, `DROP ROLE IF EXISTS "${dbName}_service"`);
    }
  });

  it('starts, loads the demo, keeps its data across a restart, and stops cleanly', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      NODE_ENV: 'production',
    };
    if (process.env.DATABASE_URL) env.DATABASE_URL = await onServer(process.env.DATABASE_URL, dbName, `CREATE DATABASE "${dbName}"`);
    else delete env.DATABASE_URL;
    const http = () => request(`http://127.0.0.1:${port}`);

    const first = await start(env);
    await http()
      .get('/api/health')
      .expect(200)
      .expect((r) => expect(r.body).toEqual({ status: 'ok' }));
    // The first start on an empty database creates the admin and prints a one-time password, once.
    const printed = /user "(\w+)" with one-time password (\w+)/.exec(first.output());
    expect(printed).not.toBeNull();
    const [, admin, oneTime] = printed!;
    const once = (await http().post('/api/auth/login').send({ login: admin, password: oneTime }).expect(200)).body.accessToken;
    const token = (
      await http()
        .post('/api/auth/password')
        .set('Authorization', `Bearer ${once}`)
        .send({ currentPassword: oneTime, newPassword: 'restart-password-1' })
        .expect(200)
    ).body.accessToken;
    const code = `R${Date.now().toString(36)}`;
    await http().post('/api/townships').set('Authorization', `Bearer ${token}`).send({ code, name: '重启测试乡' }).expect(201);

    // `npm run demo` while the service runs: it attaches to the same database, and a second run changes nothing.
    const demo = () =>
      spawnSync(process.execPath, ['-r', '@swc-node/register', 'src/cli/demo.ts'], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
    const loaded = demo().stdout;
    expect(loaded).toContain('已载入演示项目 DH-1');
    expect(loaded).toContain('已载入程壁村的 260 户成员');
    const twice = demo().stdout;
    expect(twice).toContain('演示项目 DH-1 已经载入');
    expect(twice).toContain('程壁村的成员已经载入');
    const auth = { Authorization: `Bearer ${token}` };
    const dh1 = (await http().get('/api/projects?q=DH-1').set(auth).expect(200)).body.items[0];
    expect(
      (await http().get(`/api/projects/${dh1.id}/villages`).set(auth).expect(200)).body.map((v: { capital: string }) => v.capital),
    ).toEqual(Array(6).fill('500000.00'));
    const preview = (await http().get(`/api/projects/${dh1.id}/distributions/preview?year=2025`).set(auth).expect(200)).body;
    const expected = JSON.parse(fs.readFileSync(path.join(ROOT, 'fixtures/scenarios/01-seed-dinghu-2025.expected.json'), 'utf8'));
    expect(preview.villages.map((v: { total: string }) => v.total)).toEqual(expected.villages.map((v: { total: string }) => v.total));
    expect(preview.surplus).toBe('30000.00');
    const v01 = (await http().get('/api/villages?q=V01').set(auth).expect(200)).body.items.find((v: { code: string }) => v.code === 'V01');
    const members = (await http().get(`/api/villages/${v01.id}/households?pageSize=1`).set(auth).expect(200)).body;
    expect(members.total).toBe(260);
    expect(JSON.stringify(members)).not.toMatch(/62170000\d{8}/); // the admin sees accounts masked

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('Stopped cleanly');
    if (!env.DATABASE_URL) expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    const second = await start(env);
    expect(second.output()).not.toContain('one-time password');
    const again = (await http().post('/api/auth/login').send({ login: admin, password: 'restart-password-1' }).expect(200)).body
      .accessToken;
    const list = await http().get(`/api/townships?q=${code}`).set('Authorization', `Bearer ${again}`).expect(200);
    expect(list.body.items.map((x: { code: string }) => x.code)).toEqual([code]);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
    if (!env.DATABASE_URL) expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  }, 120_000);
});
