import { createTestApp, SignedInUser, TestApp, uniqueCode } from '../support/test-app';
import { addResult, assertGapless, balancedTrialBalance, closing, expectedFields, fixture, rulebookFields } from './ledger.fixture';

/**
 * Issue 12, part 1: a project older than the service. Scenario 05b entered as
 * a park that started in 2019 and moves in on 2024-12-31 with a deficit of
 * 248,360.64 in 322-02: its capital history posts no voucher, the opening
 * balance is the first voucher, and the 2025 run equals 05b field for field.
 */
const SCENARIO = fixture('05b-carry-forward-recovery-2025.json');
const CUTOVER = '2024-12-31';

interface Line {
  account: string;
  debit?: string;
  credit?: string;
}

async function villagesOf(t: TestApp, prefix: string): Promise<string[]> {
  const codes: string[] = [];
  for (const v of SCENARIO.villages) {
    const res = await t
      .http()
      .post('/api/villages')
      .send({ code: `${prefix}${v.code}`, name: v.name })
      .expect(201);
    codes.push(res.body.code);
  }
  return codes;
}

/** A project from 2019 with the six villages and their 2024-04-15 capital, entered as history (cut-over 2024-12-31). */
async function oldProject(t: TestApp, codes: string[]): Promise<string> {
  const project = await t
    .http()
    .post('/api/projects')
    .send({ code: uniqueCode('P'), name: SCENARIO.project.name, startDate: '2019-05-01', cutoverDate: CUTOVER })
    .expect(201);
  expect(project.body.cutoverDate).toBe(CUTOVER);
  const id = project.body.id;
  for (const code of codes) await t.http().post(`/api/projects/${id}/villages`).send({ villageCode: code }).expect(201);
  for (const [i, c] of SCENARIO.contributions.entries()) {
    await t
      .http()
      .post(`/api/projects/${id}/capital-events`)
      .send({ villageCode: codes[i], date: c.date, amount: c.amount, kind: 'cash' })
      .expect(201);
  }
  return id;
}

/** The old books on 2024-12-31: the bank, the deficit and each village's capital; balanced. */
function openingLines(codes: string[]): Line[] {
  return [
    { account: '102', debit: '2751639.36', credit: '0.00' },
    { account: '322-02', debit: '248360.64', credit: '0.00' },
    ...codes.map((c) => ({ account: `301-${c}`, debit: '0.00', credit: '500000.00' })),
  ];
}

async function voucherCount(t: TestApp, projectId: string): Promise<number> {
  const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM voucher WHERE book_id = $1', [projectId]);
  return n;
}

