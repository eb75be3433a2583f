/** A throw-away embedded PostgreSQL for a benchmark run without DATABASE_URL: a temporary data folder, removed on stop. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmbeddedPostgres } from '../../src/platform/database/embedded-postgres';

export interface ThrowAwayPostgres {
  /** The owner's URL of `database`. */
  url: string;
  stop: () => Promise<void>;
}

/** `portBase` + this process's id modulo 1,000, so that two benchmarks at once do not meet. */
export async function throwAwayPostgres(name: string, portBase: number, database: string): Promise<ThrowAwayPostgres> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `enclave-${name}-`));
  // The embedded server runs as the postgres user when we are root: it must enter the folder.
  fs.chmodSync(dataDir, 0o755);
  const db = await startEmbeddedPostgres({ dataDir, port: portBase + (process.pid % 1000), database, persistent: false });
  return {
    url: db.url,
    stop: async () => {
      await db.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
