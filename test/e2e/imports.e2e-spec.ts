import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, SignedInUser, TestApp, uniqueCode } from '../support/test-app';

/**
 * Issue 12, part 2: import from one workbook or CSV files, all rows or none.
 * Workbooks are built here with exceljs, cells typed as Excel types them.
 */
type Cell = string | number | Date | { formula: string; result?: number } | null;
type Sheets = Record<string, Cell[][]>;

async function xlsx(sheets: Sheets): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r as ExcelJS.CellValue[]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Tables whose rows are counted before and after: an import writes all of them or none. */
const TABLES = [
  'township',
  'village',
  'project',
  'project_village',
  'capital_event',
  'year_result',
  'opening_balance',
  'voucher',
  'audit_log',
];

async function counts(t: TestApp): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) out[table] = (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  return out;
}

/** A park that started in 2019 and moves in on 2024-12-31: three villages, capital history, an opening deficit. */
function oldPark(p: string): Sheets {
  return {
    乡镇: [
      ['编码', '名称'],
      [`${p}T`, '郭道镇'],
    ],
    村: [
      ['编码', '名称', '乡镇编码'],
      [`${p}A`, '前兴稍村', `${p}T`],
      [`${p}B`, '后兴稍村', `${p}T`],
      [`${p}C`, '南岭村', `${p}T`],
    ],
    项目: [
      ['编码', '名称', '园区', '期次', '所在村', '运营方', '开始日期'],
      [`${p}P`, '前兴稍村香菇园区', '前兴稍村香菇园区', '一期', `${p}A`, '沁源县某食用菌公司', new Date(Date.UTC(2019, 4, 1))],
    ],
    参与村: [
      ['项目编码', '村编码'],
      [`${p}P`, `${p}A`],
      [`${p}P`, `${p}B`],
      [`${p}P`, `${p}C`],
    ],
    出资: [
      ['项目编码', '村编码', '日期', '金额', '方式', '资金来源', '凭据号', '备注'],
      [`${p}P`, `${p}A`, '2019-05-01', 300000, '现金', '财政衔接资金', 'R-1', null],
      [`${p}P`, `${p}B`, '2019-05-01', '300000.00', '现金', null, 'R-2', null],
      [`${p}P`, `${p}C`, new Date(Date.UTC(2021, 2, 15)), 250000.5, '实物', null, 'R-3', '大棚'],
      [`${p}P`, `${p}A`, '2022-06-30', -50000, '现金', null, 'R-4', '撤回部分出资'],
    ],
    期初余额: [
      ['项目编码', '截止日', '科目', '借方', '贷方'],
      [`${p}P`, '2024-12-31', '102', 502000, 0],
      [`${p}P`, '2024-12-31', '151', 250000.5, 0],
      [`${p}P`, '2024-12-31', '322-02', 48000, 0],
      [`${p}P`, '2024-12-31', `301-${p}A`, 0, 250000],
      [`${p}P`, '2024-12-31', `301-${p}B`, 0, 300000],
      [`${p}P`, '2024-12-31', `301-${p}C`, 0, 250000.5],
    ],
  };
}

