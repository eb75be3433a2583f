/**
 * The built service in a process of its own, as a user runs it (`node scripts/start.mjs`, which builds dist/ first
 * when stale), on a new database of the benchmark's server; signed in as its first admin. For the parts of the
 * benchmark that measure the service from outside: its garbage collector and event loop are then its own.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

const ROOT = path.resolve(__dirname, '../..');

export interface RunningService {
  port: number;
  /** The owner's URL of the service's database (for seeding by SQL). */
  databaseUrl: string;
  /** An admin's bearer token. */
  token: string;
  stop: () => Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function onServer(serverUrl: string, sql: string[]): Promise<void> {
  const c = new Client({ connectionString: serverUrl });
  await c.connect();
  try {
    for (const s of sql) await c.query(s);
  } finally {
    await c.end();
  }
}

async function json(port: number, route: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
  const res = await fetch(`http://127.0.0.1:${port}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

/** Starts the service on a new database `name` of the server `serverUrl`; `stop()` ends it and drops the database. */
export async function startService(serverUrl: string, name: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<RunningService> {
  const database = `${name}_${Date.now().toString(36)}`;
  await onServer(serverUrl, [`CREATE DATABASE "${database}"`]);
  const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-bench-service-'));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...extraEnv,
      DATABASE_URL: databaseUrl,
      SERVICE_DATABASE_URL: '',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      BACKUP_CRON: 'off',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
    await onServer(serverUrl, [`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`, `DROP ROLE IF EXISTS "${database}_service"`]);
  };
  try {
    const deadline = Date.now() + 300_000; // the first start may build dist/ and the console
    while (!out.includes('飞地经济分红台账已启动')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the service did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const printed = /user "(\w+)" with one-time password (\w+)/.exec(out);
    if (!printed) throw new Error(`no first admin printed:\n${out}`);
    const [, login, oneTime] = printed;
    const once = (await json(port, '/api/auth/login', { login, password: oneTime })).accessToken as string;
    const token = (await json(port, '/api/auth/password', { currentPassword: oneTime, newPassword: 'bench-password-1' }, once))
      .accessToken as string;
    return { port, databaseUrl, token, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
