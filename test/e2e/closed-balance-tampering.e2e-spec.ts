import { Client } from 'pg';
import { createTestApp, SignedInUser, TestApp } from '../support/test-app';
import { addResult, buildPark, Park } from './ledger.fixture';

interface Verification {
  ok: boolean;
  reason?: string;
  problems: Array<{ table: string; id: string; code: string; message: string }>;
}

/**
 * Issue 14: the balances carried forward at year close (closed_year_balance) stand for the lines in every later
 * trial balance, so verification compares them with the lines. Each change made as the database's owner behind
 * the service's back (a changed amount, a deleted row, rows for a year that is not closed) is named with the year
 * and the account; each is put back after, and verification says ok again.
 */
describe('verification names tampering with the carried-forward balances', () => {
  let t: TestApp;
  let checker: SignedInUser;
  let park: Park;
  let su: Client;
  let bank: { debit: string; credit: string };
  const base = () => `/api/projects/${park.projectId}`;
  const verify = async (): Promise<Verification> => (await t.http().get(`${base()}/ledger/verify`).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    checker = await t.signIn('accountant');
    park = await buildPark(t);
    await addResult(t, park.projectId, 2024, '980000.00', '1100000.00');
    const run = await t.http().post(`${base()}/runs`).send({ year: 2024 }).expect(201);
    await checker.http().post(`${base()}/runs/${run.body.id}/approve`).expect(200);
    await t.http().post(`${base()}/runs/${run.body.id}/post`).send({ date: '2025-03-31' }).expect(200);
    await t.http().post(`${base()}/years/2024/close`).expect(200);
    su = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await su.connect();
    [bank] = (
      await su.query(
        `SELECT debit::text AS debit, credit::text AS credit FROM closed_year_balance WHERE book_id = $1 AND year = 2024 AND account = '102'`,
        [park.projectId],
      )
    ).rows;
  });
  afterAll(async () => {
    await su?.end();
    await t.close();
  });

  /** Tampers, expects verification to name exactly this problem, puts it back, and expects ok again. */
  async function expectNamed(tamper: string[], restore: string[], problem: Verification['problems'][number]): Promise<void> {
    expect(await verify()).toMatchObject({ ok: true, problems: [] });
    for (const sql of tamper) await su.query(sql);
    let v: Verification;
    try {
      v = await verify();
    } finally {
      for (const sql of restore) await su.query(sql);
    }
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual([problem]);
    expect(v.reason).toBe(`closed_year_balance ${problem.id}: ${problem.message}`);
    expect(await verify()).toMatchObject({ ok: true, problems: [] });
  }

  it("the bank's carried-forward balance is the sum of its lines up to 2024-12-31", async () => {
    const [lines] = (
      await su.query(
        `SELECT sum(l.debit)::text AS debit, sum(l.credit)::text AS credit FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id
          WHERE v.book_id = $1 AND v.voucher_date <= '2024-12-31' AND l.account = '102'`,
        [park.projectId],
      )
    ).rows;
    expect(bank).toEqual(lines);
    expect(bank.debit).not.toBe('0.00');
  });

  it('an amount changed', async () => {
    const where = `book_id = '${park.projectId}' AND year = 2024 AND account = '102'`;
    await expectNamed(
      [`UPDATE closed_year_balance SET debit = debit + 0.01 WHERE ${where}`],
      [`UPDATE closed_year_balance SET debit = debit - 0.01 WHERE ${where}`],
      {
        table: 'closed_year_balance',
        id: '2024:102',
        code: 'CLOSED_BALANCE_MISMATCH',
        message: `2024 年度结转的科目 102 余额为借方 ${fenMore(bank.debit)}、贷方 ${bank.credit}，但截至 2024-12-31 的分录合计为借方 ${bank.debit}、贷方 ${bank.credit}`,
      },
    );
  });

  it('a row deleted', async () => {
    const where = `book_id = '${park.projectId}' AND year = 2024 AND account = '102'`;
    await expectNamed(
      [`DELETE FROM closed_year_balance WHERE ${where}`],
      [
        `INSERT INTO closed_year_balance (book_id, year, account, debit, credit) VALUES ('${park.projectId}', 2024, '102', ${bank.debit}, ${bank.credit})`,
      ],
      {
        table: 'closed_year_balance',
        id: '2024:102',
        code: 'CLOSED_BALANCE_MISMATCH',
        message: `2024 年度结转的科目 102 余额为（缺失），但截至 2024-12-31 的分录合计为借方 ${bank.debit}、贷方 ${bank.credit}`,
      },
    );
  });

  it('a row for a year that is not closed', async () => {
    await expectNamed(
      [
        `INSERT INTO closed_year_balance (book_id, year, account, debit, credit) VALUES ('${park.projectId}', 2025, '102', ${bank.debit}, ${bank.credit})`,
      ],
      [`DELETE FROM closed_year_balance WHERE book_id = '${park.projectId}' AND year = 2025`],
      {
        table: 'closed_year_balance',
        id: '2025:102',
        code: 'CLOSED_BALANCE_NOT_CLOSED',
        message: `2025 年度没有结账，却有科目 102 的结转余额（借方 ${bank.debit}、贷方 ${bank.credit}）`,
      },
    );
  });
});

/** A decimal string one fen more ("12.34" → "12.35"). */
function fenMore(amount: string): string {
  const fen = BigInt(amount.replace('.', '')) + 1n;
  return `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;
}