describe('imports: one workbook, all or nothing', () => {
  let t: TestApp;
  let checker: SignedInUser;
  const p = uniqueCode('I').slice(0, 10);

  beforeAll(async () => {
    t = await createTestApp();
    checker = await t.signIn('accountant');
  });
  afterAll(async () => {
    await t.close();
  });

  const upload = (files: Array<{ name: string; data: Buffer }>, query = '') => {
    let req = t.http().post(`/api/imports${query}`);
    for (const f of files) req = req.attach('file', f.data, f.name);
    return req;
  };

  it('downloads the template: every sheet with its headers and an example row, and the notes', async () => {
    const res = await t
      .http()
      .get('/api/imports/template')
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['说明', '乡镇', '村', '项目', '参与村', '出资', '经营成果', '期初余额', '成员']);
    expect(wb.getWorksheet('出资')!.getRow(1).values).toEqual([
      undefined,
      '项目编码',
      '村编码',
      '日期',
      '金额',
      '方式',
      '资金来源',
      '凭据号',
      '备注',
    ]);
    expect(wb.getWorksheet('出资')!.rowCount).toBe(2);
    expect(String(wb.getWorksheet('说明')!.getCell(1, 1).value)).toBe('导入模板说明');
  });

  it('a dry run reports what would be created and posted, and writes nothing', async () => {
    const before = await counts(t);
    const res = await upload([{ name: 'park.xlsx', data: await xlsx(oldPark(p)) }], '?dryRun=true').expect(200);
    expect(res.body).toMatchObject({
      dryRun: true,
      vouchersPosted: 0,
      sheets: {
        townships: { created: 1, changed: 0, unchanged: 0 },
        villages: { created: 3 },
        projects: { created: 1 },
        participants: { created: 3 },
        capital: { created: 4 },
        opening: { created: 1 },
        results: { created: 0 },
      },
    });
    expect(res.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await counts(t)).toEqual(before);
  });

  let projectId: string;
  it('imports the park: history posts no voucher, the opening balance is a draft; the audit trail has the SHA-256', async () => {
    const data = await xlsx(oldPark(p));
    const res = await upload([{ name: 'park.xlsx', data }]).expect(200);
    expect(res.body).toMatchObject({ dryRun: false, vouchersPosted: 0, sheets: { capital: { created: 4 }, opening: { created: 1 } } });
    const [project] = await t.db.query(`SELECT id, to_char(cutover_date, 'YYYY-MM-DD') AS cutover FROM project WHERE code = $1`, [`${p}P`]);
    expect(project.cutover).toBe('2024-12-31');
    projectId = project.id;
    const [audit] = await t.db.query(`SELECT entity_id AS "entityId" FROM audit_log WHERE action = 'import' ORDER BY id DESC LIMIT 1`);
    expect(audit.entityId).toBe(`sha256:${res.body.sha256}`);
    const participants = (await t.http().get(`/api/projects/${projectId}/villages`).expect(200)).body;
    expect(participants.map((v: { capital: string }) => v.capital)).toEqual(['250000.00', '300000.00', '250000.50']);
  });

  it('imports the same file again: nothing changes, table by table', async () => {
    const before = await counts(t);
    const res = await upload([{ name: 'park.xlsx', data: await xlsx(oldPark(p)) }]).expect(200);
    for (const c of Object.values(res.body.sheets) as Array<{ created: number; changed: number }>)
      expect([c.created, c.changed]).toEqual([0, 0]);
    expect(res.body.sheets.capital.unchanged).toBe(4);
    expect(await counts(t)).toEqual(before);
  });

  it('after the opening balance is posted, CSV files with and without BOM, English headers, bring the 2025 result', async () => {
    const [doc] = (await t.http().get(`/api/projects/${projectId}/opening-balances`).expect(200)).body;
    await checker.http().post(`/api/projects/${projectId}/opening-balances/${doc.id}/approve`).expect(200);
    await t.http().post(`/api/projects/${projectId}/opening-balances/${doc.id}/post`).expect(200);
    const results = Buffer.from(`\ufeffproject,year,revenue,costs,jobs\r\n${p}P,2025,"1,000.00",800000.00,40\r\n`);
    const bad = await upload([{ name: 'results.csv', data: results }]).expect(400);
    expect(bad.body.errors).toEqual([
      expect.objectContaining({ sheet: 'results.csv', row: 2, column: 'revenue', message: '"1,000.00" 不是金额（最多两位小数）' }),
    ]);
    const good = Buffer.from(`project,year,revenue,costs,jobs\n${p}P,2025,1000000.00,800000.00,40\n`);
    const capital = Buffer.from(`\ufeff项目编码,村编码,日期,金额,方式\n${p}P,${p}A,2025-03-01,1000.00,cash\n`);
    const res = await upload([
      { name: 'results.csv', data: good },
      { name: '出资.csv', data: capital },
    ]).expect(200);
    expect(res.body).toMatchObject({ sheets: { results: { created: 1 }, capital: { created: 1 } }, vouchersPosted: 3 });
  });

  it('applies all rows or none: a refused row leaves every table as it was', async () => {
    const before = await counts(t);
    const q = `${p}Q`;
    const sheets: Sheets = {
      村: [
        ['code', 'name'],
        [`${q}A`, '新村'],
      ],
      项目: [
        ['code', 'name'],
        [q, '新项目'],
      ],
      participants: [
        ['project', 'village'],
        [q, `${q}A`],
        [q, `${q}Z`], // no such village
      ],
      capital: [
        ['project', 'village', 'date', 'amount', 'kind'],
        [q, `${q}A`, '2025-01-10', 1000, 'cash'],
        [q, `${q}A`, '2025-01-11', -2000, 'cash'], // below zero
      ],
    };
    const res = await upload([{ name: 'new.xlsx', data: await xlsx(sheets) }]).expect(400);
    expect(res.body.code).toBe('IMPORT_REFUSED');
    expect(res.body.errors.map((e: { sheet: string; row: number; column: string }) => [e.sheet, e.row, e.column])).toEqual([
      ['participants', 3, 'village'],
      ['capital', 3, 'amount'],
    ]);
    expect(await counts(t)).toEqual(before);
  });

  it('reports every mistake of a workbook at once, message by message', async () => {
    const before = await counts(t);
    const sheets: Sheets = {
      乡镇: [
        ['编码', '名称', '颜色'],
        ['G D', '郭道镇', null],
      ],
      村: [
        ['编码', '名称', '统一社会信用代码'],
        [`${p}X`, '甲村', null],
        [`${p}X`, '乙村', null],
        [`${p}W`, '丙村', '123'],
      ],
      项目: [
        ['编码', '名称', '开始日期'],
        [`${p}Y`, '园区', '2019-13-01'],
      ],
      出资: [
        ['项目编码', '村编码', '日期', '金额', '方式'],
        [`${p}Y`, `${p}X`, '2019-05-01', '12,3', '现金'],
        [`${p}Y`, `${p}X`, '2019-05-01', 100.005, '现金'],
        [`${p}Y`, `${p}X`, null, 100, '贷款'],
        [`${p}Y`, `${p}X`, '2019-05-01', { formula: 'B2*2' }, '现金'],
      ],
      经营成果: [
        ['项目编码', '年度', '收入', '成本'],
        [`${p}Y`, 1800, -5, 0],
      ],
      期初余额: [
        ['项目编码', '截止日', '科目', '借方', '贷方'],
        [`${p}Y`, '2024-12-31', '102', 1, 0],
        [`${p}Y`, '2025-06-30', '311', 0, 1],
      ],
      杂项: [['x']],
    };
    const res = await upload([{ name: 'mistakes.xlsx', data: await xlsx(sheets) }]).expect(400);
    const said = res.body.errors.map((e: { sheet: string; row: number | null; column: string | null; message: string }) =>
      [e.sheet, e.row, e.column, e.message].join(' | '),
    );
    expect(said).toEqual([
      '乡镇 | 1 | 颜色 | 不认识的列名：乡镇表的列为 编码（code）、名称（name）',
      '乡镇 | 2 | 编码 | "G D" 不是有效代码：须为 1 到 32 个字符，只能用字母 A-Z a-z、数字 0-9、"_" 和 "-"，例如 "V01"',
      expect.stringMatching(/^村 \| 4 \| 统一社会信用代码 \| .+/),
      '项目 | 2 | 开始日期 | 2019-13-01 不是有效日期（没有 13 月）',
      '出资 | 2 | 金额 | "12,3" 不是金额（最多两位小数）',
      '出资 | 3 | 金额 | "100.005" 超过两位小数：金额只能到分',
      '出资 | 4 | 日期 | 必填',
      '出资 | 4 | 方式 | "贷款" 不是出资方式：须为 "现金"（cash）或 "实物"（asset）',
      '出资 | 5 | 金额 | 是公式，但文件中没有保存它的计算结果：请在 Excel 中打开、重新计算并保存后再导入',
      '经营成果 | 2 | 年度 | "1800" 不是有效年份（1900 到 9999）',
      '经营成果 | 2 | 收入 | "-5" 不能为负数',
      '杂项 |  |  | 不认识这个工作表（或文件）的名称：应为 乡镇（townships）、村（villages）、项目（projects）、参与村（participants）、出资（capital）、经营成果（results）、期初余额（opening）、成员（members） 之一',
      '村 | 3 | 编码 | 编码与第 2 行重复',
      '期初余额 | 3 | 截止日 | 同一项目的截止日须相同：第 2 行为 2024-12-31',
    ]);
    expect(await counts(t)).toEqual(before);
  });

  it('refuses a file that is neither a workbook nor CSV, and a CSV that is not UTF-8', async () => {
    const pdf = await upload([{ name: 'x.pdf', data: Buffer.from('%PDF-1.4') }]).expect(400);
    expect(pdf.body.errors[0].message).toContain('只接受 Excel 工作簿');
    const gbk = await upload([{ name: '村.csv', data: Buffer.from([0xb4, 0xe5, 0x2c, 0x0a]) }]).expect(400);
    expect(gbk.body.errors[0].message).toContain('不是 UTF-8 编码');
  });

  it('refuses a file over 20 MB, saying so', async () => {
    const big = Buffer.alloc(20 * 1024 * 1024 + 1, 0x41);
    const res = await upload([{ name: 'big.csv', data: big }]).expect(413);
    expect(res.body.message).toContain('超过 20 MB');
  });

  it('lets accountants and admins import, no other role', async () => {
    const data = Buffer.from('code,name\n');
    for (const role of ['treasurer', 'auditor'] as const) {
      const u = await t.signIn(role, role === 'treasurer' ? `${p}A` : undefined);
      await u.http().post('/api/imports').attach('file', data, 'townships.csv').expect(403);
    }
    const admin = await t.signIn('admin');
    await admin.http().post('/api/imports').attach('file', data, 'townships.csv').expect(200);
  });
});

