/**
 * The second stage through the API (issue 16): the park's run is posted, the village's book shows the declared
 * dividend, the treasurer drafts the village's run, an accountant approves it and the treasurer posts it; the bank
 * payment file is downloaded and confirmed, one household is paid alone; every household's statement shows paid, both
 * chains verify and the village's 211 is 0. Exact amounts throughout (hand-computed below).
 */
import type { Response } from 'supertest';
import { disagreements, OpenApiDocument, operationOf, Schema } from '../support/openapi-schema';
import { createTestApp, SignedInUser, TestApp, uniqueCode } from '../support/test-app';
import { addResult, buildPark, closing, fixture, Park } from './ledger.fixture';

/**
 * 程壁村 receives 34,500.00 for 2025 (fixture 01). It keeps 10% (3,450.00) and 2,000.00: 29,050.00 is shared by
 * weight (POP 1, LAB 0.5, AID 1): H001 4 POP + 10 LAB = 9, H002 3, H003 5 POP + 1 AID = 6, H004 2 POP + 4 LAB = 4,
 * H005 1; ΣW = 23. 2,905,000 fen × w / 23: floors 1136739, 378913, 757826, 505217, 126304 (sum 2904999) with
 * remainders 3, 1, 2, 9, 8 (/23): the one fen left goes to H004.
 */
const EXPECTED: Record<string, string> = { H001: '11367.39', H002: '3789.13', H003: '7578.26', H004: '5052.18', H005: '1263.04' };
/** A refusal's stable code and the field it names (ErrorBody: code, errors[].field). */
function expectRefusal(body: { code: string; errors?: Array<{ field: string }> }, code: string, field: string): void {
  expect({ code: body.code, fields: body.errors?.map((e) => e.field) }).toEqual({ code, fields: [field] });
}

const POLICY = {
  keeps: [
    { code: 'reserve', name: '公积公益金', rate: '0.10' },
    { code: 'welfare', name: '公益事业', amount: '2000.00' },
  ],
  weights: { POP: '1', LAB: '0.5', AID: '1' },
};

