import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { migrateAsOwner } from '../../src/platform/database/connect';
import { startEmbeddedPostgres } from '../../src/platform/database/embedded-postgres';

/**
 * Tests run against real PostgreSQL: a fresh database on the server in
 * DATABASE_URL when it is set, otherwise a throw-away embedded PostgreSQL.
 * Either way the migrations are applied once, here, as the owner, who then
 * readies the database's service role, as the service does at start:
 * TEST_SERVICE_DATABASE_URL is that role (the app under test connects with it),
 * TEST_DATABASE_URL the owner, a superuser (for tests that tamper behind the
 * service's back, or read what it cannot).
 */
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

export default async function globalSetup(): Promise<void> {
  const name = `enclave_test_${Date.now().toString(36)}_${process.pid}`;
  const serverUrl = process.env.DATABASE_URL;
  let url: string;
  let stopEmbedded: () => Promise<void> = async () => undefined;
  if (serverUrl) {
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    url = u.toString();
  } else {
    // /tmp, not the checkout: as root, PostgreSQL runs as "postgres" and must reach its data directory.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-test-'));
    fs.chmodSync(dataDir, 0o755);
    const db = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: name, persistent: false });
    url = db.url;
    stopEmbedded = async () => {
      await db.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  }
  // Named after the database, as the service names its role, so test runs sharing a server never share one.
  const role = `${name}_service`;
  const drop = async () => {
    if (serverUrl) {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.query(`DROP ROLE IF EXISTS "${role}"`);
      await c.end();
    }
    await stopEmbedded();
  };
  (globalThis as Record<string, unknown>).__DROP_TEST_DB__ = drop;
  const { service } = await migrateAsOwner(url, { role, password: randomBytes(24).toString('base64url') }).catch(async (e) => {
    await drop();
    throw e;
  });
  process.env.TEST_DATABASE_URL = url;
  process.env.TEST_SERVICE_DATABASE_URL = service.url;
  process.env.NODE_ENV = 'test';
}
