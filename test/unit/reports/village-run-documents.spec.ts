/**
 * The documents of a village's member distribution run (issue 16), built from a fixture statement in the shape
 * VillageRunsService.statement answers (notes: "Village run statement JSON") and rendered by the real renderers:
 * 户分红单 (one page per household), 成员分红公示表 (masked names, no account numbers) and the run's statement.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { checkTable } from '../../../src/platform/documents/cells';
import { renderCsv } from '../../../src/platform/documents/csv-renderer';
import type { Block, Document, Table } from '../../../src/platform/documents/document';
import { renderPdf } from '../../../src/platform/documents/pdf-renderer';
import { renderXlsx } from '../../../src/platform/documents/xlsx-renderer';
import { householdSlipsDocument, householdSlipsOf } from '../../../src/reports/documents/household-slips.document';
import { memberPublicityDocument, memberPublicityOf } from '../../../src/reports/documents/member-publicity.document';
import { decimalProduct, decimalSum } from '../../../src/core/ratios';
import { VillageRunStatementAnswer, villageRunStatementDocument } from '../../../src/reports/documents/village-run-statement.document';

const digest = { sequence: 9, hash: '3fa2b1c4d5e6'.padEnd(64, '7') };
const print = { printedBy: '王报账', printedAt: '2026-02-01 10:00:00' };
/** Heads' full names: none of them may appear on the notice board. */
const NAMES = ['弓长东', '张三', '欧阳娜娜', '李四'];

/**
 * 程壁村 2025: 34,500.00 from DH-1 and 1,500.00 other income; keeps 10% (3,600.00) and 2,000.00; 30,400.00 shared
 * by weights POP 1, LAB 0.5, AID 1 over 19.4166665 (the amounts are the largest remainders, computed independently).
 */
function statement(): VillageRunStatementAnswer {
  const household = (i: number, units: Record<string, string>, weight: string, amount: string, paid: string, outstanding: string) => ({
    id: `hh-${i}`,
    code: `H00${i}`,
    headName: NAMES[i - 1],
    units,
    weight,
    amount,
    paid,
    outstanding,
    trace: `30400.00 × ${weight} / 19.4166665 → ${amount}`,
  });
  return {
    id: 'vrun-1',
    villageId: 'village-1',
    villageCode: 'V01',
    villageName: '程壁村',
    year: 2025,
    status: 'posted',
    register: { id: 'reg-1', registeredOn: '2025-06-30' },
    policy: { fromYear: 2025, version: 1, document: {} },
    income: { projects: [{ code: 'DH-1', name: '定湖园区', amount: '34500.00' }], other: '1500.00', total: '36000.00' },
    keeps: [
      { code: 'reserve', name: '公积公益金', amount: '3600.00' },
      { code: 'welfare', name: '公益事业', amount: '2000.00' },
    ],
    kept: '5600.00',
    shared: '30400.00',
    kinds: [
      { code: 'POP', name: '人口股', weight: '1' },
      { code: 'LAB', name: '劳龄股', weight: '0.5' },
      { code: 'AID', name: '帮扶股', weight: '1' },
    ],
    households: [
      household(1, { POP: '3', LAB: '10' }, '8', '12525.32', '12525.32', '0.00'),
      household(2, { POP: '2', LAB: '4.5' }, '4.25', '6654.08', '0.00', '6654.08'),
      household(3, { POP: '4', AID: '2' }, '6', '9393.99', '0.00', '9393.99'),
      household(4, { POP: '1', LAB: '0.333333' }, '1.1666665', '1826.61', '0.00', '1826.61'),
    ],
    totals: { amount: '30400.00', paid: '12525.32', outstanding: '17874.68' },
    explanation: {
      income: ['本年收入 36000.00 = 定湖园区 34500.00 + 其他收入 1500.00'],
      keeps: ['提取公积公益金 36000.00 × 0.10 = 3600.00', '提取公益事业 2000.00'],
      shares: ['成员分红 36000.00 − 5600.00 = 30400.00'],
      checks: ['各户合计 30400.00 + 提取 5600.00 = 收入 36000.00'],
      rounding: '最大余数法：先向下取整到分，余下的分按小数部分从大到小各给 1 分',
    },
    inputsHash: 'a'.repeat(64),
    resultHash: 'b'.repeat(64),
    preparedBy: '王报账',
    preparedAt: '2026-01-10T09:00:00+08:00',
    approvedBy: '李会计',
    approvedAt: '2026-01-12T10:00:00+08:00',
    postedBy: '王报账',
    postedAt: '2026-01-15T11:00:00+08:00',
    postingDate: '2026-01-15',
    reversedBy: null,
    reversedAt: null,
    digest,
  };
}

