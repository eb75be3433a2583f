/**
 * The import workbook (spec onboarding.md, "Import from Excel or CSV"): one
 * sheet (or CSV file) per kind of record, with Chinese or English names and
 * column headers. The template, the reader and the messages all come from
 * this one table.
 */

/** How a cell is read: see cells.ts. */
export type CellKind =
  | 'code'
  | 'text'
  | 'date'
  | 'money'
  | 'nonNegativeMoney'
  | 'year'
  | 'count'
  | 'kg'
  | 'capitalKind'
  | 'creditCode'
  | 'idNumber'
  | 'bankAccount'
  | 'units';

export interface ColumnSpec {
  /** The field of the typed row. */
  key: string;
  /** The header as the template writes it (Chinese), and the English one; both are accepted, in any case. */
  zh: string;
  en: string;
  kind: CellKind;
  required: boolean;
  /** Longest text accepted (text and code columns). */
  max?: number;
  example: string | number;
}

export interface SheetSpec {
  kind: SheetKind;
  zh: string;
  en: string;
  columns: ColumnSpec[];
}

export type SheetKind = 'townships' | 'villages' | 'projects' | 'participants' | 'capital' | 'results' | 'opening' | 'members';

const col = (
  key: string,
  zh: string,
  en: string,
  kind: CellKind,
  required: boolean,
  example: string | number,
  max?: number,
): ColumnSpec => ({
  key,
  zh,
  en,
  kind,
  required,
  example,
  ...(max !== undefined && { max }),
});

/** In the order they are applied: each sheet may name records of the sheets before it. */
export const SHEETS: readonly SheetSpec[] = [
  {
    kind: 'townships',
    zh: '乡镇',
    en: 'townships',
    columns: [col('code', '编码', 'code', 'code', true, 'GUODAO'), col('name', '名称', 'name', 'text', true, '郭道镇', 100)],
  },
  {
    kind: 'villages',
    zh: '村',
    en: 'villages',
    columns: [
      col('code', '编码', 'code', 'code', true, 'QXS'),
      col('name', '名称', 'name', 'text', true, '前兴稍村股份经济合作社', 100),
      col('township', '乡镇编码', 'township', 'code', false, 'GUODAO'),
      col('creditCode', '统一社会信用代码', 'credit code', 'creditCode', false, ''),
    ],
  },
  {
    kind: 'projects',
    zh: '项目',
    en: 'projects',
    columns: [
      col('code', '编码', 'code', 'code', true, 'QXS-1'),
      col('name', '名称', 'name', 'text', true, '郭道镇前兴稍村香菇园区（一期）', 200),
      col('park', '园区', 'park', 'text', false, '前兴稍村香菇园区', 200),
      col('phase', '期次', 'phase', 'text', false, '一期', 50),
      col('hostVillage', '所在村', 'host village', 'code', false, 'QXS'),
      col('operator', '运营方', 'operator', 'text', false, '沁源县某食用菌公司', 200),
      col('startDate', '开始日期', 'start date', 'date', false, '2019-05-01'),
    ],
  },
  {
    kind: 'participants',
    zh: '参与村',
    en: 'participants',
    columns: [col('project', '项目编码', 'project', 'code', true, 'QXS-1'), col('village', '村编码', 'village', 'code', true, 'QXS')],
  },
  {
    kind: 'capital',
    zh: '出资',
    en: 'capital',
    columns: [
      col('project', '项目编码', 'project', 'code', true, 'QXS-1'),
      col('village', '村编码', 'village', 'code', true, 'QXS'),
      col('date', '日期', 'date', 'date', true, '2019-05-01'),
      col('amount', '金额', 'amount', 'money', true, '500000.00'),
      col('kind', '方式', 'kind', 'capitalKind', true, '现金'),
      col('source', '资金来源', 'source', 'text', false, '财政衔接资金', 100),
      col('reference', '凭据号', 'reference', 'text', false, '沁财农〔2019〕12号', 100),
      col('memo', '备注', 'memo', 'text', false, '首期出资', 500),
    ],
  },
  {
    kind: 'results',
    zh: '经营成果',
    en: 'results',
    columns: [
      col('project', '项目编码', 'project', 'code', true, 'QXS-1'),
      col('year', '年度', 'year', 'year', true, 2025),
      col('revenue', '收入', 'revenue', 'nonNegativeMoney', true, '2650000.00'),
      col('costs', '成本', 'costs', 'nonNegativeMoney', true, '2000000.00'),
      col('logs', '菌棒', 'logs', 'count', false, 300000),
      col('freshKg', '鲜菇公斤', 'fresh kg', 'kg', false, '450000'),
      col('driedKg', '干菇公斤', 'dried kg', 'kg', false, '12000'),
      col('jobs', '就业人数', 'jobs', 'count', false, 85),
      col('wages', '工资', 'wages', 'nonNegativeMoney', false, '1200000.00'),
    ],
  },
  {
    kind: 'opening',
    zh: '期初余额',
    en: 'opening',
    columns: [
      col('project', '项目编码', 'project', 'code', true, 'QXS-1'),
      col('cutoverDate', '截止日', 'cut-over date', 'date', true, '2024-12-31'),
      col('account', '科目', 'account', 'text', true, '322-02', 64),
      col('debit', '借方', 'debit', 'nonNegativeMoney', false, '248360.64'),
      col('credit', '贷方', 'credit', 'nonNegativeMoney', false, '0.00'),
    ],
  },
  {
    // One row per household and share kind (a household without shares: one row, the share columns empty).
    kind: 'members',
    zh: '成员',
    en: 'members',
    columns: [
      col('village', '村编码', 'village', 'code', true, 'QXS'),
      col('household', '户编码', 'household', 'code', true, 'H001'),
      col('headName', '户主', 'head', 'text', true, '弓长东', 50),
      col('idLast4', '身份证后四位', 'id last 4', 'idNumber', false, '123X'),
      col('bankName', '开户行', 'bank', 'text', false, '沁源县农村信用合作联社', 100),
      col('bankAccount', '账号', 'account', 'bankAccount', false, '6217000012341234'),
      col('registeredOn', '股权登记日', 'registered on', 'date', false, '2024-12-31'),
      col('kind', '股种代码', 'share kind', 'code', false, 'POP'),
      col('kindName', '股种名称', 'share kind name', 'text', false, '人口股', 50),
      col('units', '股数', 'units', 'units', false, '3'),
    ],
  },
];

/** The comparable form of a sheet name or header: trimmed, lower case, inner spaces and underscores as one space. */
export function normalName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, ' ');
}

/** The sheet a workbook sheet or CSV file name stands for: its Chinese or English name (a CSV file's name without .csv). */
export function sheetNamed(name: string): SheetSpec | undefined {
  const n = normalName(name.replace(/\.csv$/i, ''));
  return SHEETS.find((s) => normalName(s.zh) === n || normalName(s.en) === n || normalName(`${s.zh} ${s.en}`) === n);
}
