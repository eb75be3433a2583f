import { Client } from 'pg';
import { createTestApp, SignedInUser, TestApp } from '../support/test-app';
import { addResult, buildPark, Park } from './ledger.fixture';

interface Verification {
  ok: boolean;
  reason?: string;
  problems: Array<{ table: string; id: string; code: string; message: string }>;
}

/**
 * Issue 9, bug 7: changes made as a database superuser behind the service's
 * back to the records that decide what a village is owed or was paid, or when
 * the books may change, are named by verification; each is put back after,
 * and verification says ok again.
 */
describe('verification names tampering with the mutable tables', () => {
  let t: TestApp;
  let checker: SignedInUser;
  let park: Park;
  let su: Client;
  let runId: string;
  let paymentId: string;
  const base = () => `/api/projects/${park.projectId}`;
  const verify = async (): Promise<Verification> => (await t.http().get(`${base()}/ledger/verify`).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    checker = await t.signIn('accountant');
    park = await buildPark(t);
    await addResult(t, park.projectId, 2024, '980000.00', '1100000.00');
    const run = await t.http().post(`${base()}/runs`).send({ year: 2024 }).expect(201);
    runId = run.body.id;
    await checker.http().post(`${base()}/runs/${runId}/approve`).expect(200);
    await t.http().post(`${base()}/runs/${runId}/post`).send({ date: '2025-03-31' }).expect(200);
    const pay = { villageCode: park.villages[0].code, amount: '0.14', date: '2025-04-02', bankReference: 'T-1' };
    paymentId = (await t.http().post(`${base()}/payments`).send(pay).expect(201)).body.id;
    await t.http().post(`${base()}/years/2024/close`).expect(200);
    su = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await su.connect();
  });
  afterAll(async () => {
    await su.end();
    await t.close();
  });

  /** Tampers, expects verification to name the table first, puts it back, and expects ok again. */
  async function expectNamed(table: string, tamper: string[], restore: string[], code: string, message?: RegExp): Promise<void> {
    expect(await verify()).toMatchObject({ ok: true, problems: [] });
    for (const sql of tamper) await su.query(sql);
    let v: Verification;
    try {
      v = await verify();
    } finally {
      for (const sql of restore) await su.query(sql);
    }
    expect(v.ok).toBe(false);
    expect(v.problems[0]).toMatchObject({ table, code });
    expect(v.problems[0].message).toMatch(/[\u4e00-\u9fff]/);
    if (message) expect(v.problems[0].message).toMatch(message);
    expect(v.reason).toContain(table);
    expect(await verify()).toMatchObject({ ok: true, problems: [] });
  }

  it('payment.amount changed', async () => {
    await expectNamed(
      'payment',
      [`UPDATE payment SET amount = 150000.13 WHERE id = '${paymentId}'`],
      [`UPDATE payment SET amount = 0.14 WHERE id = '${paymentId}'`],
      'PAYMENT_VOUCHER_AMOUNT_MISMATCH',
      /^金额（amount）为 150000\.13，与其凭证 2025-04-0001 的金额 0\.14 不同$/,
    );
  });

  it('payment.status changed', async () => {
    await expectNamed(
      'payment',
      [`UPDATE payment SET status = 'reversed' WHERE id = '${paymentId}'`],
      [`UPDATE payment SET status = 'posted' WHERE id = '${paymentId}'`],
      'PAYMENT_STATUS_MISMATCH',
      /^状态为已冲销（reversed），但按事件链应为已入账（posted）$/,
    );
  });

  it('distribution_run.status changed', async () => {
    await expectNamed(
      'distribution_run',
      [`UPDATE distribution_run SET status = 'reversed' WHERE id = '${runId}'`],
      [`UPDATE distribution_run SET status = 'posted' WHERE id = '${runId}'`],
      'RUN_STATUS_MISMATCH',
      /^状态为已冲销（reversed），但它的最后一个事件（第 \d+ 个，run\.posted）表明应为已入账（posted）$/,
    );
  });

  it('a year_close row deleted, or inserted', async () => {
    const [row] = (await su.query(`SELECT closed_at, closed_by FROM year_close WHERE book_id = $1 AND year = 2024`, [park.projectId])).rows;
    await expectNamed(
      'year_close',
      [`DELETE FROM year_close WHERE book_id = '${park.projectId}' AND year = 2024`],
      [
        `INSERT INTO year_close (book_id, year, closed_at, closed_by) VALUES ('${park.projectId}', 2024, '${row.closed_at.toISOString()}', '${row.closed_by}')`,
      ],
      'YEAR_CLOSE_ROW_MISSING',
      /^事件链已将 2024 年度结账（第 \d+ 个事件），但没有相应的结账记录$/,
    );
    await expectNamed(
      'year_close',
      [`INSERT INTO year_close (book_id, year, closed_by) VALUES ('${park.projectId}', 2025, 'mallory')`],
      [`DELETE FROM year_close WHERE book_id = '${park.projectId}' AND year = 2025`],
      'YEAR_CLOSE_WITHOUT_EVENT',
      /^2025 年度已结账，但事件链中没有它的 year\.closed 事件$/,
    );
  });

  it('voucher_counter changed', async () => {
    await expectNamed(
      'voucher_counter',
      [`UPDATE voucher_counter SET last_n = last_n + 1 WHERE book_id = '${park.projectId}' AND month = '2025-03'`],
      [`UPDATE voucher_counter SET last_n = last_n - 1 WHERE book_id = '${park.projectId}' AND month = '2025-03'`],
      'VOUCHER_COUNTER_MISMATCH',
    );
  });

  it('a policy document changed', async () => {
    const [row] = (await su.query(`SELECT id, document::text AS document FROM distribution_policy WHERE project_id = $1`, [park.projectId]))
      .rows;
    await expectNamed(
      'distribution_policy',
      [`UPDATE distribution_policy SET document = jsonb_set(document, '{tampered}', 'true') WHERE id = '${row.id}'`],
      [`UPDATE distribution_policy SET document = $$${row.document}$$::jsonb WHERE id = '${row.id}'`],
      'POLICY_DOCUMENT_MISMATCH',
    );
  });

  it('an event changed (its trigger disabled)', async () => {
    const [e] = (await su.query(`SELECT id, payload FROM ledger_event WHERE book_id = $1 ORDER BY sequence LIMIT 1`, [park.projectId]))
      .rows;
    const enable = ['ledger_event_no_update_delete', 'ledger_event_no_truncate'].map(
      (tg) => `ALTER TABLE ledger_event ENABLE ALWAYS TRIGGER ${tg}`,
    );
    await expectNamed(
      'ledger_event',
      ['ALTER TABLE ledger_event DISABLE TRIGGER ALL', `UPDATE ledger_event SET payload = payload || ' ' WHERE id = '${e.id}'`, ...enable],
      [
        'ALTER TABLE ledger_event DISABLE TRIGGER ALL',
        `UPDATE ledger_event SET payload = $$${e.payload}$$ WHERE id = '${e.id}'`,
        ...enable,
      ],
      'EVENT_HASH_MISMATCH',
      /该事件被改动过/,
    );
  });

  it("an audit_log row changed (its trigger disabled): named by the audit trail's own verification", async () => {
    const auditor = await t.signIn('auditor');
    const verifyAudit = async () => (await auditor.http().get('/api/audit/verify').expect(200)).body;
    const [a] = (
      await su.query(`SELECT id, action FROM audit_log WHERE entity = 'distribution-run' AND entity_id = $1 ORDER BY id LIMIT 1`, [runId])
    ).rows;
    const enable = ['audit_log_no_update_delete', 'audit_log_no_truncate'].map((tg) => `ALTER TABLE audit_log ENABLE ALWAYS TRIGGER ${tg}`);
    expect(await verifyAudit()).toMatchObject({ ok: true });
    for (const sql of [
      'ALTER TABLE audit_log DISABLE TRIGGER ALL',
      `UPDATE audit_log SET action = 'nothing' WHERE id = ${a.id}`,
      ...enable,
    ]) {
      await su.query(sql);
    }
    let tampered;
    try {
      tampered = await verifyAudit();
    } finally {
      for (const sql of [
        'ALTER TABLE audit_log DISABLE TRIGGER ALL',
        `UPDATE audit_log SET action = '${a.action}' WHERE id = ${a.id}`,
        ...enable,
      ]) {
        await su.query(sql);
      }
    }
    expect(tampered).toMatchObject({ ok: false, id: String(a.id) });
    expect(tampered).toMatchObject({ code: 'AUDIT_HASH_MISMATCH', reason: '存储的哈希与审计记录的内容不符：该审计记录被改动过' });
    expect(await verifyAudit()).toMatchObject({ ok: true });
    const triggers = (await su.query(`SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal`))
      .rows;
    expect(triggers.every((tg: { tgenabled: string }) => tg.tgenabled === 'A')).toBe(true);
  });
});
