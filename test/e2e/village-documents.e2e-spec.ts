import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { disagreements, OpenApiDocument, operationOf, Schema } from '../support/openapi-schema';
import { createTestApp, SignedInUser, TestApp } from '../support/test-app';
import { addResult, buildPark, fixture, Park } from './ledger.fixture';

/** Collects a binary body (PDF, XLSX, CSV) as a Buffer: a supertest parser, which gets the response as a stream. */
function binary(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'village-documents-'));
let files = 0;
function pdfFile(pdf: Buffer): string {
  const file = path.join(tmp, `d${++files}.pdf`);
  fs.writeFileSync(file, pdf);
  return file;
}
/** The text pdftotext reads from a PDF (selectable text), with its layout; pages are separated by form feeds. */
const pdfText = (pdf: Buffer) => execFileSync('pdftotext', ['-layout', pdfFile(pdf), '-'], { encoding: 'utf8' });
const pdfPages = (pdf: Buffer) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfFile(pdf)], { encoding: 'utf8' }))![1]);
/** The UTF-8 file name of a Content-Disposition header (RFC 5987). */
function fileName(res: Response): string {
  return decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(res.headers['content-disposition'])![1]);
}
/** A minimal RFC 4180 reader: quoted fields with doubled quotes, commas and line breaks inside. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (quoted || (c !== ',' && c !== '\n' && c !== '\r')) {
      field += c;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    }
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
const fen = (s: string) => BigInt(s.replace('.', ''));

/** The village's four households: full names and account numbers that the notice board must never show. */
const HOUSEHOLDS = [
  { code: 'H001', headName: '弓长东', bankAccount: '6217000012341234', units: { POP: '3', LAB: '10' } },
  { code: 'H002', headName: '张三', bankAccount: '6217000056785678', units: { POP: '2', LAB: '4.5' } },
  { code: 'H003', headName: '欧阳娜娜', bankAccount: '6228480011112222', units: { POP: '4', AID: '2' } },
  { code: 'H004', headName: '李四', bankAccount: '6230520033334444', units: { POP: '1', LAB: '0.333333' } },
];
/** 30,400.00 shared over 19.4166665 by largest remainder (computed independently with exact fractions). */
const AMOUNTS: Record<string, string> = { H001: '12525.32', H002: '6654.08', H003: '9393.99', H004: '1826.61' };

/**
 * Issue 16's documents end to end: the seed's park (程壁村's 2025 dividend 34,500.00) posted, 程壁村's book opened
 * with 1,500.00 other income, four households and their shares, a policy keeping 10% and 2,000.00, the member run
 * prepared by the treasurer, approved by the accountant, posted, one household paid; then every document read back
 * with pdftotext, exceljs and a CSV reader.
 */