function tables(doc: Document): Table[] {
  return doc.pages.flatMap((p) => p.blocks.flatMap((b: Block) => (b.kind === 'table' ? [b.table] : [])));
}
function table(doc: Document, name: string): Table {
  const t = tables(doc).find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name} in ${tables(doc).map((x) => x.name)}`);
  return t;
}
const fen = (s: string) => BigInt(s.replace('.', ''));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'village-documents-'));
let files = 0;
function pdfFile(pdf: Uint8Array): string {
  const file = path.join(tmp, `v${++files}.pdf`);
  fs.writeFileSync(file, pdf);
  return file;
}
const pdfText = (pdf: Uint8Array) => execFileSync('pdftotext', ['-layout', pdfFile(pdf), '-'], { encoding: 'utf8' });
const pdfPages = (pdf: Uint8Array) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfFile(pdf)], { encoding: 'utf8' }))![1]);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('exact decimals of units and weights', () => {
  it('sums and multiplies decimal strings of any scale exactly, written as short as they go', () => {
    expect(decimalSum(['8', '4.25', '6', '1.1666665'])).toBe('19.4166665');
    expect(decimalSum(['0.1', '0.2'])).toBe('0.3');
    expect(decimalSum([])).toBe('0');
    expect(decimalProduct('0.333333', '0.5')).toBe('0.1666665');
    expect(decimalProduct('10', '0.5')).toBe('5');
    expect(decimalProduct('1.000001', '1.000001')).toBe('1.000002000001');
  });
});

describe('户分红单', () => {
  const answer = householdSlipsOf(statement(), '2026-02-01');
  const doc = householdSlipsDocument(answer, print);

  it('has one slip per household with its units by kind, each weighted, the formula and the amount in words', () => {
    expect(answer.totalWeight).toBe('19.4166665');
    expect(answer.slips).toHaveLength(4);
    expect(answer.slips[0]).toMatchObject({
      code: 'H001',
      headName: '弓长东',
      units: [
        { kind: 'POP', name: '人口股', units: '3', weight: '1', weighted: '3' },
        { kind: 'LAB', name: '劳龄股', units: '10', weight: '0.5', weighted: '5' },
      ],
      weight: '8',
      formula: '8 ÷ 19.4166665 × 30400.00 = 12525.32（最大余数法精确到分）',
      amount: '12525.32',
      amountInWords: '人民币壹万贰仟伍佰贰拾伍元叁角贰分',
      paid: '12525.32',
      outstanding: '0.00',
    });
    expect(answer.slips[1].amountInWords).toBe('人民币陆仟陆佰伍拾肆元零捌分');
    expect(answer.slips[3].units[1]).toEqual({ kind: 'LAB', name: '劳龄股', units: '0.333333', weight: '0.5', weighted: '0.1666665' });
    for (const t of tables(doc)) expect(() => checkTable(t)).not.toThrow();
  });

  it('is one page per household, named for the village and year, with the village book in the footer', () => {
    expect(doc.pages).toHaveLength(4);
    expect(doc.fileName).toBe('户分红单-V01-2025');
    expect(doc.footer).toEqual({
      owner: '村',
      project: '程壁村（V01）',
      asOf: '2026-02-01',
      digest: { sequence: '9', hash: '3fa2b1c4d5e6' },
      printedBy: '王报账',
      printedAt: '2026-02-01 10:00:00',
    });
  });

  it('one household: its slip only, named for it; an unknown code gives none (the route answers 404)', () => {
    const one = householdSlipsOf(statement(), '2026-02-01', 'H003');
    expect(one.slips.map((s) => s.code)).toEqual(['H003']);
    expect(one.totalWeight).toBe('19.4166665');
    expect(householdSlipsDocument(one, print).fileName).toBe('户分红单-V01-2025-H003');
    expect(householdSlipsOf(statement(), '2026-02-01', 'H999').slips).toEqual([]);
  });

  it('PDF: a page per household, each with its name, its 大写 amount, the status and the digest', async () => {
    const pdf = await renderPdf(doc);
    expect(pdfPages(pdf)).toBe(4);
    const text = pdfText(pdf);
    const pages = text.split('\f').filter((p) => p.trim());
    expect(pages).toHaveLength(4);
    answer.slips.forEach((slip, i) => {
      for (const s of [slip.headName, slip.code, slip.amountInWords, '户分红单', '已入账', '#9 3fa2b1c4d5e6', '程壁村'])
        expect([i, s, pages[i].includes(s)]).toEqual([i, s, true]);
    });
    expect(pages[0]).toContain('¥12,525.32');
    expect(pages[0]).toContain('19.4166665');

    // The first slip to PNG, kept so the layout can be looked at.
    const dir = path.resolve(__dirname, '../../../test-artifacts');
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdfFile(pdf), path.join(dir, 'household-slip')]);
    expect(fs.readFileSync(path.join(dir, 'household-slip.png')).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(text).toMatch(/第\s*4\s*\/\s*4\s*页/);
  });
});

describe('成员分红公示表', () => {
  const answer = memberPublicityOf(statement(), '2026-02-01');
  const doc = memberPublicityDocument(answer, print);

  it('masks every head’s name, and totals units, weights and amounts exactly', () => {
    expect(answer.households.map((h) => h.maskedName)).toEqual(['弓*东', '张*', '欧**娜', '李*']);
    expect(JSON.stringify(answer)).not.toMatch(/headName|弓长东|欧阳娜娜|张三|李四/);
    expect(answer.totals).toEqual({ units: { POP: '10', LAB: '14.833333', AID: '2' }, weight: '19.4166665', amount: '30400.00' });
    expect(answer.period).toEqual({ from: '2026-02-01', to: '2026-02-07', days: 7 });
    expect(answer.qr).toBe(`V01 2025 #9 ${digest.hash}`);
    const t = table(doc, '各户分红');
    expect(t.columns.map((c) => c.title)).toEqual([
      '户编码',
      '户主',
      '人口股（股）',
      '劳龄股（股）',
      '帮扶股（股）',
      '折算股数',
      '分红金额',
    ]);
    expect(t.totals).toMatchObject({ code: '合计', amount: '30400.00', weight: '19.4166665', 'units:LAB': '14.833333' });
    for (const x of tables(doc)) expect(() => checkTable(x)).not.toThrow();
  });

  it('PDF: masked names only, no full name, no account number; the keeps, the digest and its QR caption', async () => {
    const pdf = await renderPdf(doc);
    const text = pdfText(pdf);
    const dir = path.resolve(__dirname, '../../../test-artifacts');
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', pdfFile(pdf), path.join(dir, 'member-publicity')]);
    for (const s of ['成员分红公示表', '弓*东', '欧**娜', 'H004', '提取公积公益金', '¥3,600.00', '¥30,400.00', '公示期', '#9 3fa2b1c4d5e6'])
      expect([s, text.includes(s)]).toEqual([s, true]);
    for (const name of NAMES) expect([name, text.includes(name)]).toEqual([name, false]);
    // Nothing that looks like an account number, masked or not (the digest's hash aside).
    expect(text.split(digest.hash).join('')).not.toMatch(/\*{4} \*{4}|\d{8,}/);
  });

  it('XLSX: amounts are numbers, the totals row equals the JSON, the names masked', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await renderXlsx(doc)) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('各户分红')!;
    const header = sheet.getRow(1).values as unknown[];
    const col = (title: string) => header.indexOf(title);
    answer.households.forEach((h, i) => {
      const row = sheet.getRow(2 + i);
      expect(row.getCell(col('户编码')).value).toBe(h.code);
      expect(row.getCell(col('户主')).value).toBe(h.maskedName);
      expect(row.getCell(col('分红金额')).value).toBe(Number(h.amount));
      expect(row.getCell(col('分红金额')).numFmt).toBe('#,##0.00');
    });
    const totals = sheet.getRow(2 + answer.households.length);
    expect(totals.getCell(1).value).toBe('合计');
    expect(totals.getCell(col('分红金额')).value).toBe(30400);
    expect(String(answer.totals.amount)).toBe('30400.00');
    const all: string[] = [];
    book.eachSheet((s) => s.eachRow((r) => all.push(JSON.stringify(r.values))));
    for (const name of NAMES) expect(all.join('\n')).not.toContain(name);
  });
});

