import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { createTestApp, SignedInUser, TestApp } from '../support/test-app';
import { addResult, buildPark, fixture, Park } from './ledger.fixture';

/** Collects a binary body (PDF, XLSX) as a Buffer: a supertest parser, which gets the response as a stream. */
function binary(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'documents-'));
let files = 0;
/** The text pdftotext reads from a PDF (selectable text), with its layout. */
function pdfText(pdf: Buffer): string {
  const file = path.join(tmp, `d${++files}.pdf`);
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}
function pdfPages(pdf: Buffer): number {
  const file = path.join(tmp, `d${++files}.pdf`);
  fs.writeFileSync(file, pdf);
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
}
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
const yuan = (n: bigint) => `${n < 0n ? '-' : ''}${(n < 0n ? -n : n) / 100n}.${String((n < 0n ? -n : n) % 100n).padStart(2, '0')}`;

/**
 * Issue 11 end to end: the seed's park (six villages, 500,000.00 each, 2025 result 1,860,000.00 − 1,650,000.00)
 * through the API, one run posted, payments made and one reversed; then every document in its formats, read back
 * with the tools a person would use (pdftotext, exceljs, a CSV reader, hledger).
 */
describe('documents: every report as PDF, XLSX, CSV and the journal for hledger', () => {
  let t: TestApp;
  let checker: SignedInUser;
  let treasurer: SignedInUser;
  let park: Park;
  let runId: string;
  let vouchers: string[];
  const base = () => `/api/projects/${park.projectId}`;
  const get = (url: string, user?: SignedInUser) => (user ?? t.accountant).http().get(url).buffer(true).parse(binary);

  beforeAll(async () => {
    t = await createTestApp();
    checker = await t.signIn('accountant');
    park = await buildPark(t, fixture('01-seed-dinghu-2025.json'));
    treasurer = await t.signIn('treasurer', park.villages[0].code);
    await addResult(t, park.projectId, 2025, '1860000.00', '1650000.00');
    runId = (await t.http().post(`${base()}/runs`).send({ year: 2025 }).expect(201)).body.id;
    await checker.http().post(`${base()}/runs/${runId}/approve`).expect(200);
    vouchers = (await t.http().post(`${base()}/runs/${runId}/post`).send({ date: '2026-01-15' }).expect(200)).body.vouchers;
    const v1 = park.villages[0].code;
    const wrong = await t
      .http()
      .post(`${base()}/payments`)
      .send({ villageCode: v1, amount: '5000.00', date: '2026-01-20', bankReference: 'DOC-1' })
      .expect(201);
    await t.http().post(`${base()}/payments/${wrong.body.id}/reverse`).send({ date: '2026-01-21' }).expect(200);
    await t
      .http()
      .post(`${base()}/payments`)
      .send({ villageCode: v1, amount: '10000.00', date: '2026-01-22', bankReference: 'DOC-2' })
      .expect(201);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('分红明细表 PDF: Chinese title, project, every village, the digest and the page footer, as selectable text', async () => {
    const json = (await t.http().get(`${base()}/runs/${runId}/statement?asOf=2026-02-01`).expect(200)).body;
    const res = await get(`${base()}/runs/${runId}/statement?asOf=2026-02-01&format=pdf`).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(fileName(res)).toMatch(/^分红明细表-P.+-2025\.pdf$/);
    const text = pdfText(res.body);
    for (const s of ['分红明细表', '韩洪乡定湖村飞地香菇园区（首期）', '程壁村', '北坡村', '¥34,500.00', '¥207,000.00'])
      expect([s, text.includes(s)]).toEqual([s, true]);
    expect(text).toContain(`#${json.digest.sequence} ${json.digest.hash.slice(0, 12)}`);
    // Every page carries the footer: 第 x / y 页 with y the PDF's page count.
    const pages = pdfPages(res.body);
    for (let page = 1; page <= pages; page++) expect(text).toMatch(new RegExp(`第\\s*${page}\\s*/\\s*${pages}\\s*页`));
    expect(json.handledBy).toEqual({
      preparedBy: t.accountant.login,
      preparedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      approvedBy: checker.login,
      approvedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      postedBy: t.accountant.login,
      postingDate: '2026-01-15',
    });
    expect(text).toContain(checker.login);
  });

  it('分红明细表 XLSX: money cells are numbers with #,##0.00, the header frozen, totals equal the JSON', async () => {
    const json = (await t.http().get(`${base()}/runs/${runId}/statement?asOf=2026-02-01`).expect(200)).body;
    const res = await get(`${base()}/runs/${runId}/statement?asOf=2026-02-01&format=xlsx`).expect(200);
    expect(fileName(res)).toMatch(/^分红明细表-P.+-2025\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body);
    const sheet = book.getWorksheet('各村分红')!;
    expect(sheet).toBeDefined();
    const header = sheet.getRow(findRow(sheet, '村代码')).values as unknown[];
    const col = (title: string) => header.indexOf(title);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen' });
    const first = findRow(sheet, park.villages[0].code);
    for (let i = 0; i < 6; i++) {
      const row = sheet.getRow(first + i);
      const v = json.villages[i];
      expect(row.getCell(col('出资基数')).value).toBe(Number(v.capitalBase));
      expect(row.getCell(col('分红合计')).value).toBe(Number(v.total));
      expect(row.getCell(col('分红合计')).numFmt).toBe('#,##0.00');
      expect(row.getCell(col('未付')).value).toBe(Number(v.outstanding));
    }
    const totals = sheet.getRow(first + 6);
    const sum = (key: string) => json.villages.reduce((a: bigint, v: Record<string, string>) => a + fen(v[key]), 0n);
    expect(cellNumber(totals.getCell(col('分红合计')))).toBe(Number(yuan(sum('total'))));
    expect(cellNumber(totals.getCell(col('已付')))).toBe(Number(yuan(sum('paid'))));
    expect(cellNumber(totals.getCell(col('未付')))).toBe(Number(yuan(sum('outstanding'))));
    expect(yuan(sum('total'))).toBe('207000.00');
    expect(yuan(sum('paid'))).toBe('10000.00');
  });

  it('分红通知单 PDF: one page per village with the 大写 of 34,500.00, the village names and the digest', async () => {
    const json = (await t.http().get(`${base()}/runs/${runId}/notices?asOf=2026-02-01`).expect(200)).body;
    expect(json.notices).toHaveLength(6);
    expect(json.notices[0]).toMatchObject({
      village: { code: park.villages[0].code, name: '程壁村' },
      capital: [{ date: '2024-04-15', amount: '500000.00', daysHeld: '365', daysInYear: '365' }],
      total: '34500.00',
      totalInWords: '人民币叁万肆仟伍佰元整',
      paid: '10000.00',
      outstanding: '24500.00',
    });
    expect(json.notices[0].villageVouchers.map((v: { summary: string }) => v.summary)).toEqual([
      expect.stringContaining('应收'),
      expect.stringContaining('DOC-2'),
    ]);
    const res = await get(`${base()}/runs/${runId}/notices?asOf=2026-02-01&format=pdf`).expect(200);
    const text = pdfText(res.body);
    expect(pdfPages(res.body)).toBe(6);
    expect(text.match(/分红通知单/g)!.length).toBeGreaterThanOrEqual(6);
    expect(text.match(/人民币叁万肆仟伍佰元整/g)).toHaveLength(6);
    for (const name of ['程壁村', '定湖村', '东岭村', '西沟村', '南庄村', '北坡村']) expect(text).toContain(name);
    expect(text).toContain(`#${json.digest.sequence} ${json.digest.hash.slice(0, 12)}`);
    expect(text).toMatch(/第\s*6\s*\/\s*6\s*页/);

    // One page to PNG, kept so the layout can be looked at.
    const dir = path.resolve(__dirname, '../../test-artifacts');
    fs.mkdirSync(dir, { recursive: true });
    const pdf = path.join(tmp, 'notice.pdf');
    fs.writeFileSync(pdf, res.body);
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(dir, 'dividend-notice')]);
    const png = fs.readFileSync(path.join(dir, 'dividend-notice.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    console.log(`分红通知单第 1 页：${path.join(dir, 'dividend-notice.png')}（${png.length} 字节）`);
  });

  it("a treasurer gets their own village's notice only; another village is not found; the public notice is whole", async () => {
    const own = (await treasurer.http().get(`${base()}/runs/${runId}/notices`).expect(200)).body;
    expect(own.notices.map((n: { village: { code: string } }) => n.village.code)).toEqual([park.villages[0].code]);
    await treasurer.http().get(`${base()}/runs/${runId}/notices?village=${park.villages[1].code}`).expect(404);
    const one = (await t.http().get(`${base()}/runs/${runId}/notices?village=${park.villages[1].code}`).expect(200)).body;
    expect(one.notices.map((n: { village: { name: string } }) => n.village.name)).toEqual(['定湖村']);
    const publicity = (await treasurer.http().get(`${base()}/runs/${runId}/publicity`).expect(200)).body;
    expect(publicity.villages).toHaveLength(6);
    const statement = (await treasurer.http().get(`${base()}/runs/${runId}/statement`).expect(200)).body;
    expect(statement.villages).toHaveLength(1);
    const pdf = await get(`${base()}/runs/${runId}/statement?format=pdf`, treasurer).expect(200);
    const text = pdfText(pdf.body);
    expect(text).toContain('程壁村');
    expect(text).not.toContain('北坡村');
  });

  it('公示表: PDF with the digest (and its QR code), XLSX whose totals equal the JSON', async () => {
    const json = (await t.http().get(`${base()}/runs/${runId}/publicity`).expect(200)).body;
    expect(json.qr).toBe(`${json.project} #${json.digest.sequence} ${json.digest.hash}`);
    expect(json.waterfallLine).toContain('本年净收益 210000.00 元');
    const pdf = await get(`${base()}/runs/${runId}/publicity?format=pdf`).expect(200);
    const text = pdfText(pdf.body);
    for (const s of ['分红公示表', '公示期', '程壁村', '北坡村', `#${json.digest.sequence} ${json.digest.hash.slice(0, 12)}`])
      expect([s, text.includes(s)]).toEqual([s, true]);
    const res = await get(`${base()}/runs/${runId}/publicity?format=xlsx`).expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body);
    const sheet = book.getWorksheet('各村分红')!;
    const header = sheet.getRow(findRow(sheet, '村名')).values as unknown[];
    const totals = sheet.getRow(findRow(sheet, '合计'));
    expect(cellNumber(totals.getCell(header.indexOf('分红合计')))).toBe(207000);
    expect(cellNumber(totals.getCell(header.indexOf('出资基数')))).toBe(3000000);
    await t.http().get(`${base()}/runs/${runId}/publicity?format=csv`).expect(400);
  });

  it('记账凭证 by number: account names, 大写, the real preparer, approver and poster; a reversal says what it reverses', async () => {
    const guaranteed = (await t.http().get(`${base()}/ledger/vouchers?from=2026-01-15&to=2026-01-15`).expect(200)).body.items.find(
      (v: { summary: string }) => v.summary === '2025年度保底分红',
    );
    expect(vouchers).toContain(guaranteed.number);
    const json = (await t.http().get(`${base()}/ledger/vouchers/${guaranteed.number}`).expect(200)).body;
    expect(json.lines[1]).toMatchObject({ account: `211-${park.villages[0].code}`, name: '应付款—程壁村', credit: '30000.00' });
    expect(json.totals).toEqual({ debit: '180000.00', credit: '180000.00', inWords: '人民币壹拾捌万元整' });
    expect(json.signatures).toEqual({
      supervisor: '',
      bookkeeper: t.accountant.login,
      approver: checker.login,
      preparer: t.accountant.login,
    });
    const res = await get(`${base()}/ledger/vouchers/${guaranteed.number}?format=pdf`).expect(200);
    expect(fileName(res)).toBe(`记账凭证-${json.project}-${guaranteed.number}.pdf`);
    const text = pdfText(res.body);
    for (const s of ['记账凭证', '应付款—程壁村', '人民币壹拾捌万元整', '¥180,000.00', '会计主管', '制单', checker.login])
      expect([s, text.includes(s)]).toEqual([s, true]);

    const reversal = (await t.http().get(`${base()}/ledger/vouchers?from=2026-01-21&to=2026-01-21`).expect(200)).body.items[0];
    const rv = (await t.http().get(`${base()}/ledger/vouchers/${reversal.number}`).expect(200)).body;
    expect(rv.reversalOf).toMatch(/^2026-01-\d{4}$/);
    const original = (await t.http().get(`${base()}/ledger/vouchers/${rv.reversalOf}`).expect(200)).body;
    expect(original.reversedBy).toBe(reversal.number);
    expect(pdfText((await get(`${base()}/ledger/vouchers/${reversal.number}?format=pdf`).expect(200)).body)).toContain(
      `冲销 ${rv.reversalOf}`,
    );
    await t.http().get(`${base()}/ledger/vouchers/2099-01-0001`).expect(404);
    await t.http().get(`${base()}/ledger/vouchers/not-a-number`).expect(404);
  });

  it('科目余额表 CSV: UTF-8 with a BOM, parses, and its figures are the JSON’s', async () => {
    const json = (await t.http().get(`${base()}/reports/trial-balance?asOf=2026-12-31`).expect(200)).body;
    const res = await get(`${base()}/reports/trial-balance?asOf=2026-12-31&format=csv`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const raw: Buffer = res.body;
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(raw.subarray(3).toString('utf8'));
    const header = rows.findIndex((r) => r[0] === '科目编码');
    expect(rows[header]).toEqual(['科目编码', '科目名称', '期初借方', '期初贷方', '本期借方', '本期贷方', '期末借方', '期末贷方']);
    const v1 = rows.find((r) => r[0] === `211-${park.villages[0].code}`)!;
    const jsonRow = json.rows.find((r: { account: string }) => r.account === `211-${park.villages[0].code}`);
    expect(v1[7]).toBe(jsonRow.closing.amount);
    expect(rows.find((r) => r[0] === '合计')!.slice(2)).toEqual(
      ['openingDebit', 'openingCredit', 'debit', 'credit', 'closingDebit', 'closingCredit'].map((k) => json.totals[k]),
    );
  });

  it('凭证列表 as XLSX and CSV: every voucher line of the filter, totals the sums; ?format= beats Accept, and Accept chooses', async () => {
    const all = (await t.http().get(`${base()}/ledger/vouchers?pageSize=500`).expect(200)).body;
    const lines = all.items.flatMap((v: { lines: unknown[] }) => v.lines);
    const res = await get(`${base()}/ledger/vouchers?format=xlsx`).set('Accept', 'application/pdf').expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body);
    const sheet = book.getWorksheet('凭证列表')!;
    const header = findRow(sheet, '凭证号');
    const totalsRow = findRow(sheet, '合计');
    expect(totalsRow - header - 1).toBe(lines.length);
    const debit = lines.reduce((a: bigint, l: { debit: string }) => a + fen(l.debit), 0n);
    const h = sheet.getRow(header).values as unknown[];
    expect(cellNumber(sheet.getRow(totalsRow).getCell(h.indexOf('借方')))).toBe(Number(yuan(debit)));
    const csv = await get(`${base()}/ledger/vouchers`).set('Accept', 'text/csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(parseCsv((csv.body as Buffer).subarray(3).toString('utf8')).filter((r) => /^\d{4}-\d{2}-\d{4}$/.test(r[1] ?? ''))).toHaveLength(
      lines.length,
    );
    const bad = await t.http().get(`${base()}/ledger/vouchers?format=docx`).expect(400);
    expect(bad.body.code).toBe('UNKNOWN_FORMAT');
    // JSON stays the default, whatever a browser sends.
    await t.http().get(`${base()}/ledger/vouchers`).set('Accept', 'text/html,*/*').expect('Content-Type', /json/).expect(200);
  });

  it('收益及收益分配表: books and run agree; the closing line is what 322-02 holds after the posting', async () => {
    const json = (await t.http().get(`${base()}/reports/income-distribution?year=2025`).expect(200)).body;
    const line = (item: string) => json.lines.find((l: { item: string }) => l.item === item).amount;
    expect(line('一、经营收入')).toBe('1860000.00');
    expect(line('减：经营支出')).toBe('1650000.00');
    expect(line('二、本年收益')).toBe('210000.00');
    expect(line('加：年初未分配收益')).toBe('0.00');
    expect(line('三、可分配收益')).toBe('210000.00');
    expect(line('减：提取公积公益金')).toBe('3000.00');
    expect(line('其中：保底分红')).toBe('180000.00');
    expect(line('利润分成')).toBe('27000.00');
    const tb = (await t.http().get(`${base()}/reports/trial-balance?asOf=2026-12-31`).expect(200)).body;
    const undistributed = tb.rows.find((r: { account: string }) => r.account === '322-02')?.closing ?? { side: 'flat', amount: '0.00' };
    const signed = undistributed.side === 'debit' ? `-${undistributed.amount}` : undistributed.amount;
    expect(line('四、年末未分配收益')).toBe(signed === '-0.00' ? '0.00' : signed);
    const pdf = pdfText((await get(`${base()}/reports/income-distribution?year=2025&format=pdf`).expect(200)).body);
    for (const s of ['收益及收益分配表', '可分配收益', '¥1,860,000.00']) expect([s, pdf.includes(s)]).toEqual([s, true]);
    await t.http().get(`${base()}/reports/income-distribution`).expect(400);
  });

  it('村对账单: the reversed payment is listed with its reversal; PDF and CSV', async () => {
    const village = park.villages[0];
    const json = (await t.http().get(`/api/villages/${village.id}/statement?asOf=2026-02-01`).expect(200)).body;
    expect(
      json.payments.map((p: { bankReference: string; reversalVoucher: string | null }) => [p.bankReference, !!p.reversalVoucher]),
    ).toEqual([
      ['DOC-1', true],
      ['DOC-2', false],
    ]);
    const text = pdfText((await get(`/api/villages/${village.id}/statement?asOf=2026-02-01&format=pdf`).expect(200)).body);
    for (const s of ['村对账单', '程壁村', 'DOC-1', '已冲销', '¥24,500.00']) expect([s, text.includes(s)]).toEqual([s, true]);
    const csv = await get(`/api/villages/${village.id}/statement?asOf=2026-02-01&format=csv`).expect(200);
    expect(fileName(csv)).toBe('村对账单-程壁村-2026-02-01.csv');
    expect(parseCsv((csv.body as Buffer).subarray(3).toString('utf8')).some((r) => r.includes('DOC-1'))).toBe(true);
  });

  it('the hledger export: `hledger bal` equals the trial balance to the fen, account by account', async () => {
    const res = await t.http().get(`${base()}/ledger/export?format=hledger`).expect(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(fileName(res)).toMatch(/^账簿-P.+\.journal$/);
    expect(res.text).toContain(`account 211-${park.villages[0].code}  ; 应付款—程壁村`);
    const beancount = await t.http().get(`${base()}/ledger/export?format=beancount`).expect(200);
    expect(beancount.text).toContain(`open Liabilities:211-${park.villages[0].code} CNY`);
    await t.http().get(`${base()}/ledger/export?format=gnucash`).expect(400);

    if (spawnSync('hledger', ['--version']).status !== 0) {
      console.log('hledger 没有安装：跳过 hledger bal 与科目余额表的逐科目比对（.ci/run 会安装 Debian 的 hledger）');
      return;
    }
    const file = path.join(tmp, 'books.journal');
    fs.writeFileSync(file, res.text);
    const csv = execFileSync('hledger', ['-f', file, 'balance', '--flat', '--no-total', '-O', 'csv'], { encoding: 'utf8' });
    const balances = new Map(
      parseCsv(csv)
        .slice(1)
        .filter((r) => r.length >= 2)
        .map((r) => [r[0], fen(r[1].replace(/^CNY\s*/, '').replace(/,/g, ''))]),
    );
    const tb = (await t.http().get(`${base()}/reports/trial-balance?asOf=2099-12-31`).expect(200)).body;
    expect(tb.rows.length).toBeGreaterThan(10);
    for (const row of tb.rows as Array<{ account: string; closing: { side: string; amount: string } }>) {
      let net = 0n;
      for (const [account, amount] of balances) if (account === row.account || account.startsWith(`${row.account}-`)) net += amount;
      const expected =
        row.closing.side === 'debit' ? fen(row.closing.amount) : row.closing.side === 'credit' ? -fen(row.closing.amount) : 0n;
      expect([row.account, yuan(net)]).toEqual([row.account, yuan(expected)]);
    }
  });
});

/** The number of the first row whose first cells hold `text`. */
function findRow(sheet: ExcelJS.Worksheet, text: string): number {
  for (let i = 1; i <= sheet.rowCount; i++) {
    const values = sheet.getRow(i).values as unknown[];
    if (values.slice(0, 3).includes(text)) return i;
  }
  throw new Error(`no row starting with ${text} in ${sheet.name}`);
}

/** A cell's number, whether written as a value or as a formula with its result. */
function cellNumber(cell: ExcelJS.Cell): number {
  const v = cell.value as number | { result?: number } | null;
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && typeof v.result === 'number') return v.result;
  throw new Error(`${cell.address} holds ${JSON.stringify(v)}, not a number`);
}
