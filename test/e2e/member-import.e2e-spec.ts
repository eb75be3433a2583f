import ExcelJS from 'exceljs';
import { createTestApp, TestApp, uniqueCode } from '../support/test-app';

/**
 * Issue 16: the import's members sheet (成员) — households and share registers from one workbook, all or nothing,
 * through the households' own services; a whole identity-card number keeps only its last four, and the report says
 * so; the same file again changes nothing.
 */
type Cell = string | number | null;
type Sheets = Record<string, Cell[][]>;

async function xlsx(sheets: Sheets): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r as ExcelJS.CellValue[]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const HEADER = ['村编码', '户编码', '户主', '身份证后四位', '开户行', '账号', '股权登记日', '股种代码', '股种名称', '股数'];

describe('imports: the members sheet', () => {
  let t: TestApp;
  const p = uniqueCode('M').slice(0, 10);
  const village = `${p}A`;

  function members(extra: Cell[][] = []): Sheets {
    return {
      村: [
        ['编码', '名称'],
        [village, '前兴稍村'],
      ],
      成员: [
        HEADER,
        [village, 'H001', '弓长东', '14043019800101123x', '沁县农商行', '6217000012341234', '2024-12-31', 'POP', '人口股', '3'],
        [village, 'H001', '弓长东', '14043019800101123x', '沁县农商行', '6217000012341234', '2024-12-31', 'LAB', '劳龄股', 1.5],
        [village, 'H002', '张三', '0012', null, null, '2024-12-31', 'POP', '人口股', '4'],
        [village, 'H003', '欧阳娜娜', null, null, null, null, null, null, null],
        ...extra,
      ],
    };
  }

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const upload = async (sheets: Sheets, status: number) =>
    t
      .http()
      .post('/api/imports')
      .attach('file', await xlsx(sheets), 'members.xlsx')
      .expect(status);

  const villageId = async () => (await t.db.query(`SELECT id FROM village WHERE code = $1`, [village]))[0]?.id as string | undefined;

  it('the template has the members sheet with its columns', async () => {
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
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    expect(wb.getWorksheet('成员')!.getRow(1).values).toEqual([undefined, ...HEADER]);
    expect(wb.getWorksheet('成员')!.getRow(2).getCell(6).value).toBe('6217000012341234');
  });

  it('refuses bad rows naming sheet, row and column, and stores nothing', async () => {
    const res = await upload(
      members([
        [village, 'H004', '李四', '12', null, '6217-0000', '2024-12-31', 'POP', '人口股', '0'],
        [village, 'H005', '王五', null, null, Number('6217000012341234567'), '2024-12-31', 'POP', null, '1'],
        [village, 'H001', '弓长东', '14043019800101123x', '沁县农商行', '6217000012341234', '2024-12-31', 'POP', '人口股', '2'],
        [village, 'H006', '赵六', null, null, null, '2024-12-31', null, null, null],
        [village, 'H007', '钱七', null, null, null, '2024-12-31', 'AID', '帮扶股', '1.1234567'],
      ]),
      400,
    );
    const said = res.body.errors.map((e: { field: string }) => e.field);
    expect(said).toEqual([
      '成员 第6行 身份证后四位',
      '成员 第6行 账号',
      '成员 第6行 股数',
      '成员 第7行 账号',
      '成员 第10行 股数',
      '成员 第8行 股种代码',
    ]);
    expect(res.body.errors[4].message).toBe('"1.1234567"：最多 6 位小数');
    expect(res.body.errors[5].message).toBe('户、股权登记日和股种与第 2 行重复');
    // Rows that read well but break the records' rules are said once the cells are right.
    const rules = await upload(
      members([
        [village, 'H006', '赵六', null, null, null, '2024-12-31', null, null, null],
        [village, 'H007', '钱七', null, null, null, '2024-12-31', 'POP', '人头股', '1'],
        [village, 'H002', '张三丰', '0012', null, null, '2024-12-31', 'LAB', '劳龄股', '1'],
      ]),
      400,
    );
    expect(rules.body.errors.map((e: { field: string; message: string }) => [e.field, e.message])).toEqual([
      ['成员 第8行 户主', '同一户的各行须相同：第 4 行为 "张三"'],
      ['成员 第6行 股种代码', '填写了股权登记日的行须填写股种代码和股数'],
      ['成员 第6行 股数', '填写了股权登记日的行须填写股种代码和股数'],
      ['成员 第7行 股种名称', '同一登记日同一股种的名称须相同：第 2 行为 "人口股"'],
    ]);
    expect(await villageId()).toBeUndefined();
  });

  it('imports households and a register version; the whole ID number is cut to its last four and the report says so', async () => {
    const res = await upload(members(), 200);
    expect(res.body).toMatchObject({
      sheets: { villages: { created: 1 }, members: { created: 3, changed: 0, unchanged: 0 } },
      registers: { created: 1, changed: 0, unchanged: 0 },
    });
    expect(res.body.notes).toEqual(['成员 第2行 身份证后四位：是完整的身份证号，只保存了后四位']);
    const id = (await villageId())!;
    const households = (await t.http().get(`/api/villages/${id}/households`).expect(200)).body.items;
    expect(
      households.map((h: { code: string; idLast4: string | null; bankAccountMasked: string | null }) => [
        h.code,
        h.idLast4,
        h.bankAccountMasked,
      ]),
    ).toEqual([
      ['H001', '123X', '6217 **** **** 1234'],
      ['H002', '0012', null],
      ['H003', null, null],
    ]);
    const stored = await t.db.query(`SELECT id_last4 FROM household WHERE village_id = $1 AND code = 'H001'`, [id]);
    expect(stored).toEqual([{ id_last4: '123X' }]);
    const register = (await t.http().get(`/api/villages/${id}/share-registers/in-force?date=2025-12-31`).expect(200)).body;
    expect(register.kinds).toEqual([
      { code: 'POP', name: '人口股' },
      { code: 'LAB', name: '劳龄股' },
    ]);
    expect(register.totals.map((x: { units: string }) => x.units)).toEqual(['7', '1.5']);
    const trail = await t.db.query(`SELECT changes::text AS c FROM audit_log WHERE changes::text LIKE '%14043019800101123%'`);
    expect(trail).toEqual([]);
  });

  it('the same file again changes nothing; a correction goes through the service; a changed register is refused', async () => {
    const again = await upload(members(), 200);
    expect(again.body.sheets.members).toEqual({ created: 0, changed: 0, unchanged: 3 });
    expect(again.body.registers).toEqual({ created: 0, changed: 0, unchanged: 1 });
    const changed = members();
    changed.成员[3] = [village, 'H002', '张三丰', '0012', null, null, '2024-12-31', 'POP', '人口股', '4.000'];
    const corrected = await upload(changed, 200);
    expect(corrected.body.sheets.members).toEqual({ created: 0, changed: 1, unchanged: 2 });
    expect(corrected.body.registers).toEqual({ created: 0, changed: 0, unchanged: 1 });
    const other = members();
    other.成员[3] = [village, 'H002', '张三丰', '0012', null, null, '2024-12-31', 'POP', '人口股', '5'];
    const refused = await upload(other, 400);
    expect(JSON.stringify(refused.body)).toContain('股权登记只增加新版本');
  });
});