describe('成员分红明细表 (the run statement)', () => {
  const s = statement();
  const doc = villageRunStatementDocument(s, print);

  it('income, keeps, every household line with totals that equal the statement’s, and who handled it', () => {
    expect(doc.fileName).toBe('成员分红明细表-V01-2025');
    expect(doc.orientation).toBe('landscape');
    expect(doc.footer.asOf).toBe('2026-02-01');
    expect(table(doc, '可分配收入').rows).toEqual([
      { item: '定湖园区（DH-1）投资收益', amount: '34500.00' },
      { item: '其他收入', amount: '1500.00' },
    ]);
    expect(table(doc, '提取').totals).toMatchObject({ amount: '5600.00' });
    const t = table(doc, '各户分红');
    expect(t.rows.map((r) => r.headName)).toEqual(NAMES);
    expect(t.totals).toMatchObject({ code: '合计', ...s.totals });
    for (const key of ['amount', 'paid', 'outstanding'] as const)
      expect(t.rows.reduce((a, r) => a + fen(r[key]!), 0n)).toBe(fen(s.totals[key]));
    expect(doc.pages[0].blocks.find((b) => b.kind === 'signatures')).toEqual({
      kind: 'signatures',
      items: [
        { label: '制单（2026-01-10）', name: '王报账' },
        { label: '审核（2026-01-12）', name: '李会计' },
        { label: '记账（2026-01-15）', name: '王报账' },
      ],
    });
    for (const x of tables(doc)) expect(() => checkTable(x)).not.toThrow();
  });

  it('PDF, XLSX and CSV come out: the names, the totals, the BOM; the CSV parses to the statement’s figures', async () => {
    const text = pdfText(await renderPdf(doc));
    for (const x of ['成员分红明细表', '弓长东', '¥30,400.00', '¥17,874.68', '李会计', '#9 3fa2b1c4d5e6'])
      expect([x, text.includes(x)]).toEqual([x, true]);

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await renderXlsx(doc)) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('各户分红')!;
    const header = sheet.getRow(1).values as unknown[];
    const totals = sheet.getRow(2 + s.households.length);
    expect(totals.getCell(header.indexOf('分红金额')).value).toBe(30400);
    expect(totals.getCell(header.indexOf('已付')).value).toBe(12525.32);
    expect(totals.getCell(header.indexOf('未付')).value).toBe(17874.68);

    const csv = Buffer.from(renderCsv(doc));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.subarray(3).toString('utf8').split('\r\n');
    const at = lines.indexOf('各户分红');
    expect(lines[at + 1]).toBe('户编码,户主,人口股（股）,劳龄股（股）,帮扶股（股）,折算股数,分红金额,已付,未付');
    expect(lines[at + 2]).toBe('H001,弓长东,3,10,,8,12525.32,12525.32,0.00');
    expect(lines[at + 6]).toBe('合计,,,,,,30400.00,12525.32,17874.68');
  });
});
