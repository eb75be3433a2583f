import { Client } from 'pg';
import { createTestApp, SignedInUser, TestApp } from '../support/test-app';
import { addResult, buildPark, Park } from './ledger.fixture';

/** What the database itself guarantees, even against a superuser session; and what verification catches when it is bypassed. */
describe('ledger integrity', () => {
  let t: TestApp;
  let checker: SignedInUser;
  let park: Park;
  let su: Client;
  const base = () => `/api/projects/${park.projectId}`;

  beforeAll(async () => {
    t = await createTestApp();
    checker = await t.signIn('accountant');
    park = await buildPark(t);
    await addResult(t, park.projectId, 2024, '980000.00', '1100000.00');
    su = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await su.connect();
  });
  afterAll(async () => {
    await su.end();
    await t.close();
  });

  it('the test session is a superuser, and still cannot UPDATE, DELETE or TRUNCATE vouchers or lines (replica role too)', async () => {
    expect((await su.query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`)).rows[0].rolsuper).toBe(true);
    await su.query(`SET session_replication_role = replica`);
    try {
      for (const sql of [
        `UPDATE voucher_line SET debit = debit + 1 WHERE voucher_id IN (SELECT id FROM voucher WHERE book_id = '${park.projectId}') AND debit > 0`,
        `DELETE FROM voucher_line WHERE voucher_id IN (SELECT id FROM voucher WHERE book_id = '${park.projectId}')`,
        `UPDATE voucher SET summary = 'x' WHERE book_id = '${park.projectId}'`,
        `DELETE FROM voucher WHERE book_id = '${park.projectId}'`,
        'TRUNCATE voucher_line',
        'TRUNCATE voucher CASCADE',
      ]) {
        await expect(su.query(sql)).rejects.toThrow(/append-only/);
      }
    } finally {
      await su.query(`SET session_replication_role = origin`);
    }
  });

  /** A voucher inserted in an open transaction, so that the same-transaction trigger lets its lines through to the checks. */
  async function openVoucher(id: string): Promise<void> {
    await su.query('BEGIN');
    await su.query(
      `INSERT INTO voucher (id, book_id, sequence, number, voucher_date, summary, preparer, source_type, source_id, prev_hash, hash, txid)
                    VALUES ($1, $2, 999, '2030-01-0001', '2030-01-01', 'x', 'x', 'capital-event', 'x', repeat('0',64), repeat('0',64), 0)`,
      [id, park.projectId],
    );
  }
  // A line number no posted voucher uses: the statement trigger runs after the insert, so a taken one would meet the
  // primary key first.
  const line = (voucherId: string, debit: string | null, credit: string | null) =>
    su.query(`INSERT INTO voucher_line (voucher_id, line_no, account, debit, credit) VALUES ($1, 99, '102', $2, $3)`, [
      voucherId,
      debit,
      credit,
    ]);

  it('refuses lines added to a voucher after its transaction (trigger voucher_line_same_tx)', async () => {
    const [{ id }] = (await su.query(`SELECT id FROM voucher WHERE book_id = $1 ORDER BY sequence LIMIT 1`, [park.projectId])).rows;
    await expect(line(id, '1', '0')).rejects.toMatchObject({
      code: '42501',
      message: expect.stringMatching(/lines can only be added when the voucher is posted/),
    });
  });

  it('refuses at commit a voucher that does not balance (deferred trigger voucher_balanced)', async () => {
    const id = '11111111-1111-4111-8111-111111111111';
    await openVoucher(id);
    await line(id, '5', '0');
    await expect(su.query('COMMIT')).rejects.toMatchObject({
      code: '23514',
      message: expect.stringMatching(/2030-01-0001 \(.*\) does not balance: debits 5\.00 credits 0/),
    });
    expect((await su.query('SELECT count(*)::int AS n FROM voucher WHERE id = $1', [id])).rows[0].n).toBe(0);
  });

  it.each([
    ['both sides', '1', '1'],
    ['no side', '0', '0'],
    ['a negative side', '-1', '0'],
  ])("refuses a line with %s (CHECK voucher_line_one_side), inside the voucher's own transaction", async (_label, debit, credit) => {
    const id = '22222222-2222-4222-8222-222222222222';
    await openVoucher(id);
    try {
      await expect(line(id, debit, credit)).rejects.toMatchObject({
        code: '23514',
        table: 'voucher_line',
        constraint: 'voucher_line_one_side',
      });
    } finally {
      await su.query('ROLLBACK');
    }
  });

  it.each(['debit', 'credit'])("refuses a line with no %s at all (NOT NULL), inside the voucher's own transaction", async (column) => {
    const id = '33333333-3333-4333-8333-333333333333';
    await openVoucher(id);
    try {
      await expect(line(id, column === 'debit' ? null : '1', column === 'credit' ? null : '1')).rejects.toMatchObject({
        code: '23502',
        table: 'voucher_line',
        column,
      });
    } finally {
      await su.query('ROLLBACK');
    }
  });

  it('idempotency: the same key and body return the first response and post once; another body gets 409', async () => {
    const d = await t.http().post(`${base()}/runs`).set('Idempotency-Key', 'draft-2024').send({ year: 2024 }).expect(201);
    const again = await t.http().post(`${base()}/runs`).set('Idempotency-Key', 'draft-2024').send({ year: 2024 }).expect(201);
    expect(again.body).toEqual(d.body);
    expect((await t.http().get(`${base()}/runs`).expect(200)).body).toHaveLength(1);
    await t.http().post(`${base()}/runs`).set('Idempotency-Key', 'draft-2024').send({ year: 2025 }).expect(409);
    await checker.http().post(`${base()}/runs/${d.body.id}/approve`).expect(200);
    const posts = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.http().post(`${base()}/runs/${d.body.id}/post`).set('Idempotency-Key', 'post-2024').send({ date: '2025-03-31' }),
      ),
    );
    expect(posts.map((p) => p.status)).toEqual(Array(10).fill(200));
    expect(new Set(posts.map((p) => JSON.stringify(p.body))).size).toBe(1);
    const [{ n }] = (await su.query(`SELECT count(*)::int AS n FROM voucher WHERE source_id = $1`, [d.body.id])).rows;
    expect(n).toBe(2);
    await t.http().post(`${base()}/runs/${d.body.id}/post`).set('Idempotency-Key', 'post-2024').send({ date: '2025-04-01' }).expect(409);
    const v = park.villages[0];
    const pay = { villageCode: v.code, amount: '100.00', date: '2025-04-02', bankReference: 'I-1' };
    const p1 = await t.http().post(`${base()}/payments`).set('Idempotency-Key', 'pay-1').send(pay).expect(201);
    const p2 = await t.http().post(`${base()}/payments`).set('Idempotency-Key', 'pay-1').send(pay).expect(201);
    expect(p2.body.id).toBe(p1.body.id);
    expect((await t.http().get(`${base()}/payments`).expect(200)).body.items).toHaveLength(1);
  });

  it("verification names the first voucher changed behind the service's back", async () => {
    expect((await t.http().get(`${base()}/ledger/verify`).expect(200)).body.ok).toBe(true);
    const [target] = (
      await su.query(`SELECT id, sequence, number FROM voucher WHERE book_id = $1 ORDER BY sequence OFFSET 3 LIMIT 1`, [park.projectId])
    ).rows;
    await su.query('ALTER TABLE voucher_line DISABLE TRIGGER ALL');
    try {
      await su.query(`UPDATE voucher_line SET debit = debit + 0.01 WHERE voucher_id = $1 AND debit > 0`, [target.id]);
    } finally {
      // ENABLE TRIGGER ALL would leave them in origin mode: put the ALWAYS back, as an operator must.
      await su.query('ALTER TABLE voucher_line ENABLE TRIGGER ALL');
      for (const tg of ['voucher_line_same_tx', 'voucher_line_no_update_delete', 'voucher_line_no_truncate']) {
        await su.query(`ALTER TABLE voucher_line ENABLE ALWAYS TRIGGER ${tg}`);
      }
    }
    const v = await t.http().get(`${base()}/ledger/verify`).expect(200);
    expect(v.body).toMatchObject({ ok: false, firstBadSequence: target.sequence, voucherNumber: target.number });
    expect(v.body.reason).toContain('该凭证被改动过');
  });
});