describe('imports: a project from 2019 brought in from one workbook runs 2025 exactly as 05b', () => {
  let t: TestApp;
  let checker: SignedInUser;
  const s = JSON.parse(readFileSync(join(__dirname, '../../fixtures/scenarios/05b-carry-forward-recovery-2025.json'), 'utf8'));
  const expected = JSON.parse(
    readFileSync(join(__dirname, '../../fixtures/scenarios/05b-carry-forward-recovery-2025.expected.json'), 'utf8'),
  );

  beforeAll(async () => {
    t = await createTestApp();
    checker = await t.signIn('accountant');
  });
  afterAll(async () => {
    await t.close();
  });

  it('imports history and opening, posts the opening, imports the 2025 result, and the run equals 05b', async () => {
    const p = uniqueCode('J').slice(0, 10);
    const code = (v: string) => `${p}${v}`;
    const book = await xlsx({
      村: [['编码', '名称'], ...s.villages.map((v: { code: string; name: string }) => [code(v.code), v.name])],
      项目: [
        ['编码', '名称', '开始日期'],
        [`${p}P`, s.project.name, '2019-05-01'],
      ],
      参与村: [['项目编码', '村编码'], ...s.villages.map((v: { code: string }) => [`${p}P`, code(v.code)])],
      出资: [
        ['项目编码', '村编码', '日期', '金额', '方式'],
        ...s.contributions.map((c: { village: string; date: string; amount: string }) => [
          `${p}P`,
          code(c.village),
          c.date,
          c.amount,
          '现金',
        ]),
      ],
      期初余额: [
        ['项目编码', '截止日', '科目', '借方', '贷方'],
        [`${p}P`, '2024-12-31', '102', '2751639.36', null],
        [`${p}P`, '2024-12-31', '322-02', s.deficitBroughtForward, null],
        ...s.villages.map((v: { code: string }) => [`${p}P`, '2024-12-31', `301-${code(v.code)}`, null, '500000.00']),
      ],
    });
    const first = await t.http().post('/api/imports').attach('file', book, 'old-books.xlsx').expect(200);
    expect(first.body.vouchersPosted).toBe(0);
    const [{ id: projectId }] = await t.db.query('SELECT id FROM project WHERE code = $1', [`${p}P`]);
    const base = `/api/projects/${projectId}`;
    const [doc] = (await t.http().get(`${base}/opening-balances`).expect(200)).body;
    await checker.http().post(`${base}/opening-balances/${doc.id}/approve`).expect(200);
    await t.http().post(`${base}/opening-balances/${doc.id}/post`).expect(200);
    await t.http().post(`${base}/policies`).send({ effectiveFromYear: 2025, policy: s.policy }).expect(201);
    const results = Buffer.from(`项目编码,年度,收入,成本\n${p}P,2025,${s.result.revenue},${s.result.costs}\n`);
    await t.http().post('/api/imports').attach('file', results, '经营成果.csv').expect(200);
    const run = await t.http().post(`${base}/runs`).send({ year: 2025 }).expect(201);
    const { project: _p, ...fields } = expected;
    const strip = (c: string) => c.slice(p.length);
    expect({
      year: run.body.result.year,
      netProfit: run.body.result.netProfit,
      guaranteedTotal: run.body.result.guaranteedTotal,
      operatorTopUp: run.body.result.operatorTopUp,
      deficit: run.body.result.deficit,
      surplus: run.body.result.surplus,
      deductions: run.body.result.deductions,
      pool: run.body.result.pool,
      buckets: run.body.result.buckets,
      villages: run.body.result.villages.map(
        (v: { code: string; capitalBase: string; guaranteed: string; shares: object; total: string }) => ({
          code: strip(v.code),
          capitalBase: v.capitalBase,
          guaranteed: v.guaranteed,
          shares: v.shares,
          total: v.total,
        }),
      ),
      payees: run.body.result.payees,
    }).toEqual(fields);
  });
});
