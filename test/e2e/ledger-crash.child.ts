/**
 * Child process for ledger-crash.e2e-spec.ts: opens the test database and
 * posts a run through the service. With LEDGER_TEST_PAUSE_AFTER set, the
 * posting stops mid-transaction and the parent kills this process (SIGKILL).
 */
import 'reflect-metadata';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/platform/config/config';
import { createDataSource } from '../../src/platform/database/data-source';
import { RunsService } from '../../src/runs/runs.service';
import { as } from '../../scripts/bench-ledger';

async function main(): Promise<void> {
  const [projectId, runId] = process.argv.slice(2);
  const db = createDataSource(process.env.TEST_DATABASE_URL!);
  await db.initialize();
  const app = await createApp(db, { ...loadConfig({}), jwtSecret: 'crash-secret-crash-secret-crash-secret' });
  await as('crash-poster', () => app.get(RunsService).post(projectId, runId, '2025-03-31'));
  process.stdout.write('LEDGER_POSTED\n');
  await app.close();
  await db.destroy();
}

main().catch((e) => { console.error(e); process.exit(1); });
