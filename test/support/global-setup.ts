import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createServer } from 'node:net';
import { Client } from 'pg';
import { openDatabase } from '../../src/platform/database/data-source';
import { startEmbeddedPostgres } from '../../src/platform/database/embedded-postgres';

/**
 * Tests run against real PostgreSQL: a fresh database on the server in
 * DATABASE_URL when it is set, otherwise a throw-away embedded PostgreSQL.
 * Either way the migrations are applied once, here, and TEST_DATABASE_URL tells
 * the tests where to connect.
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
  if (serverUrl) {
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    (globalThis as Record<string, unknown>).__DROP_TEST_DB__ = async () => {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    };
  } else {
    // /tmp, not the checkout: as root, PostgreSQL runs as "postgres" and must reach its data directory.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-test-'));
    fs.chmodSync(dataDir, 0o755);
    const db = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: name, persistent: false });
    url = db.url;
    (globalThis as Record<string, unknown>).__DROP_TEST_DB__ = async () => {
      await db.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const { dataSource } = await openDatabase(url);
  await dataSource.destroy();
  process.env.TEST_DATABASE_URL = url;
  process.env.NODE_ENV = 'test';
}
