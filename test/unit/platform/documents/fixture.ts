/** A small run statement as a Document, for the renderers' tests: every kind of column and block. */
import { formatFen } from '../../../../src/core/money';
import type { Document, Page, Table } from '../../../../src/platform/documents/document';

export const FOOTER = {
  project: '大洪食用菌产业园（DH-1）',
  asOf: '2025-12-31',
  digest: { sequence: '1234', hash: 'abcdef012345' },
  printedBy: '王会计',
  printedAt: '2026-01-05 10:00:00',
};

/** `rows` villages: 程壁村1, 程壁村2, ...; the first owes 34,500.00, the second is a reversal of -12.30. */
export function villagesTable(rows: number): Table {
  const villages = Array.from({ length: rows }, (_, i) => ({
    village: `程壁村${i + 1}`,
    capital: '500000.00',
    total: i === 1 ? '-12.30' : '34500.00',
    ratio: '6.90',
    days: '365',
    joined: '2025-01-01',
  }));
  return {
    name: '各村分红',
    columns: [
      { key: 'village', title: '村', kind: 'text', width: 1.5 },
      { key: 'capital', title: '出资额', kind: 'money', width: 1.4 },
      { key: 'total', title: '分红合计', kind: 'money', width: 1.2 },
      { key: 'ratio', title: '占出资比例', kind: 'percent' },
      { key: 'days', title: '持有天数', kind: 'integer' },
      { key: 'joined', title: '加入日期', kind: 'date' },
    ],
    rows: villages,
    totals: {
      capital: formatFen(50_000_000n * BigInt(rows)),
      total: formatFen(villages.reduce((sum, v) => sum + BigInt(v.total.replace('.', '')), 0n)),
    },
  };
}

export function statement(rows: number, extra: Partial<Document> = {}): Document {
  const page: Page = {
    title: '分红明细表',
    subtitle: '大洪食用菌产业园（DH-1） 第一期 2025 年度',
    blocks: [
      {
        kind: 'fields',
        items: [
          { label: '项目', value: '大洪食用菌产业园' },
          { label: '年度', value: '2025' },
          { label: '大写', value: '人民币叁万肆仟伍佰元整' },
        ],
      },
      { kind: 'paragraph', text: '保底分红 = 出资额 × 6% × 持有天数 / 365' },
      { kind: 'table', table: villagesTable(rows) },
      {
        kind: 'signatures',
        items: [
          { label: '会计主管', name: '李主管' },
          { label: '记账', name: '赵记账' },
          { label: '审核', name: '' },
          { label: '制单', name: '张制单' },
        ],
      },
    ],
  };
  return { fileName: '分红明细表-DH-1-2025', title: '分红明细表', pages: [page], footer: FOOTER, ...extra };
}
