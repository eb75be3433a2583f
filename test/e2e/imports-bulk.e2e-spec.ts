import ExcelJS from 'exceljs';
import { createTestApp, SignedInUser, TestApp, uniqueCode } from '../support/test-app';

/**
 * Issue 12, import speed: new townships, villages, participants and capital history are written in bulk, checked in
 * memory, with one audit entry for the import. These cases pin that the bulk path refuses what one-by-one entry
 * refuses, with the same words, and writes what it would.
 */
async function xlsx(sheets: Record<string, Array<Array<string | number | null>>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const TABLES = ['township', 'village', 'project', 'project_village', 'capital_event', 'opening_balance', 'voucher', 'audit_log'];

describe('imports: the bulk path refuses and writes as one-by-one entry does', () => {
  let t: TestApp;
  let checker: SignedInUser;
  const p = uniqueCode('K').slice(0, 10);
  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of TABLES) out[table] = (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
    return out;
  };

  beforeAll(async () => {
    t = await createTestApp();
    checker = await t.signIn('accountant');
  });
  afterAll(async () => {
    await t.close();
  });

  /** Three villages, two of them in a project that moves in on 2024-12-31, and the capital rows given. */
  const park = (capital: Array<Array<string | number | null>>) =>
    xlsx({
      乡镇: [
        ['编码', '名称'],
        [`${p}T`, '郭道镇'],
      ],
      村: [
        ['编码', '名称', '乡镇编码'],
        [`${p}A`, '甲村', `${p}T`],
        [`${p}B`, '乙村', `${p}T`],
        [`${p}C`, '丙村', `${p}T`],
        [`${p}D`, '丁村', `${p}NOPE`],
      ],
      项目: [
        ['编码', '名称', '开始日期'],
        [`${p}P`, '园区', '2019-01-01'],
      ],
      参与村: [
        ['项目编码', '村编码'],
        [`${p}P`, `${p}A`],
        [`${p}P`, `${p}B`],
        [`${p}P`, `${p}Z`],
      ],
      出资: [['项目编码', '村编码', '日期', '金额', '方式', '资金来源', '凭据号'], ...capital],
      期初余额: [
        ['项目编码', '截止日', '科目', '借方', '贷方'],
        [`${p}P`, '2024-12-31', '102', 300, 0],
        [`${p}P`, '2024-12-31', `301-${p}A`, 0, 100],
        [`${p}P`, '2024-12-31', `301-${p}B`, 0, 200],
      ],
    });

  it('says every refusal on its row, in the services’ words, and writes nothing', async () => {
    const before = await counts();
    const book = await park([
      [`${p}P`, `${p}A`, '2019-03-01', 100, '现金', null, 'R-1'],
      [`${p}P`, `${p}A`, '2020-03-01', -150, '现金', null, 'R-2'], // history below zero
      [`${p}P`, `${p}C`, '2020-03-01', 50, '现金', null, 'R-3'], // not taking part
      [`${p}P`, `${p}B`, '2020-03-01', 0, '现金', null, 'R-4'], // zero
      [`${p}P`, `${p}B`, '2020-04-01', 200, '现金', null, 'R-5'],
      [`${p}P`, `${p}Y`, '2020-04-01', 200, '现金', null, 'R-6'], // no such village
      [`${p}X`, `${p}B`, '2020-04-01', 200, '现金', null, 'R-7'], // no such project
    ]);
    const res = await t.http().post('/api/imports').attach('file', book, 'park.xlsx').expect(400);
    expect(
      res.body.errors.map((e: { sheet: string; row: number; column: string; message: string }) => [e.sheet, e.row, e.column, e.message]),
    ).toEqual([
      ['村', 5, '乡镇编码', `没有代码为 "${p}NOPE" 的乡镇`],
      ['参与村', 4, '村编码', `没有代码为 "${p}Z" 的村`],
      ['出资', 3, '金额', `村 ${p}A 的出资余额在 2020-03-01 日终将为 -50.00；村的出资余额任何一天都不能低于零`],
      ['出资', 4, '村编码', `村 ${p}C 没有参与本项目`],
      ['出资', 5, '金额', '不能为零'],
      ['出资', 7, '村编码', `没有代码为 "${p}Y" 的村`],
      ['出资', 8, '项目编码', `没有编码为 "${p}X" 的项目：请在项目表中列出它`],
    ]);
    expect(await counts()).toEqual(before);
  });

  let projectId: string;
  it('writes the good rows in bulk with one audit entry for the import (the project and the opening draft have their own)', async () => {
    const before = await counts();
    const rows = [
      [`${p}P`, `${p}A`, '2019-03-01', 100, '现金', null, 'R-1'],
      [`${p}P`, `${p}A`, '2020-03-01', -100, '现金', null, 'R-2'],
      [`${p}P`, `${p}A`, '2021-03-01', 100, '实物', '财政衔接资金', 'R-3'],
      [`${p}P`, `${p}B`, '2020-04-01', 200, '现金', null, 'R-5'],
    ];
    const book = await xlsx({
      乡镇: [
        ['编码', '名称'],
        [`${p}T`, '郭道镇'],
      ],
      村: [
        ['编码', '名称', '乡镇编码'],
        [`${p}A`, '甲村', `${p}T`],
        [`${p}B`, '乙村', null],
      ],
      项目: [
        ['编码', '名称', '开始日期'],
        [`${p}P`, '园区', '2019-01-01'],
      ],
      参与村: [
        ['项目编码', '村编码'],
        [`${p}P`, `${p}A`],
        [`${p}P`, `${p}B`],
      ],
      出资: [['项目编码', '村编码', '日期', '金额', '方式', '资金来源', '凭据号'], ...rows],
      期初余额: [
        ['项目编码', '截止日', '科目', '借方', '贷方'],
        [`${p}P`, '2024-12-31', '102', 300, 0],
        [`${p}P`, '2024-12-31', `301-${p}A`, 0, 100],
        [`${p}P`, '2024-12-31', `301-${p}B`, 0, 200],
      ],
    });
    const res = await t.http().post('/api/imports').attach('file', book, 'park.xlsx').expect(200);
    expect(res.body.sheets).toMatchObject({
      townships: { created: 1 },
      villages: { created: 2 },
      participants: { created: 2 },
      capital: { created: 4 },
      opening: { created: 1 },
    });
    const after = await counts();
    expect(Object.fromEntries(TABLES.map((x) => [x, after[x] - before[x]]))).toEqual({
      township: 1,
      village: 2,
      project: 1,
      project_village: 2,
      capital_event: 4,
      opening_balance: 1,
      voucher: 0,
      audit_log: 3,
    });
    const trail = await t.db.query(`SELECT entity, action FROM audit_log ORDER BY id DESC LIMIT 3`);
    expect(trail.map((e: { entity: string; action: string }) => `${e.entity}:${e.action}`)).toEqual([
      'import:import',
      'opening-balance:create',
      'project:create',
    ]);
    const [project] = await t.db.query('SELECT id FROM project WHERE code = $1', [`${p}P`]);
    projectId = project.id;
    const events = await t.db.query(
      `SELECT v.code, to_char(e.event_date, 'YYYY-MM-DD') AS date, e.amount::text AS amount, e.kind, e.fund_source AS source, e.reference
         FROM capital_event e JOIN village v ON v.id = e.village_id WHERE e.project_id = $1 ORDER BY e.reference`,
      [projectId],
    );
    expect(events).toEqual([
      { code: `${p}A`, date: '2019-03-01', amount: '100.00', kind: 'cash', source: null, reference: 'R-1' },
      { code: `${p}A`, date: '2020-03-01', amount: '-100.00', kind: 'cash', source: null, reference: 'R-2' },
      { code: `${p}A`, date: '2021-03-01', amount: '100.00', kind: 'asset', source: '财政衔接资金', reference: 'R-3' },
      { code: `${p}B`, date: '2020-04-01', amount: '200.00', kind: 'cash', source: null, reference: 'R-5' },
    ]);
    const [b] = await t.db.query('SELECT township_id FROM village WHERE code = $1', [`${p}B`]);
    expect(b.township_id).toBeNull();
  });

  it('once the opening balance is posted, history is refused as CapitalService refuses it; later events post vouchers', async () => {
    const base = `/api/projects/${projectId}`;
    const [doc] = (await t.http().get(`${base}/opening-balances`).expect(200)).body;
    await checker.http().post(`${base}/opening-balances/${doc.id}/approve`).expect(200);
    await t.http().post(`${base}/opening-balances/${doc.id}/post`).expect(200);
    const csv = (body: string) => Buffer.from(`项目编码,村编码,日期,金额,方式,凭据号\n${body}`);
    const late = await t
      .http()
      .post('/api/imports')
      .attach('file', csv(`${p}P,${p}A,2024-06-30,10.00,现金,R-8\n${p}P,${p}B,2025-01-02,10.00,现金,R-9\n`), '出资.csv')
      .expect(400);
    expect(late.body.errors.map((e: { row: number; column: string; message: string }) => [e.row, e.column, e.message])).toEqual([
      [2, '日期', '期初余额已入账：期初日期 2024-12-31 及以前的出资是旧账中的历史，不能再登记或更正；如要更正，请先冲销期初余额'],
    ]);
    const ok = await t
      .http()
      .post('/api/imports')
      .attach('file', csv(`${p}P,${p}B,2025-01-02,10.00,现金,R-9\n`), '出资.csv')
      .expect(200);
    expect(ok.body).toMatchObject({ sheets: { capital: { created: 1 } }, vouchersPosted: 1 });
  });

  it('posts later events’ vouchers per project, numbered and chained as one by one, and refuses a date as the writer does', async () => {
    const base = `/api/projects/${projectId}`;
    const direct = await t
      .http()
      .post(`${base}/capital-events`)
      .send({ villageCode: `${p}A`, date: '2099-01-01', amount: '5.00', kind: 'cash' })
      .expect(400);
    const csv = (rows: string[]) => Buffer.from(`项目编码,村编码,日期,金额,方式,凭据号\n${rows.join('\n')}\n`);
    const good = [`${p}P,${p}A,2025-02-01,50.00,现金,R-10`, `${p}P,${p}B,2025-03-01,-15.00,现金,R-11`];
    const before = await counts();
    const bad = await t
      .http()
      .post('/api/imports')
      .attach('file', csv([...good, `${p}P,${p}A,2099-01-01,5.00,现金,R-12`]), '出资.csv')
      .expect(400);
    expect(bad.body.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([[4, '日期']]);
    // The same words; the API puts the field's label before them, the import the sheet, row and column.
    expect(bad.body.errors[0].message).toMatch(/^2099-01-01 晚于今天/);
    expect(direct.body.errors[0].message).toBe(`出资日期：${bad.body.errors[0].message}`);
    expect(await counts()).toEqual(before);
    const ok = await t.http().post('/api/imports').attach('file', csv(good), '出资.csv').expect(200);
    expect(ok.body).toMatchObject({ sheets: { capital: { created: 2 } }, vouchersPosted: 2 });
    const vouchers = await t.db.query(
      `SELECT v.sequence::int AS sequence, v.number, v.summary, e.reference
         FROM voucher v LEFT JOIN capital_event e ON e.id::text = v.source_id WHERE v.book_id = $1 ORDER BY v.sequence`,
      [projectId],
    );
    expect(vouchers).toEqual([
      { sequence: 1, number: '2024-12-0001', summary: '期初余额', reference: null },
      { sequence: 2, number: '2025-01-0001', summary: '收到乙村现金出资', reference: 'R-9' },
      { sequence: 3, number: '2025-02-0001', summary: '收到甲村现金出资', reference: 'R-10' },
      { sequence: 4, number: '2025-03-0001', summary: '退还乙村现金出资', reference: 'R-11' },
    ]);
    const participants = (await t.http().get(`${base}/villages`).expect(200)).body;
    expect(participants.map((x: { capital: string }) => x.capital)).toEqual(['150.00', '195.00']);
    expect((await t.http().get(`${base}/ledger/verify`).expect(200)).body).toMatchObject({ ok: true });
  });

  it('writes more rows than one statement holds a batch at a time: every event, its voucher in row order, the chain sound', async () => {
    const base = `/api/projects/${projectId}`;
    // 5,001 rows: one batch of 5,000 (CapitalRows writes and posts a statement's worth at a time), then one more.
    const rows = Array.from({ length: 5001 }, (_, i) => `${p}P,${p}A,2025-04-01,1.00,现金,S-${String(i).padStart(4, '0')}`);
    const res = await t
      .http()
      .post('/api/imports')
      .attach('file', Buffer.from(`项目编码,村编码,日期,金额,方式,凭据号\n${rows.join('\n')}\n`), '出资.csv')
      .expect(200);
    expect(res.body).toMatchObject({ sheets: { capital: { created: 5001 } }, vouchersPosted: 5001 });
    const posted = await t.db.query(
      `SELECT e.reference FROM voucher v JOIN capital_event e ON e.id::text = v.source_id
        WHERE v.book_id = $1 AND e.reference LIKE 'S-%' ORDER BY v.sequence`,
      [projectId],
    );
    expect(posted.map((x: { reference: string }) => x.reference)).toEqual(rows.map((r) => r.split(',')[5]));
    const participants = (await t.http().get(`${base}/villages`).expect(200)).body;
    expect(participants.map((x: { capital: string }) => x.capital)).toEqual(['5151.00', '195.00']);
    expect((await t.http().get(`${base}/ledger/verify`).expect(200)).body).toMatchObject({ ok: true });
  });
});
