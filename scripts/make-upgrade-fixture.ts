/**
 * Makes the upgrade test's fixture (test/e2e/backup-upgrade.e2e-spec.ts): books built through the API on a new
 * database migrated by this release (scenario 05's park: capital, the 2024 and 2025 results, both runs posted,
 * payments, one reversed, 2024 closed), backed up by this issue's backup into
 * test/fixtures/backup-<schema version>.tar.gz, with the figures the reports give now in
 * test/fixtures/backup-<schema version>.expected.json. Run it once per release whose schema changed, and keep the
 * older fixtures: every later migration must leave them restorable with the same figures.
 * `DATABASE_URL=postgres://… node -r @swc-node/register scripts/make-upgrade-fixture.ts` (a server on which it
 * may create and drop a scratch database and role).
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { BackupService } from '../src/backups/backup.service';
import { FixedClock } from '../src/platform/clock/clock';
import { migrateAsOwner } from '../src/platform/database/connect';
import { createTestApp } from '../test/support/test-app';
import { addResult, buildPark } from '../test/e2e/ledger.fixture';

const FIXTURES = path.join(__dirname, '../test/fixtures');
/** The books' "today": everything is dated on or before it. */
const TODAY = '2026-06-30';
/** The dates the expected trial balances are read as of. */
export const AS_OF = ['2024-12-31', '2025-12-31', TODAY];

async function main(): Promise<void> {
  const server = process.env.DATABASE_URL;
  if (!server) throw new Error('set DATABASE_URL to a server where a scratch database may be created');
  const name = `enclave_fixture_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const u = new URL(server);
  u.pathname = `/${name}`;
  try {
    const { service } = await migrateAsOwner(u.toString(), { role: `${name}_service`, password: randomBytes(24).toString('base64url') });
    process.env.TEST_DATABASE_URL = u.toString();
    process.env.TEST_SERVICE_DATABASE_URL = service.url;
    process.env.BACKUP_CRON = 'off';
    const t = await createTestApp({ clock: new FixedClock(TODAY) });
    try {
      const checker = await t.signIn('accountant');
      const park = await buildPark(t);
      const base = `/api/projects/${park.projectId}`;
      await addResult(t, park.projectId, 2024, '980000.00', '1100000.00');
      await addResult(t, park.projectId, 2025, '2650000.00', '2000000.00');
      const post = async (year: number, date: string) => {
        const d = await t.http().post(`${base}/runs`).send({ year }).expect(201);
        await checker.http().post(`${base}/runs/${d.body.id}/approve`).expect(200);
        await t.http().post(`${base}/runs/${d.body.id}/post`).send({ date }).expect(200);
      };
      await post(2024, '2025-03-31');
      await post(2025, '2026-03-31');
      const pay = (i: number, amount: string, date: string) =>
        t
          .http()
          .post(`${base}/payments`)
          .send({ villageCode: park.villages[i].code, amount, date, bankReference: `FX-${i}-${date}` })
          .expect(201);
      await pay(0, '1000.00', '2025-04-10');
      await pay(1, '2000.00', '2025-04-11');
      const wrong = await pay(2, '300.00', '2026-04-01');
      await t.http().post(`${base}/payments/${wrong.body.id}/reverse`).send({ date: '2026-04-02' }).expect(200);
      await pay(2, '3000.00', '2026-04-03');
      await t.http().post(`${base}/years/2024/close`).expect(200);

      const expected = {
        projectId: park.projectId,
        verify: (await t.http().get(`${base}/ledger/verify`).expect(200)).body,
        trialBalances: Object.fromEntries(
          await Promise.all(AS_OF.map(async (d) => [d, (await t.http().get(`${base}/reports/trial-balance?asOf=${d}`).expect(200)).body])),
        ),
        payments: (await t.http().get(`${base}/payments`).expect(200)).body,
      };
      fs.mkdirSync(FIXTURES, { recursive: true });
      const written = await t.app.get(BackupService).write(FIXTURES);
      const target = path.join(FIXTURES, `backup-${written.manifest.schemaVersion}.tar.gz`);
      fs.renameSync(written.file, target);
      fs.writeFileSync(target.replace(/\.tar\.gz$/, '.expected.json'), JSON.stringify(expected, null, 2) + '\n');
      console.log(`${target}: ${written.bytes} bytes, schema ${written.manifest.schemaVersion}`);
    } finally {
      await t.close();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS "${name}_service"`);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
