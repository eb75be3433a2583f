/**
 * Review of issue 16: a village's book opened while a park run that owes the village is posted or reversed. The
 * opening declares (catches up on) the posted runs it sees; the run's hook declares into (or reverses from) the books
 * it sees. Each transaction saw the other's work as not yet committed, so the declaration was missed (run posted at
 * once) or outlived its reversed run (run reversed at once). Held here at the one point both pass before committing
 * (the audit chain's head, which a test connection holds) so that they overlap; whatever the timing, the book must
 * end up declaring the run exactly when it stands, and receiving a payment to the village exactly once.
 */
import { Client } from 'pg';
import { createTestApp, SignedInUser, TestApp } from '../support/test-app';
import { addResult, buildPark, fixture, Park } from './ledger.fixture';

describe('village review: a village book opened while a park run is posted or reversed', () => {
  let t: TestApp;
  let checker: SignedInUser;
  let locker: Client;
  let lockerPid: number;

  beforeAll(async () => {
    t = await createTestApp();
    checker = await t.signIn('accountant');
    locker = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await locker.connect();
    lockerPid = (await locker.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  });
  afterAll(async () => {
    await locker.end();
    await t.close();
  });

  async function approvedParkRun(): Promise<{ park: Park; runId: string }> {
    const park = await buildPark(t, fixture('01-seed-dinghu-2025.json'));
    await addResult(t, park.projectId, 2025, '1860000.00', '1650000.00');
    const runId = (await t.http().post(`/api/projects/${park.projectId}/runs`).send({ year: 2025 }).expect(201)).body.id;
    await checker.http().post(`/api/projects/${park.projectId}/runs/${runId}/approve`).expect(200);
    return { park, runId };
  }

  /** Backends (of this database) waiting on a lock held by one of `holders`. */
  async function waiting(holders: number[]): Promise<number[]> {
    const rows = await t.db.query(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
          AND pg_blocking_pids(pid) && $1::int[]`,
      [holders],
    );
    return rows.map((r: { pid: number }) => r.pid);
  }
  async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const found = await probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`${what}: not seen`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Runs `first` until it waits at the audit chain's head, then `second` until it waits too, then lets both go. */
  async function overlap(first: () => Promise<{ status: number }>, second: () => Promise<{ status: number }>) {
    await locker.query('BEGIN');
    await locker.query('SELECT 1 FROM audit_head FOR UPDATE');
    const before = new Set(await waiting([lockerPid]));
    let a: Promise<{ status: number }> | undefined;
    let b: Promise<{ status: number }> | undefined;
    try {
      a = Promise.resolve(first()); // supertest sends on then()
      const firstPids = await until('the first transaction waiting', async () => {
        const now = (await waiting([lockerPid])).filter((p) => !before.has(p));
        return now.length ? now : undefined;
      });
      b = Promise.resolve(second());
      await until('the second transaction waiting', async () => {
        const now = (await waiting([lockerPid, ...firstPids])).filter((p) => !before.has(p) && !firstPids.includes(p));
        return now.length ? now : undefined;
      });
    } finally {
      await locker.query('ROLLBACK');
    }
    return Promise.all([a!, b!]);
  }

  const declared = async (villageId: string, runId: string) =>
    (
      await t.db.query(
        `SELECT coalesce(sum(l.credit - l.debit), 0)::numeric(18, 2)::text AS amount FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id
          WHERE v.book_id = $1 AND v.source_type = 'declaration' AND v.source_id = $2 AND l.account = '502'`,
        [villageId, runId],
      )
    )[0].amount;

  it('a run posted while the book opens is declared in it once', async () => {
    const { park, runId } = await approvedParkRun();
    const village = park.villages[0];
    const [posted, opened] = await overlap(
      () => t.http().post(`/api/projects/${park.projectId}/runs/${runId}/post`).send({ date: '2026-03-31' }),
      () => t.http().post(`/api/villages/${village.id}/book`).send({ openedOn: '2025-01-01' }),
    );
    expect([posted.status, opened.status]).toEqual([200, 201]);
    expect(await declared(village.id, runId)).toBe('34500.00');
    const book = (await t.http().get(`/api/villages/${village.id}/book`).expect(200)).body;
    expect(book.income).toEqual([{ year: 2025, investment: '34500.00', other: '0.00', total: '34500.00' }]);
  });

  it('a run reversed while the book opens leaves nothing declared in it', async () => {
    const { park, runId } = await approvedParkRun();
    const village = park.villages[0];
    await t.http().post(`/api/projects/${park.projectId}/runs/${runId}/post`).send({ date: '2026-03-31' }).expect(200);
    const [reversed, opened] = await overlap(
      () => t.http().post(`/api/projects/${park.projectId}/runs/${runId}/reverse`).send({ date: '2026-04-01' }),
      () => t.http().post(`/api/villages/${village.id}/book`).send({ openedOn: '2025-01-01' }),
    );
    expect([reversed.status, opened.status]).toEqual([200, 201]);
    expect(await declared(village.id, runId)).toBe('0.00');
    const book = (await t.http().get(`/api/villages/${village.id}/book`).expect(200)).body;
    expect(book.income.filter((y: { total: string }) => y.total !== '0.00')).toEqual([]);
  });

  it('a payment to the village made while the book opens is received in it once', async () => {
    const { park, runId } = await approvedParkRun();
    const village = park.villages[0];
    await t.http().post(`/api/projects/${park.projectId}/runs/${runId}/post`).send({ date: '2026-03-31' }).expect(200);
    const [paid, opened] = await overlap(
      () =>
        t
          .http()
          .post(`/api/projects/${park.projectId}/payments`)
          .send({ villageCode: village.code, amount: '34500.00', date: '2026-04-01', bankReference: 'PARK-0401' }),
      () => t.http().post(`/api/villages/${village.id}/book`).send({ openedOn: '2025-01-01' }),
    );
    expect([paid.status, opened.status]).toEqual([201, 201]);
    const [bank] = await t.db.query(
      `SELECT coalesce(sum(l.debit - l.credit), 0)::numeric(18, 2)::text AS amount FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id
        WHERE v.book_id = $1 AND l.account = '102'`,
      [village.id],
    );
    expect(bank.amount).toBe('34500.00');
  });
});
