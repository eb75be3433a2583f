/**
 * Review of the posting's prepared statements (LedgerRepository.prepared: named per connection, and PREPAREd in SQL
 * for the group commit's one-message begin and commit): a change of the tables they read or write while the service
 * runs (a later migration's kind: a column, an index, a trigger) must not leave a stale statement that breaks posting.
 * A database of its own, since the schema is changed under the service.
 */
import { randomUUID } from 'node:crypto';
import { buildCapitalEvent } from '../../src/core/ledger';
import { LedgerWriter } from '../../src/ledger/ledger-writer';
import { VerificationService } from '../../src/ledger/verification.service';
import { FixedClock } from '../../src/platform/clock/clock';
import { migrateAsOwner } from '../../src/platform/database/connect';
import { ProjectsService } from '../../src/projects/projects.service';
import { VillagesService } from '../../src/villages/villages.service';
import { scratchDatabase } from '../support/scratch-database';
import { accountant } from '../support/seed';
import { createTestModule, TestModule } from '../support/test-module';

describe('prepared posting statements after the schema changes under them', () => {
  const clerk = accountant('review-prep');
  const db = scratchDatabase('enclave_review_prep');
  let t: TestModule;
  let projectId: string;

  beforeAll(async () => {
    await db.create();
    const { service } = await migrateAsOwner(db.url, { role: db.role, password: 'review-prep-password' });
    db.use(service.url);
    t = await createTestModule({ clock: new FixedClock('2026-06-30') });
    projectId = (await t.get(ProjectsService).create(clerk, { code: 'RP1', name: '预备语句', startDate: '2024-01-01' })).id;
    await t.get(VillagesService).create(clerk, { code: 'RV1', name: '预备村' });
    await t.get(ProjectsService).addParticipant(clerk, projectId, { villageCode: 'RV1' });
  });
  afterAll(async () => {
    await t?.close();
    await db.drop();
  });

  /** A posting of `fen` alone (the group commit's one-message path), then two at once (the named statements' path). */
  const postings = async (fen: bigint) => {
    const post = (amount: bigint) =>
      t
        .get(LedgerWriter)
        .post(clerk, projectId, buildCapitalEvent({ village: 'RV1', villageName: '预备村', date: '2026-03-01', amount, kind: 'cash' }), {
          type: 'capital-event',
          id: randomUUID(),
        });
    await post(fen);
    await Promise.all([post(fen), post(fen), post(fen)]);
  };

  const capital = async () =>
    (
      await t.db.query(
        `SELECT count(*)::int AS vouchers, sum(l.credit)::text AS credit FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
          WHERE v.book_id = $1 AND l.account = '301-RV1'`,
        [projectId],
      )
    )[0];

  it('a column, an index and a trigger added to the posting’s tables: the next postings replan and go on', async () => {
    await postings(1_00n); // every statement prepared on the pool's connections
    expect(await capital()).toEqual({ vouchers: 4, credit: '4.00' });
    await t.db.query('ALTER TABLE voucher_line ADD COLUMN review_note text');
    await t.db.query('ALTER TABLE ledger_head ADD COLUMN review_note text');
    await t.db.query('CREATE INDEX review_voucher_source ON voucher (source_id)');
    await t.db.query(`CREATE FUNCTION review_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`);
    await t.db.query('CREATE TRIGGER review_touch BEFORE INSERT ON voucher_counter FOR EACH ROW EXECUTE FUNCTION review_touch()');
    await postings(2_00n);
    expect(await capital()).toEqual({ vouchers: 8, credit: '12.00' });
    expect((await t.get(VerificationService).verify(projectId)).ok).toBe(true);
  });
});