describe('village runs: from the park to every household, through the API', () => {
  let t: TestApp;
  let park: Park;
  let village: { id: string; code: string };
  let treasurer: SignedInUser;
  let checker: SignedInUser;
  let auditor: SignedInUser;
  let otherTreasurer: SignedInUser;
  let runId: string;
  const vbase = () => `/api/villages/${village.id}`;
  const rbase = () => `${vbase()}/runs/${runId}`;
  /** Every JSON answer of a village-run route seen here, checked against the OpenAPI document at the end. */
  const answers: Response[] = [];
  const seen = (res: Response) => {
    answers.push(res);
    return res;
  };

  beforeAll(async () => {
    t = await createTestApp();
    checker = await t.signIn('accountant');
    auditor = await t.signIn('auditor');
    park = await buildPark(t, fixture('01-seed-dinghu-2025.json'));
    const v01 = park.villages[0];
    village = { id: v01.id, code: v01.code };
    treasurer = await t.signIn('treasurer', v01.code);
    const other = uniqueCode('V');
    await t.http().post('/api/villages').send({ code: other, name: '别村' }).expect(201);
    otherTreasurer = await t.signIn('treasurer', other);

    // The park's 2025 run, posted; the park pays 程壁村 its 34,500.00.
    const pbase = `/api/projects/${park.projectId}`;
    await addResult(t, park.projectId, 2025, '1860000.00', '1650000.00');
    const run = (await t.http().post(`${pbase}/runs`).send({ year: 2025 }).expect(201)).body.id;
    await checker.http().post(`${pbase}/runs/${run}/approve`).expect(200);
    await t.http().post(`${pbase}/runs/${run}/post`).send({ date: '2026-03-31' }).expect(200);
    await t
      .http()
      .post(`${pbase}/payments`)
      .send({ villageCode: v01.code, amount: '34500.00', date: '2026-04-01', bankReference: 'PARK-0401' })
      .expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a draft while the village has no book, naming it (409)', async () => {
    const res = await treasurer.http().post(`${vbase()}/runs`).send({ year: 2025 }).expect(409);
    expectRefusal(res.body, 'VILLAGE_BOOK_NOT_OPEN', 'book');
    expect(res.body.message).toMatch(/村账簿/);
  });

  it('the village book, once open, declares the dividend of the posted park run', async () => {
    await treasurer.http().post(`${vbase()}/book`).send({ openedOn: '2025-01-01' }).expect(201);
    const rows = await t.db.query(
      `SELECT l.account, l.debit::text, l.credit::text, v.fiscal_year AS "fiscalYear"
         FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id WHERE v.book_id = $1 AND v.source_type = 'declaration'
        ORDER BY l.line_no`,
      [village.id],
    );
    const projectCode = (await t.http().get(`/api/projects/${park.projectId}`).expect(200)).body.code;
    expect(rows).toEqual([
      { account: `112-${projectCode}`, debit: '34500.00', credit: '0.00', fiscalYear: 2025 },
      { account: '502', debit: '0.00', credit: '34500.00', fiscalYear: 2025 },
    ]);
  });

  it('names what is still missing: the policy, then the share register (409)', async () => {
    let res = await treasurer.http().post(`${vbase()}/runs`).send({ year: 2025 }).expect(409);
    expectRefusal(res.body, 'NO_VILLAGE_POLICY', 'policy');
    await treasurer.http().post(`${vbase()}/policies`).send({ effectiveFromYear: 2025, policy: POLICY }).expect(201);
    res = await treasurer.http().post(`${vbase()}/runs`).send({ year: 2025 }).expect(409);
    expectRefusal(res.body, 'NO_SHARE_REGISTER', 'register');

    const households: Array<[string, string, string | undefined, string | undefined]> = [
      ['H001', '弓长东', '中国农业银行定湖支行', '6217000012341234'],
      ['H002', '张三', '农行"定湖"支行', '6228480011112222333'],
      ['H003', '欧阳娜娜', '中国银行, 韩洪分理处', '6217 0000 5555 6666'],
      ['H004', '=李四', '中国工商银行', '6222021234567890'],
      ['H005', '王五', undefined, undefined],
    ];
    for (const [code, headName, bankName, bankAccount] of households) {
      await treasurer.http().post(`${vbase()}/households`).send({ code, headName, bankName, bankAccount }).expect(201);
    }
    await treasurer
      .http()
      .post(`${vbase()}/share-registers`)
      .send({
        registeredOn: '2025-06-30',
        kinds: [
          { code: 'POP', name: '人口股' },
          { code: 'LAB', name: '劳龄股' },
          { code: 'AID', name: '帮扶股' },
        ],
        holdings: [
          { household: 'H001', kind: 'POP', units: '4' },
          { household: 'H001', kind: 'LAB', units: '10' },
          { household: 'H002', kind: 'POP', units: '3' },
          { household: 'H003', kind: 'POP', units: '5' },
          { household: 'H003', kind: 'AID', units: '1' },
          { household: 'H004', kind: 'POP', units: '2' },
          { household: 'H004', kind: 'LAB', units: '4' },
          { household: 'H005', kind: 'POP', units: '1' },
        ],
      })
      .expect(201);
  });

  it('the auditor and another village’s treasurer cannot draft; the treasurer drafts the exact run', async () => {
    await auditor.http().post(`${vbase()}/runs`).send({ year: 2025 }).expect(403);
    await otherTreasurer.http().post(`${vbase()}/runs`).send({ year: 2025 }).expect(403);
    const res = await treasurer.http().post(`${vbase()}/runs`).send({ year: 2025 }).expect(201);
    runId = res.body.id;
    const s = seen(res).body;
    expect(s).toMatchObject({
      villageId: village.id,
      villageCode: village.code,
      villageName: '程壁村',
      year: 2025,
      status: 'draft',
      policy: { fromYear: 2025, version: 1, document: POLICY },
      income: { other: '0.00', total: '34500.00' },
      keeps: [
        { code: 'reserve', name: '公积公益金', amount: '3450.00' },
        { code: 'welfare', name: '公益事业', amount: '2000.00' },
      ],
      kept: '5450.00',
      shared: '29050.00',
      totals: { amount: '29050.00', paid: '0.00', outstanding: '29050.00' },
      preparedBy: treasurer.login,
      approvedBy: null,
    });
    expect(s.income.projects).toEqual([{ code: expect.any(String), name: expect.any(String), amount: '34500.00' }]);
    expect(Object.fromEntries(s.households.map((h: { code: string; amount: string }) => [h.code, h.amount]))).toEqual(EXPECTED);
    const h001 = s.households.find((h: { code: string }) => h.code === 'H001');
    expect(h001).toMatchObject({
      headName: '弓长东',
      units: { POP: '4', LAB: '10', AID: '0' },
      weight: '9',
      paid: '0.00',
      outstanding: '11367.39',
    });
    expect(h001.trace).toContain('11367.39');
    // No bank account anywhere in the statement.
    expect(JSON.stringify(s)).not.toMatch(/6217000012341234|6228480011112222333|6217000055556666|6222021234567890|bankAccount/);
  });

  it('maker-checker: the treasurer cannot approve; an accountant cannot approve their own draft', async () => {
    const refused = await treasurer.http().post(`${rbase()}/approve`).expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    const own = (await t.http().post(`${vbase()}/runs`).send({ year: 2025 }).expect(201)).body.id;
    const res = await t.http().post(`${vbase()}/runs/${own}/approve`).expect(409);
    expect(res.body.code).toBe('PREPARER_CANNOT_APPROVE');
  });

  it('an accountant approves; the treasurer posts the vouchers into the village book, exactly', async () => {
    await treasurer.http().post(`${rbase()}/post`).send({ date: '2026-04-10' }).expect(409);
    seen(await checker.http().post(`${rbase()}/approve`).expect(200));
    await otherTreasurer.http().post(`${rbase()}/post`).send({ date: '2026-04-10' }).expect(403);
    const posted = seen(await treasurer.http().post(`${rbase()}/post`).send({ date: '2026-04-10' }).expect(200));
    expect(posted.body).toMatchObject({ status: 'posted', postingDate: '2026-04-10', postedBy: treasurer.login });
    expect(posted.body.vouchers).toHaveLength(2);
    const lines = await t.db.query(
      `SELECT v.number, l.account, l.debit::text, l.credit::text FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id
        WHERE v.book_id = $1 AND v.source_type = 'village-run' AND v.source_id = $2 AND v.fiscal_year = 2025 ORDER BY v.sequence, l.line_no`,
      [village.id, runId],
    );
    const [keeps, members] = posted.body.vouchers;
    const of = (n: string) => lines.filter((l: { number: string }) => l.number === n).map(({ number: _, ...l }: { number: string }) => l);
    expect(of(keeps)).toEqual([
      { account: '322-01-DED-reserve', debit: '3450.00', credit: '0.00' },
      { account: '322-01-DED-welfare', debit: '2000.00', credit: '0.00' },
      { account: '311', debit: '0.00', credit: '3450.00' },
      { account: '311', debit: '0.00', credit: '2000.00' },
    ]);
    expect(of(members)).toEqual([
      { account: '322-01-MEMBERS', debit: '29050.00', credit: '0.00' },
      ...Object.entries(EXPECTED).map(([h, amount]) => ({ account: `211-${h}`, debit: '0.00', credit: amount })),
    ]);
    // The year is taken: a new draft is refused.
    const again = await treasurer.http().post(`${vbase()}/runs`).send({ year: 2025 }).expect(409);
    expect(again.body.code).toBe('YEAR_ALREADY_POSTED');
  });

  it('a payment file leaves out the household without an account; a file whose line is now overpaid is refused whole', async () => {
    const file = seen(await treasurer.http().post(`${rbase()}/payment-files`).expect(201));
    expect(file.body).toMatchObject({ number: 1, status: 'open', total: '27786.96', lineCount: 4 });
    expect(file.body.skipped).toEqual([{ householdCode: 'H005', headName: '王五', outstanding: '1263.04', reason: expect.any(String) }]);
    expect(file.body.lines[0]).toMatchObject({ householdCode: 'H001', bankAccountMasked: '6217 **** **** 1234', amount: '11367.39' });
    expect(JSON.stringify(file.body)).not.toContain('6217000012341234');
    // A second open file would pay the same households again.
    expect((await treasurer.http().post(`${rbase()}/payment-files`).expect(409)).body.code).toBe('FILE_OPEN');

    // H001 is paid 100.00 alone: the file's 11,367.39 is now more than is owed.
    await treasurer
      .http()
      .post(`${rbase()}/payments`)
      .send({ household: 'H001', amount: '100.00', date: '2026-04-12', bankReference: 'CASH-H001' })
      .expect(201);
    const before = await t.db.query(`SELECT count(*)::int AS n FROM voucher WHERE book_id = $1`, [village.id]);
    const refused = await treasurer
      .http()
      .post(`${rbase()}/payment-files/${file.body.id}/confirm`)
      .send({ paidOn: '2026-04-15', bankReference: 'BATCH-1' })
      .expect(409);
    expectRefusal(refused.body, 'OVERPAYMENT', 'file');
    expect(refused.body.message).toContain('H001');
    const after = await t.db.query(`SELECT count(*)::int AS n FROM voucher WHERE book_id = $1`, [village.id]);
    expect(after[0].n).toBe(before[0].n);
    seen(await treasurer.http().post(`${rbase()}/payment-files/${file.body.id}/cancel`).expect(200));
  });

  let fileId: string;
  it('the bank file: CSV with a BOM, the documented columns, whole accounts (audited), RFC 4180 quoting and the formula guard', async () => {
    const file = seen(await treasurer.http().post(`${rbase()}/payment-files`).expect(201));
    fileId = file.body.id;
    expect(file.body).toMatchObject({ number: 2, total: '27686.96', lineCount: 4 });
    // Another village's treasurer and the auditor never get it.
    await otherTreasurer.http().get(`${rbase()}/payment-files/${fileId}?format=csv`).expect(403);
    await auditor.http().get(`${rbase()}/payment-files/${fileId}?format=csv`).expect(403);
    const masked = seen(await auditor.http().get(`${rbase()}/payment-files/${fileId}`).expect(200));
    expect(JSON.stringify(masked.body)).not.toMatch(/6217000012341234|6228480011112222333|6217000055556666|6222021234567890/);

    const res = await treasurer
      .http()
      .get(`${rbase()}/payment-files/${fileId}?format=csv`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const summary = '程壁村2025年度股金分红';
    expect(bytes.subarray(3).toString('utf8')).toBe(
      [
        '户编码,户主,开户行,账号,金额,摘要',
        `H001,弓长东,中国农业银行定湖支行,6217000012341234,11267.39,${summary}`,
        `H002,张三,"农行""定湖""支行",6228480011112222333,3789.13,${summary}`,
        `H003,欧阳娜娜,"中国银行, 韩洪分理处",6217000055556666,7578.26,${summary}`,
        `H004,'=李四,中国工商银行,6222021234567890,5052.18,${summary}`,
        '',
      ].join('\r\n'),
    );
    const audit = await t.db.query(
      `SELECT action, entity FROM audit_log WHERE entity_id IN ($1, $2) AND action IN ('read-unmasked', 'download') ORDER BY id`,
      [village.id, fileId],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['read-unmasked', 'download']));
  });

  it('confirming the file posts one voucher a household, once, however often and concurrently it is confirmed', async () => {
    const body = { paidOn: '2026-04-15', bankReference: 'BATCH-2' };
    const url = `${rbase()}/payment-files/${fileId}/confirm`;
    const [a, b] = await Promise.all([treasurer.http().post(url).send(body), t.http().post(url).send(body)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.status).toBe('confirmed');
    expect(b.body).toEqual(a.body);
    expect(a.body.payments.map((p: { householdCode: string; amount: string }) => [p.householdCode, p.amount])).toEqual([
      ['H001', '11267.39'],
      ['H002', '3789.13'],
      ['H003', '7578.26'],
      ['H004', '5052.18'],
    ]);
    const again = seen(await treasurer.http().post(url).send(body).expect(200));
    expect(again.body).toEqual(a.body);
    const different = await treasurer
      .http()
      .post(url)
      .send({ ...body, bankReference: 'BATCH-3' })
      .expect(409);
    expect(different.body.code).toBe('FILE_CONFIRMED');
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM voucher v JOIN village_payment p ON p.voucher_id = v.id WHERE p.file_id = $1 AND v.source_type = 'village-payment'`,
      [fileId],
    );
    expect(n).toBe(4);
  });

  it('a single payment never beyond what is owed; then every household is paid', async () => {
    const over = await treasurer
      .http()
      .post(`${rbase()}/payments`)
      .send({ household: 'H005', amount: '1263.05', date: '2026-04-16', bankReference: 'CASH-H005' })
      .expect(409);
    expectRefusal(over.body, 'OVERPAYMENT', 'amount');
    await treasurer
      .http()
      .post(`${rbase()}/payments`)
      .send({ household: 'H002', amount: '0.01', date: '2026-04-16', bankReference: 'CASH-H002' })
      .expect(409);
    const paid = await treasurer
      .http()
      .post(`${rbase()}/payments`)
      .send({ household: 'H005', amount: '1263.04', date: '2026-04-16', bankReference: 'CASH-H005' })
      .expect(201);
    seen(paid);
    seen(await t.http().get(`${rbase()}/payments`).expect(200));
    seen(await t.http().get(`${rbase()}/payment-files`).expect(200));
    seen(await t.http().get(`${vbase()}/runs?year=2025`).expect(200));
    expect(paid.body).toMatchObject({ householdCode: 'H005', amount: '1263.04', status: 'posted', fileId: null });

    const s = seen(await auditor.http().get(rbase()).expect(200)).body;
    expect(s.totals).toEqual({ amount: '29050.00', paid: '29050.00', outstanding: '0.00' });
    // Nothing is left for a new payment file.
    expect((await treasurer.http().post(`${rbase()}/payment-files`).expect(409)).body.code).toBe('NOTHING_TO_PAY');
    for (const h of s.households)
      expect({ code: h.code, paid: h.paid, outstanding: h.outstanding }).toEqual({
        code: h.code,
        paid: EXPECTED[h.code],
        outstanding: '0.00',
      });
    await otherTreasurer.http().get(rbase()).expect(403);
  });

  it('both chains verify; the village trial balance owes no household; the run cannot be reversed while paid', async () => {
    const p = await t.http().get(`/api/projects/${park.projectId}/ledger/verify`).expect(200);
    expect(p.body.ok).toBe(true);
    const v = await t.http().get(`${vbase()}/ledger/verify`).expect(200);
    expect(v.body.ok).toBe(true);
    const r = await checker.http().post(`${rbase()}/reverse`).send({ reason: '测试' }).expect(409);
    expect(r.body.code).toBe('RUN_PAID');
    const rc = seen(await t.http().get(`${rbase()}/recompute`).expect(200));
    expect(rc.body).toMatchObject({ identical: true, records: { identical: true, differences: [] } });
    const tb = (await t.http().get(`${vbase()}/reports/trial-balance?asOf=2026-04-30`).expect(200)).body;
    expect(tb.balanced).toBe(true);
    expect(closing(tb, '211')).toEqual({ side: 'flat', amount: '0.00' });
    // 102: 34,500.00 received less 29,050.00 paid out.
    expect(closing(tb, '102')).toEqual({ side: 'debit', amount: '5450.00' });
  });

  it('other income of a year whose member run is posted is booked with a warning that the run does not share it', async () => {
    const late = seen(
      await treasurer
        .http()
        .post(`${vbase()}/book/other-income`)
        .send({ date: '2025-12-30', amount: '800.00', summary: '补记租金' })
        .expect(201),
    );
    expect(late.body.warnings).toEqual(['2025 年度的成员分红已经入账，这笔收入不在其中：要分给成员，须冲销该次分红后重新计算']);
    const next = seen(
      await treasurer
        .http()
        .post(`${vbase()}/book/other-income`)
        .send({ date: '2026-04-20', amount: '100.00', summary: '租金' })
        .expect(201),
    );
    expect(next.body.warnings).toBeUndefined();
  });

  it('every answer seen conforms to the OpenAPI document', async () => {
    const doc: OpenApiDocument = (await t.anonymous().get('/api/docs-json').expect(200)).body;
    const wrong: string[] = [];
    const operations = new Set<string>();
    for (const res of answers) {
      const req = (res as unknown as { req: { method: string; path: string } }).req;
      const found = operationOf(doc, req.method, req.path);
      if (!found) {
        wrong.push(`${req.method} ${req.path}: no operation`);
        continue;
      }
      operations.add(`${req.method} ${found.path}`);
      const schema: Schema | undefined = found.op.responses[String(res.status)]?.content?.['application/json']?.schema;
      if (!schema) wrong.push(`${req.method} ${found.path} ${res.status}: not documented`);
      else wrong.push(...disagreements(doc, schema, res.body).map((d) => `${req.method} ${found.path}: ${d}`));
    }
    expect(wrong).toEqual([]);
    expect(operations.size).toBeGreaterThanOrEqual(12);
  });
});