describe('village run documents: 户分红单, 成员分红公示表 and 成员分红明细表', () => {
  let t: TestApp;
  let checker: SignedInUser;
  let treasurer: SignedInUser;
  let auditor: SignedInUser;
  let stranger: SignedInUser;
  let park: Park;
  let village: Park['villages'][number];
  let runId: string;
  const runs = () => `/api/villages/${village.id}/runs`;
  const get = (url: string, user?: SignedInUser) => (user ?? t.accountant).http().get(url).buffer(true).parse(binary);

  beforeAll(async () => {
    t = await createTestApp();
    checker = await t.signIn('accountant');
    auditor = await t.signIn('auditor');
    park = await buildPark(t, fixture('01-seed-dinghu-2025.json'));
    village = park.villages[0];
    treasurer = await t.signIn('treasurer', village.code);
    stranger = await t.signIn('treasurer', park.villages[1].code);
    const project = `/api/projects/${park.projectId}`;
    await addResult(t, park.projectId, 2025, '1860000.00', '1650000.00');
    const projectRun = (await t.http().post(`${project}/runs`).send({ year: 2025 }).expect(201)).body.id;
    await checker.http().post(`${project}/runs/${projectRun}/approve`).expect(200);
    await t.http().post(`${project}/runs/${projectRun}/post`).send({ date: '2026-01-15' }).expect(200);

    const v = `/api/villages/${village.id}`;
    await treasurer.http().post(`${v}/book`).send({ openedOn: '2025-01-01' }).expect(201);
    await treasurer
      .http()
      .post(`${v}/book/other-income`)
      .send({ date: '2025-12-20', amount: '1500.00', summary: '村集体房屋出租收入' })
      .expect(201);
    for (const h of HOUSEHOLDS) {
      await treasurer
        .http()
        .post(`${v}/households`)
        .send({ code: h.code, headName: h.headName, idLast4: '123X', bankName: '沁县农村信用合作联社', bankAccount: h.bankAccount })
        .expect(201);
    }
    await treasurer
      .http()
      .post(`${v}/share-registers`)
      .send({
        registeredOn: '2025-06-30',
        kinds: [
          { code: 'POP', name: '人口股' },
          { code: 'LAB', name: '劳龄股' },
          { code: 'AID', name: '帮扶股' },
        ],
        holdings: HOUSEHOLDS.flatMap((h) => Object.entries(h.units).map(([kind, units]) => ({ household: h.code, kind, units }))),
      })
      .expect(201);
    await treasurer
      .http()
      .post(`${v}/policies`)
      .send({
        effectiveFromYear: 2025,
        policy: {
          keeps: [
            { code: 'reserve', name: '公积公益金', rate: '0.10' },
            { code: 'welfare', name: '公益事业', amount: '2000.00' },
          ],
          weights: { POP: '1', LAB: '0.5', AID: '1' },
        },
      })
      .expect(201);
    runId = (await treasurer.http().post(runs()).send({ year: 2025 }).expect(201)).body.id;
    await checker.http().post(`${runs()}/${runId}/approve`).expect(200);
    await treasurer.http().post(`${runs()}/${runId}/post`).send({ date: '2026-01-20' }).expect(200);
    await treasurer
      .http()
      .post(`${runs()}/${runId}/payments`)
      .send({ household: 'H001', amount: '12525.32', date: '2026-01-25', bankReference: 'VD-1' })
      .expect(201);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the statement the documents stand on: 36,000.00 in, 5,600.00 kept, 30,400.00 shared, H001 paid', async () => {
    const s = (await t.http().get(`${runs()}/${runId}/statement`).expect(200)).body;
    expect(s).toMatchObject({ status: 'posted', year: 2025, villageCode: village.code, villageName: '程壁村' });
    expect(s.income.total).toBe('36000.00');
    expect(s.kept).toBe('5600.00');
    expect(s.shared).toBe('30400.00');
    expect(Object.fromEntries(s.households.map((h: { code: string; amount: string }) => [h.code, h.amount]))).toEqual(AMOUNTS);
    expect(s.totals).toEqual({ amount: '30400.00', paid: '12525.32', outstanding: '17874.68' });
  });

  it('户分红单 PDF: one page per household with its name, units, the 大写 amount, paid, the status and the digest', async () => {
    const json = (await t.http().get(`${runs()}/${runId}/slips`).expect(200)).body;
    expect(json.slips).toHaveLength(4);
    expect(json.totalWeight).toBe('19.4166665');
    expect(json.slips[0]).toMatchObject({
      code: 'H001',
      headName: '弓长东',
      weight: '8',
      amount: '12525.32',
      amountInWords: '人民币壹万贰仟伍佰贰拾伍元叁角贰分',
      paid: '12525.32',
      outstanding: '0.00',
    });
    expect(json.slips[0].units).toContainEqual({ kind: 'LAB', name: '劳龄股', units: '10', weight: '0.5', weighted: '5' });
    const res = await get(`${runs()}/${runId}/slips?format=pdf`, treasurer).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(fileName(res)).toBe(`户分红单-${village.code}-2025.pdf`);
    expect(pdfPages(res.body)).toBe(4);
    const pages = pdfText(res.body)
      .split('\f')
      .filter((p) => p.trim());
    expect(pages).toHaveLength(4);
    json.slips.forEach((slip: { code: string; headName: string; amountInWords: string }, i: number) => {
      for (const s of [
        slip.code,
        slip.headName,
        slip.amountInWords,
        '户分红单',
        '程壁村',
        '已入账',
        `#${json.digest.sequence} ${json.digest.hash.slice(0, 12)}`,
      ])
        expect([i, s, pages[i].includes(s)]).toEqual([i, s, true]);
    });
    expect(pages[0]).toContain('¥12,525.32');
    expect(pages[1]).toContain('人民币陆仟陆佰伍拾肆元零捌分');
  });

  it('户分红单 of one household: one page named for it; an unknown household 404; no XLSX', async () => {
    const res = await get(`${runs()}/${runId}/slips?format=pdf&household=H003`).expect(200);
    expect(fileName(res)).toBe(`户分红单-${village.code}-2025-H003.pdf`);
    expect(pdfPages(res.body)).toBe(1);
    const text = pdfText(res.body);
    expect(text).toContain('欧阳娜娜');
    expect(text).toContain('人民币玖仟叁佰玖拾叁元玖角玖分');
    expect(text).not.toContain('弓长东');
    await t.http().get(`${runs()}/${runId}/slips?household=H999`).expect(404);
    expect((await t.http().get(`${runs()}/${runId}/slips?format=xlsx`).expect(400)).body.code).toBe('UNKNOWN_FORMAT');
  });

  it('成员分红公示表 PDF: masked names and codes only: no full name, no account number (whole, masked or its last four)', async () => {
    const json = (await t.http().get(`${runs()}/${runId}/publicity`).expect(200)).body;
    expect(json.households.map((h: { maskedName: string }) => h.maskedName)).toEqual(['弓*东', '张*', '欧**娜', '李*']);
    expect(json.totals).toMatchObject({ weight: '19.4166665', amount: '30400.00' });
    expect(json.qr).toBe(`${village.code} 2025 #${json.digest.sequence} ${json.digest.hash}`);
    const raw = JSON.stringify(json);
    for (const h of HOUSEHOLDS) for (const secret of [h.headName, h.bankAccount]) expect(raw).not.toContain(secret);
    expect(raw).not.toMatch(/\*{4} \*{4}|bank|account|idLast4/i);

    const res = await get(`${runs()}/${runId}/publicity?format=pdf`, treasurer).expect(200);
    expect(fileName(res)).toBe(`成员分红公示表-${village.code}-2025.pdf`);
    const text = pdfText(res.body);
    for (const s of [
      '成员分红公示表',
      '弓*东',
      '欧**娜',
      'H004',
      '提取公积公益金',
      '¥3,600.00',
      '¥30,400.00',
      '公示期',
      `#${json.digest.sequence}`,
    ])
      expect([s, text.includes(s)]).toEqual([s, true]);
    // What may hold any digits (the hash, its short form, the village's test code) is taken out first.
    const withoutHash = [json.digest.hash, json.digest.hash.slice(0, 12), village.code].reduce((x, cut) => x.split(cut).join(''), text);
    for (const h of HOUSEHOLDS) {
      for (const secret of [h.headName, h.bankAccount, h.bankAccount.slice(-4), h.bankAccount.slice(0, 4)])
        expect([secret, withoutHash.includes(secret)]).toEqual([secret, false]);
    }
    expect(withoutHash).not.toMatch(/\*{4} \*{4}/);
  });

  it('成员分红公示表 XLSX: amounts are numbers, the totals row equals the JSON, no full name; no CSV', async () => {
    const json = (await t.http().get(`${runs()}/${runId}/publicity`).expect(200)).body;
    const res = await get(`${runs()}/${runId}/publicity?format=xlsx`).expect(200);
    expect(fileName(res)).toBe(`成员分红公示表-${village.code}-2025.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body);
    const sheet = book.getWorksheet('各户分红')!;
    const header = sheet.getRow(1).values as unknown[];
    const col = (title: string) => header.indexOf(title);
    json.households.forEach((h: { code: string; maskedName: string; amount: string }, i: number) => {
      const row = sheet.getRow(2 + i);
      expect([row.getCell(col('户编码')).value, row.getCell(col('户主')).value]).toEqual([h.code, h.maskedName]);
      expect(row.getCell(col('分红金额')).value).toBe(Number(h.amount));
      expect(row.getCell(col('分红金额')).numFmt).toBe('#,##0.00');
    });
    const totals = sheet.getRow(2 + json.households.length);
    expect(totals.getCell(1).value).toBe('合计');
    expect(totals.getCell(col('分红金额')).value).toBe(Number(json.totals.amount));
    const all: string[] = [];
    book.eachSheet((s) => s.eachRow((r) => all.push(JSON.stringify(r.values))));
    for (const h of HOUSEHOLDS) expect(all.join('\n')).not.toContain(h.headName);
    expect((await t.http().get(`${runs()}/${runId}/publicity?format=csv`).expect(400)).body.code).toBe('UNKNOWN_FORMAT');
  });

  it('成员分红明细表: PDF with every household and who handled it; XLSX totals = JSON; CSV with a BOM that parses', async () => {
    // The printed statement signs with display names; the JSON keeps the logins.
    const admin = await t.signIn('admin');
    await admin.http().patch(`/api/users/${checker.id}`).send({ displayName: '李审核' }).expect(200);
    const json = (await t.http().get(`${runs()}/${runId}/statement`).expect(200)).body;
    expect([json.preparedBy, json.approvedBy, json.postedBy]).toEqual([treasurer.login, checker.login, treasurer.login]);
    const pdf = await get(`${runs()}/${runId}/statement?format=pdf`).expect(200);
    expect(fileName(pdf)).toBe(`成员分红明细表-${village.code}-2025.pdf`);
    const text = pdfText(pdf.body);
    for (const s of [
      '成员分红明细表',
      '程壁村',
      ...HOUSEHOLDS.map((h) => h.headName),
      '¥30,400.00',
      '¥17,874.68',
      '李审核',
      treasurer.login,
    ])
      expect([s, text.includes(s)]).toEqual([s, true]);
    expect(text).toContain(`#${json.digest.sequence} ${json.digest.hash.slice(0, 12)}`);

    const xlsx = await get(`${runs()}/${runId}/statement?format=xlsx`).expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body);
    const sheet = book.getWorksheet('各户分红')!;
    const header = sheet.getRow(1).values as unknown[];
    const totals = sheet.getRow(2 + json.households.length);
    for (const [title, key] of [
      ['分红金额', 'amount'],
      ['已付', 'paid'],
      ['未付', 'outstanding'],
    ] as const) {
      expect([title, totals.getCell(header.indexOf(title)).value]).toEqual([title, Number(json.totals[key])]);
    }

    const csv = await get(`${runs()}/${runId}/statement?format=csv`).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(fileName(csv)).toBe(`成员分红明细表-${village.code}-2025.csv`);
    const raw: Buffer = csv.body;
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(raw.subarray(3).toString('utf8'));
    const head = rows.findIndex((r) => r[0] === '户编码');
    const cols = rows[head];
    const lines = rows.slice(head + 1, head + 1 + HOUSEHOLDS.length);
    expect(lines.map((r) => [r[0], r[1], r[cols.indexOf('分红金额')]])).toEqual(
      HOUSEHOLDS.map((h) => [h.code, h.headName, AMOUNTS[h.code]]),
    );
    const sum = (key: string) => lines.reduce((a, r) => a + fen(r[cols.indexOf(key)]), 0n);
    expect([sum('分红金额'), sum('已付'), sum('未付')]).toEqual([
      fen(json.totals.amount),
      fen(json.totals.paid),
      fen(json.totals.outstanding),
    ]);
    const totalsRow = rows[head + 1 + HOUSEHOLDS.length];
    expect([totalsRow[0], totalsRow[cols.indexOf('分红金额')], totalsRow[cols.indexOf('未付')]]).toEqual(['合计', '30400.00', '17874.68']);
  });

  it('the JSON answers are what the OpenAPI document says, property by property', async () => {
    const doc: OpenApiDocument = (await t.anonymous().get('/api/docs-json').expect(200)).body;
    const wrong: string[] = [];
    for (const name of ['slips', 'publicity', 'statement', 'slips?household=H002']) {
      const url = `${runs()}/${runId}/${name}`;
      const found = operationOf(doc, 'GET', url.split('?')[0])!;
      expect(found.op.summary).toMatch(/[\u4e00-\u9fff]/);
      const schema: Schema = found.op.responses['200'].content!['application/json'].schema!;
      const body = (await t.http().get(url).expect(200)).body;
      wrong.push(...disagreements(doc, schema, body).map((d) => `${name}: ${d}`));
    }
    expect(wrong).toEqual([]);
  });

  it('who reads them: the village treasurer, accountant and auditor; another village’s treasurer is refused', async () => {
    for (const user of [treasurer, auditor, checker]) {
      for (const doc of ['slips', 'publicity', 'statement']) await user.http().get(`${runs()}/${runId}/${doc}`).expect(200);
    }
    for (const doc of ['slips?format=pdf', 'publicity?format=pdf', 'statement?format=csv']) {
      const res = await stranger.http().get(`${runs()}/${runId}/${doc}`);
      expect([doc, res.status]).toEqual([doc, 403]);
    }
    // A run of another village under this village's path is not found.
    await t.http().get(`/api/villages/${park.villages[1].id}/runs/${runId}/slips`).expect(404);
  });

  it('the village book’s trial balance as PDF and XLSX, by the project’s builders', async () => {
    const url = `/api/villages/${village.id}/reports/trial-balance?asOf=2026-12-31`;
    const json = (await t.http().get(url).expect(200)).body;
    const pdf = await get(`${url}&format=pdf`, treasurer).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfText(pdf.body);
    for (const s of ['科目余额表', '应付款', '¥17,874.68']) expect([s, text.includes(s)]).toEqual([s, true]);
    const xlsx = await get(`${url}&format=xlsx`).expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body);
    const sheet = book.worksheets[0];
    const values: unknown[] = [];
    sheet.eachRow((r) => values.push(...(r.values as unknown[])));
    expect(values).toContain('211-H002');
    expect(json.rows.some((r: { account: string }) => r.account === '211-H002')).toBe(true);
  });

  it('the village book’s journal as PDF and XLSX: the member run’s vouchers and H001’s payment', async () => {
    const journal = `/api/villages/${village.id}/ledger/vouchers`;
    const jpdf = await get(`${journal}?format=pdf`, treasurer).expect(200);
    expect(jpdf.headers['content-type']).toBe('application/pdf');
    const jtext = pdfText(jpdf.body);
    for (const s of ['211-H001', '支付H001户', '¥12,525.32', `村：`]) expect([s, jtext.includes(s)]).toEqual([s, true]);
    const jxlsx = await get(`${journal}?format=xlsx`).expect(200);
    const jbook = new ExcelJS.Workbook();
    await jbook.xlsx.load(jxlsx.body);
    const cells: unknown[] = [];
    jbook.worksheets[0].eachRow((r) => cells.push(...(r.values as unknown[])));
    expect(cells).toContain(12525.32);
  });
});