describe('opening balances: scenario 05b as a project that moves in with a deficit', () => {
  let t: TestApp;
  let checker: SignedInUser;
  let codes: string[];
  let projectId: string;
  let openingId: string;
  const base = () => `/api/projects/${projectId}`;

  beforeAll(async () => {
    t = await createTestApp();
    checker = await t.signIn('accountant');
    const prefix = uniqueCode('O').slice(0, 20);
    codes = await villagesOf(t, prefix);
    projectId = await oldProject(t, codes);
    await t.http().post(`${base()}/policies`).send({ effectiveFromYear: 2025, policy: SCENARIO.policy }).expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  it('enters capital dated on or before the cut-over as history: no voucher', async () => {
    expect(await voucherCount(t, projectId)).toBe(0);
    const participants = await t.http().get(`${base()}/villages`).expect(200);
    expect(participants.body.map((p: { capital: string }) => p.capital)).toEqual(codes.map(() => '500000.00'));
  });

  it('takes no other voucher before the opening balance: the opening is the first of the chain', async () => {
    const res = await t
      .http()
      .post(`${base()}/capital-events`)
      .send({ villageCode: codes[0], date: '2025-02-01', amount: '1000.00', kind: 'cash' })
      .expect(409);
    expect(res.body.code).toBe('OPENING_NOT_POSTED');
    expect(res.body.message).toContain('期初余额还没有入账');
    expect((await t.http().get(`${base()}/capital-events`).expect(200)).body.total).toBe(6);
  });

  it('refuses a document with every mistake named at once, and stores nothing', async () => {
    const lines: Line[] = [
      { account: '102', debit: '2751639.36' },
      { account: '322-02', credit: '248360.64' }, // a surplus: the rulebook has none
      { account: `301-${codes[0]}`, credit: '499999.99' }, // not the history
      { account: '501', credit: '10.00' }, // not a balance the old books hand over
      { account: '102', debit: '1.00' }, // twice
      { account: '311', debit: '0.00', credit: '0.00' }, // no amount
      ...codes.slice(1).map((c) => ({ account: `301-${c}`, credit: '500000.00' })),
    ];
    const res = await t.http().post(`${base()}/opening-balances`).send({ lines }).expect(400);
    expect(res.body.code).toBe('OPENING_BALANCE_INVALID');
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(['lines[1].credit', 'lines[2].credit', 'lines[3].account', 'lines[4].account', 'lines[5]', 'lines']);
    const messages = res.body.errors.map((e: { message: string }) => e.message).join('\n');
    expect(messages).toContain('未分配收益（322-02）只能是借方');
    expect(messages).toContain(`村 ${codes[0]} 截至 2024-12-31 的出资记录合计 500000.00，期初资本 499999.99 须与之相等`);
    expect(messages).toContain('期初余额不能记入科目 "501"');
    expect(messages).toContain('科目 102 已在第 1 行');
    expect(messages).toContain('借贷不平');
    expect((await t.http().get(`${base()}/opening-balances`).expect(200)).body).toEqual([]);
  });

  it('refuses a missing village, and an amount with three decimals (400)', async () => {
    const missing = await t
      .http()
      .post(`${base()}/opening-balances`)
      .send({ lines: openingLines(codes).filter((l) => l.account !== `301-${codes[5]}`) })
      .expect(400);
    expect(missing.body.errors.map((e: { message: string }) => e.message).join()).toContain(`期初余额缺少 301-${codes[5]} 一行`);
    const decimals = await t
      .http()
      .post(`${base()}/opening-balances`)
      .send({ lines: [{ account: '102', debit: '1.005' }] })
      .expect(400);
    expect(decimals.body.errors[0].field).toBe('lines[0].debit');
  });

  it('drafts, is approved by another accountant only, and posts as voucher 2024-12-0001', async () => {
    const draft = await t
      .http()
      .post(`${base()}/opening-balances`)
      .send({ lines: openingLines(codes), memo: '旧账转入' })
      .expect(201);
    openingId = draft.body.id;
    expect(draft.body).toMatchObject({ asOf: CUTOVER, status: 'draft', memo: '旧账转入', voucherNumber: null });
    expect(draft.body.lines[1]).toEqual({ account: '322-02', debit: '248360.64', credit: '0.00' });
    await t.http().post(`${base()}/opening-balances/${openingId}/post`).expect(409); // not approved
    const self = await t.http().post(`${base()}/opening-balances/${openingId}/approve`).expect(409);
    expect(self.body.code).toBe('PREPARER_CANNOT_APPROVE');
    await checker.http().post(`${base()}/opening-balances/${openingId}/approve`).expect(200);
    const posted = await t.http().post(`${base()}/opening-balances/${openingId}/post`).expect(200);
    expect(posted.body).toMatchObject({ status: 'posted', voucherNumber: '2024-12-0001' });
    const [voucher] = await t.db.query('SELECT sequence, summary, source_type AS "sourceType" FROM voucher WHERE book_id = $1', [
      projectId,
    ]);
    expect(voucher).toEqual({ sequence: 1, summary: '期初余额', sourceType: 'opening-balance' });
    const tb = await balancedTrialBalance(t, projectId, CUTOVER);
    expect(closing(tb, '322-02')).toEqual({ side: 'debit', amount: '248360.64' });
    expect(closing(tb, '301')).toEqual({ side: 'credit', amount: '3000000.00' });
    await t.http().post(`${base()}/opening-balances/${openingId}/post`).expect(409); // once
  });

  it('closes everything on or before the cut-over once posted', async () => {
    const event = await t
      .http()
      .post(`${base()}/capital-events`)
      .send({ villageCode: codes[0], date: CUTOVER, amount: '1000.00', kind: 'cash' })
      .expect(409);
    expect(event.body.code).toBe('ON_OR_BEFORE_CUTOVER');
    const history = (await t.http().get(`${base()}/capital-events`).expect(200)).body.items[0];
    await t.http().patch(`${base()}/capital-events/${history.id}`).send({ amount: '400000.00' }).expect(409);
    await t.http().patch(`${base()}/capital-events/${history.id}`).send({ date: '2025-01-05' }).expect(409);
    const result = await t.http().post(`${base()}/results`).send({ year: 2024, revenue: '1.00', costs: '0.00' }).expect(409);
    expect(result.body.code).toBe('ON_OR_BEFORE_CUTOVER');
    const cutover = await t.http().patch(base()).send({ cutoverDate: '2024-06-30' }).expect(409);
    expect(cutover.body.code).toBe('CUTOVER_LOCKED');
    const again = await t
      .http()
      .post(`${base()}/opening-balances`)
      .send({ lines: openingLines(codes) })
      .expect(409);
    expect(again.body.code).toBe('OPENING_ALREADY_POSTED');
    expect(await voucherCount(t, projectId)).toBe(1);
  });

  it('the database refuses a voucher dated on or before the cut-over even behind the service', async () => {
    await expect(
      t.db.query(
        `INSERT INTO voucher (id, book_id, sequence, number, voucher_date, summary, preparer, source_type, source_id, prev_hash, hash, txid)
         VALUES (gen_random_uuid(), $1, 99, '2024-12-0099', '2024-12-31', 'x', 'x', 'capital-event', 'x', repeat('0', 64), repeat('0', 64), 0)`,
        [projectId],
      ),
    ).rejects.toThrow(/on or before the cut-over date/);
  });

  let runId: string;
  it('runs 2025 with B read from 322-02: exactly 05b', async () => {
    await addResult(t, projectId, 2025, SCENARIO.result.revenue, SCENARIO.result.costs);
    const draft = await t.http().post(`${base()}/runs`).send({ year: 2025 }).expect(201);
    runId = draft.body.id;
    expect(draft.body.scenario.deficitBroughtForward).toBe('248360.64');
    expect(draft.body.scenario.contributions).toHaveLength(6);
    const prefix = codes[0].slice(0, -SCENARIO.villages[0].code.length);
    expect(rulebookFields(draft.body.result, prefix)).toEqual(expectedFields('05b-carry-forward-recovery-2025.expected.json'));
    await checker.http().post(`${base()}/runs/${runId}/approve`).expect(200);
    await t.http().post(`${base()}/runs/${runId}/post`).send({ date: '2026-03-31' }).expect(200);
    const tb = await balancedTrialBalance(t, projectId, '2026-03-31');
    expect(closing(tb, '322-02')).toEqual({ side: 'flat', amount: '0.00' });
    expect(closing(tb, '311')).toEqual({ side: 'credit', amount: '22163.94' });
    expect(closing(tb, '211')).toEqual({ side: 'credit', amount: '379475.42' });
    await assertGapless(t, projectId);
  });

  it('cannot reverse the opening balance once a later voucher exists; the chain verifies', async () => {
    const res = await t.http().post(`${base()}/opening-balances/${openingId}/reverse`).expect(409);
    expect(res.body.code).toBe('LATER_VOUCHERS');
    const v = await t.http().get(`${base()}/ledger/verify`).expect(200);
    expect(v.body).toMatchObject({ ok: true });
    // Verification compares the document with its events: a date changed behind the service's back is named.
    await t.db.query(`UPDATE opening_balance SET as_of = as_of - 1 WHERE id = $1`, [openingId]);
    try {
      const tampered = (await t.http().get(`${base()}/ledger/verify`).expect(200)).body;
      expect(tampered.ok).toBe(false);
      // One finding per event that recorded the date (prepared, approved, posted).
      expect(new Set(tampered.problems.map((p: { table: string; id: string; code: string }) => `${p.table} ${p.id} ${p.code}`))).toEqual(
        new Set([`opening_balance ${openingId} OPENING_DATE_MISMATCH`]),
      );
      expect(tampered.problems).toHaveLength(3);
    } finally {
      await t.db.query(`UPDATE opening_balance SET as_of = as_of + 1 WHERE id = $1`, [openingId]);
    }
    expect((await t.http().get(`${base()}/ledger/verify`).expect(200)).body.ok).toBe(true);
    const r = await t.http().get(`${base()}/runs/${runId}/recompute`).expect(200);
    expect(r.body.identical).toBe(true);
    expect(r.body.records.identical).toBe(true);
  });

  it('shows a treasurer their own village and the others merged', async () => {
    const tr = await t.signIn('treasurer', codes[0]);
    const doc = (await tr.http().get(`${base()}/opening-balances/${openingId}`).expect(200)).body;
    expect(doc.lines.map((l: Line) => l.account)).toEqual(['102', '322-02', `301-${codes[0]}`, '301']);
    expect(doc.lines[3]).toMatchObject({ credit: '2500000.00', memo: '其他村合计' });
    expect(doc.redacted).toContain('村报账员视图');
  });
});

describe('opening balances: the cut-over date, reversal and re-entry', () => {
  let t: TestApp;
  let checker: SignedInUser;
  let codes: string[];
  let projectId: string;
  const base = () => `/api/projects/${projectId}`;

  beforeAll(async () => {
    t = await createTestApp();
    checker = await t.signIn('accountant');
    codes = await villagesOf(t, uniqueCode('R').slice(0, 20));
    projectId = await oldProject(t, codes);
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a cut-over before the start, or one that would split the capital history', async () => {
    const early = await t
      .http()
      .post('/api/projects')
      .send({ code: uniqueCode('P'), name: 'x', startDate: '2020-01-01', cutoverDate: '2019-12-31' })
      .expect(400);
    expect(early.body.errors[0].field).toBe('cutoverDate');
    // The 2024-04-15 events were history; before them, or with no cut-over, they would need vouchers.
    expect((await t.http().patch(base()).send({ cutoverDate: '2024-03-31' }).expect(409)).body.code).toBe('CUTOVER_SPLITS_CAPITAL');
    expect((await t.http().patch(base()).send({ cutoverDate: null }).expect(409)).body.code).toBe('CUTOVER_SPLITS_CAPITAL');
    await t.http().patch(base()).send({ cutoverDate: '2024-06-30' }).expect(200);
    await t.http().patch(base()).send({ cutoverDate: CUTOVER }).expect(200);
  });

  it('refuses a draft on a project without a cut-over date (409)', async () => {
    const plain = await t
      .http()
      .post('/api/projects')
      .send({ code: uniqueCode('P'), name: 'x' })
      .expect(201);
    const res = await t
      .http()
      .post(`/api/projects/${plain.body.id}/opening-balances`)
      .send({ lines: [{ account: '102', debit: '1.00' }] })
      .expect(409);
    expect(res.body.code).toBe('CUTOVER_NOT_SET');
  });

  async function postOpening(lines: Line[]): Promise<string> {
    const draft = await t.http().post(`${base()}/opening-balances`).send({ lines }).expect(201);
    await checker.http().post(`${base()}/opening-balances/${draft.body.id}/approve`).expect(200);
    await t.http().post(`${base()}/opening-balances/${draft.body.id}/post`).expect(200);
    return draft.body.id;
  }

  it('an approved draft whose history changed since is outdated (409)', async () => {
    const draft = await t
      .http()
      .post(`${base()}/opening-balances`)
      .send({ lines: openingLines(codes) })
      .expect(201);
    await checker.http().post(`${base()}/opening-balances/${draft.body.id}/approve`).expect(200);
    const event = (await t.http().get(`${base()}/capital-events`).expect(200)).body.items[0];
    await t.http().patch(`${base()}/capital-events/${event.id}`).send({ amount: '500000.01' }).expect(200);
    const res = await t.http().post(`${base()}/opening-balances/${draft.body.id}/post`).expect(409);
    expect(res.body.code).toBe('OPENING_OUTDATED');
    await t.http().patch(`${base()}/capital-events/${event.id}`).send({ amount: '500000.00' }).expect(200);
    expect(await voucherCount(t, projectId)).toBe(0);
  });

  it('reverses while nothing later is posted, opens the history again, and takes a corrected document', async () => {
    const first = await postOpening(openingLines(codes));
    const reversed = await t.http().post(`${base()}/opening-balances/${first}/reverse`).expect(200);
    expect(reversed.body).toMatchObject({ status: 'reversed', voucherNumber: '2024-12-0001', reversalVoucherNumber: '2024-12-0002' });
    await t.http().post(`${base()}/opening-balances/${first}/reverse`).expect(409);
    // Reversed: the history may change again, and no other voucher may come before a new opening balance.
    await t
      .http()
      .post(`${base()}/capital-events`)
      .send({ villageCode: codes[0], date: '2024-10-01', amount: '100000.00', kind: 'asset' })
      .expect(201);
    expect(
      (
        await t
          .http()
          .post(`${base()}/capital-events`)
          .send({ villageCode: codes[0], date: '2025-01-02', amount: '1.00', kind: 'cash' })
          .expect(409)
      ).body.code,
    ).toBe('OPENING_NOT_POSTED');
    const corrected = openingLines(codes).map((l) => (l.account === `301-${codes[0]}` ? { ...l, credit: '600000.00' } : l));
    corrected.push({ account: '151', debit: '100000.00' });
    await postOpening(corrected);
    const rows = await t.db.query('SELECT sequence, number, summary FROM voucher WHERE book_id = $1 ORDER BY sequence', [projectId]);
    expect(rows.map((r: { number: string; summary: string }) => [r.number, r.summary])).toEqual([
      ['2024-12-0001', '期初余额'],
      ['2024-12-0002', '冲销: 期初余额'],
      ['2024-12-0003', '期初余额'],
    ]);
    // Now capital after the cut-over posts its voucher as usual.
    await t
      .http()
      .post(`${base()}/capital-events`)
      .send({ villageCode: codes[0], date: '2025-01-02', amount: '1.00', kind: 'cash' })
      .expect(201);
    const tb = await balancedTrialBalance(t, projectId, '2025-12-31');
    expect(closing(tb, `301-${codes[0]}`)).toEqual({ side: 'credit', amount: '600001.00' });
    const list = (await t.http().get(`${base()}/opening-balances`).expect(200)).body;
    expect(list.map((d: { status: string }) => d.status)).toEqual(['approved', 'reversed', 'posted']);
    expect((await t.http().get(`${base()}/ledger/verify`).expect(200)).body.ok).toBe(true);
  });

  it("every step of every document is an event in the project's chain, naming its vouchers", async () => {
    const [outdated, reversed, posted] = (await t.http().get(`${base()}/opening-balances`).expect(200)).body;
    const events = await t.db.query(
      `SELECT subject_id AS id, kind, event_date::text AS date, payload FROM ledger_event
        WHERE book_id = $1 AND kind LIKE 'opening.%' ORDER BY sequence`,
      [projectId],
    );
    const of = (id: string) =>
      events
        .filter((e: { id: string }) => e.id === id)
        .map((e: { kind: string; date: string; payload: string }) => [e.kind, e.date, JSON.parse(e.payload)]);
    const step = (kind: string, id: string, voucher?: string) => [
      `opening.${kind}`,
      CUTOVER,
      { openingBalanceId: id, asOf: CUTOVER, ...(voucher && { voucher }) },
    ];
    expect(of(outdated.id)).toEqual([step('prepared', outdated.id), step('approved', outdated.id)]);
    expect(of(reversed.id)).toEqual([
      step('prepared', reversed.id),
      step('approved', reversed.id),
      step('posted', reversed.id, '2024-12-0001'),
      step('reversed', reversed.id, '2024-12-0002'),
    ]);
    expect(of(posted.id)).toEqual([step('prepared', posted.id), step('approved', posted.id), step('posted', posted.id, '2024-12-0003')]);
    expect(events).toHaveLength(9);
  });
});
