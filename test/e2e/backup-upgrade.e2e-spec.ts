import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RestoreService } from '../../src/backups/restore.service';
import { FixedClock } from '../../src/platform/clock/clock';
import { createDataSource } from '../../src/platform/database/data-source';
import { migrateAsOwner } from '../../src/platform/database/connect';
import { backupContext } from '../../src/cli/backup-context';
import { loadConfig } from '../../src/platform/config/config';
import { scratchDatabase } from '../support/scratch-database';
import { createTestApp, TestApp } from '../support/test-app';

const FIXTURES = path.join(__dirname, '../fixtures');

/**
 * Upgrades keep the books (issue 15). Each test/fixtures/backup-<schema version>.tar.gz was made by
 * scripts/make-upgrade-fixture.ts with the release of that schema, beside the figures its reports gave. Restored
 * into an empty database by this release, it runs every later migration; then every chain verifies with the recorded
 * digests and the reports give the same figures. A new migration must keep every fixture green; a release whose
 * schema changed adds its own fixture.
 */
const fixtures = fs.readdirSync(FIXTURES).filter((f) => /^backup-.+\.tar\.gz$/.test(f));

describe.each(fixtures)('upgrade from %s', (fixture) => {
  const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, fixture.replace(/\.tar\.gz$/, '.expected.json')), 'utf8'));
  const db = scratchDatabase('enclave_upgrade');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-upgrade-'));
  let t: TestApp;
  let migrated: string[];
  const base = () => `/api/projects/${expected.projectId}`;

  beforeAll(async () => {
    await db.create();
    const owner = createDataSource(db.url);
    await owner.initialize();
    const ctx = await backupContext(
      { dataSource: owner, description: db.name, close: async () => undefined },
      { ...loadConfig({}), backupDir: work },
    );
    try {
      migrated = (await ctx.get(RestoreService).restore(path.join(FIXTURES, fixture), { force: false, backupDir: work })).migrated;
    } finally {
      await ctx.close();
      await owner.destroy();
    }
    const { service } = await migrateAsOwner(db.url, { role: db.role, password: 'upgrade-test-password' });
    db.use(service.url);
    // The fixture's books end on its last as-of date: that is "today" for them.
    t = await createTestApp({ clock: new FixedClock(Object.keys(expected.trialBalances).at(-1)!) });
  });
  afterAll(async () => {
    await t?.close();
    await db.drop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('runs every later migration, and the schema is then this release’s', async () => {
    const applied = (await t.db.query('SELECT name FROM migrations ORDER BY id')).map((r: { name: string }) => r.name);
    const release = t.db.migrations.map((m) => m.name ?? m.constructor.name);
    expect(applied).toEqual(release);
    expect(applied.slice(applied.length - migrated.length)).toEqual(migrated);
    console.log(`${fixture}: migrations run after loading: ${migrated.length ? migrated.join(', ') : 'none (same schema)'}`);
  });

  it('verifies every chain, with the digests recorded before the upgrade', async () => {
    const res = await t.http().get(`${base()}/ledger/verify`).expect(200);
    expect(res.body).toMatchObject({ ok: true, digest: expected.verify.digest, eventDigest: expected.verify.eventDigest, problems: [] });
  });

  it('gives the same figures in the reports as before', async () => {
    for (const [asOf, tb] of Object.entries(expected.trialBalances)) {
      const res = await t.http().get(`${base()}/reports/trial-balance?asOf=${asOf}`).expect(200);
      expect(res.body).toMatchObject(tb as object);
    }
    expect((await t.http().get(`${base()}/payments`).expect(200)).body).toMatchObject(expected.payments);
  });
});
