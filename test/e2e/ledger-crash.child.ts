/**
 * Child process for ledger-crash.e2e-spec.ts: opens the test database (its
 * connections named by PGAPPNAME, so the parent can find them in
 * pg_stat_activity), posts a run through the service and says so.
 */
import 'reflect-metadata';
import { RunsService } from '../../src/runs/runs.service';
import { accountant } from '../support/seed';
import { createTestModule } from '../support/test-module';

async function main(): Promise<void> {
  const [projectId, runId] = process.argv.slice(2);
  const t = await createTestModule();
  await t.get(RunsService).post(accountant('crash-poster'), projectId, runId, '2025-03-31');
  process.stdout.write('LEDGER_POSTED\n');
  await t.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
