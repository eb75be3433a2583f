import type { VillageSideVoucher } from '../../core/ledger';
import type { Block, Document } from '../../platform/documents/document';
import { fileSafe, footerOf, Printing, totalsOf } from './common';

/** The village statement as ReportsService.villageStatement answers it. */
export interface VillageStatementAnswer {
  village: { id: string; code: string; name: string };
  asOf: string;
  dividends: Array<{
    project: string;
    year: number;
    capitalBase: string;
    total: string;
    yieldPercent: string | null;
    owed: string;
    paid: string;
    outstanding: string;
  }>;
  /** Every payment voucher to the village dated up to asOf, the reversed ones too, with their reversal. */
  payments: Array<{
    project: string;
    date: string;
    voucher: string;
    bankReference: string;
    amount: string;
    reversalVoucher: string | null;
    reversalDate: string | null;
  }>;
  villageVouchers: VillageSideVoucher[];
  digests: Array<{ project: string; sequence?: number; hash?: string }>;
}

/**
 * 村对账单: what the village was owed per project and year, every payment (a reversed one shown with its reversal
 * and counted in neither paid column), outstanding, and the vouchers the village books on its side. A statement
 * may span projects: the footer carries the first project's digest, the body every project's.
 */
export function villageStatementDocument(s: VillageStatementAnswer, print: Printing): Document {
  const dividends = s.dividends.map((d) => ({
    project: d.project,
    year: String(d.year),
    capitalBase: d.capitalBase,
    total: d.total,
    yieldPercent: d.yieldPercent,
    owed: d.owed,
    paid: d.paid,
    outstanding: d.outstanding,
  }));
  const payments = s.payments.map((p) => ({
    date: p.date,
    project: p.project,
    voucher: p.voucher,
    bankReference: p.bankReference,
    amount: p.amount,
    status: p.reversalVoucher ? `已冲销（${p.reversalVoucher}，${p.reversalDate}）` : '有效',
  }));
  const live = payments.filter((_, i) => !s.payments[i].reversalVoucher);
  const blocks: Block[] = [
    {
      kind: 'fields',
      items: [
        { label: '村', value: `${s.village.name}（${s.village.code}）` },
        { label: '截至', value: s.asOf },
      ],
    },
    {
      kind: 'table',
      table: {
        name: '应收分红',
        columns: [
          { key: 'project', title: '项目', kind: 'text' },
          { key: 'year', title: '年度', kind: 'integer', width: 0.6 },
          { key: 'capitalBase', title: '出资基数', kind: 'money', width: 1.3 },
          { key: 'total', title: '分红合计', kind: 'money', width: 1.2 },
          { key: 'yieldPercent', title: '分红率', kind: 'percent', width: 0.8 },
          { key: 'owed', title: '应收', kind: 'money', width: 1.2 },
          { key: 'paid', title: '已收', kind: 'money', width: 1.2 },
          { key: 'outstanding', title: '未收', kind: 'money', width: 1.2 },
        ],
        rows: dividends,
        totals: totalsOf(dividends, ['total', 'owed', 'paid', 'outstanding'], 'project'),
      },
    },
    {
      kind: 'table',
      table: {
        name: '收款记录',
        columns: [
          { key: 'date', title: '日期', kind: 'date' },
          { key: 'project', title: '项目', kind: 'text' },
          { key: 'voucher', title: '项目凭证号', kind: 'text' },
          { key: 'bankReference', title: '银行流水号', kind: 'text', width: 1.3 },
          { key: 'amount', title: '金额', kind: 'money', width: 1.2 },
          { key: 'status', title: '状态', kind: 'text', width: 1.8 },
        ],
        rows: payments,
        totals: { ...totalsOf(live, ['amount'], 'project', '有效合计'), date: null, voucher: null, bankReference: null, status: null },
      },
    },
    {
      kind: 'table',
      table: {
        name: '本村记账凭证',
        columns: [
          { key: 'date', title: '日期', kind: 'date' },
          { key: 'summary', title: '摘要', kind: 'text', width: 3 },
          { key: 'account', title: '科目', kind: 'text', width: 1.3 },
          { key: 'debit', title: '借方', kind: 'money', width: 1.2 },
          { key: 'credit', title: '贷方', kind: 'money', width: 1.2 },
        ],
        rows: s.villageVouchers.flatMap((v) =>
          v.lines.map((l) => ({
            date: v.date,
            summary: v.summary,
            account: `${l.account} ${l.name}`,
            debit: l.debit === '0.00' ? null : l.debit,
            credit: l.credit === '0.00' ? null : l.credit,
          })),
        ),
      },
    },
    {
      kind: 'paragraph',
      text:
        s.digests.map((d) => `${d.project} 账簿摘要 #${d.sequence ?? 0} ${(d.hash ?? '').slice(0, 12)}`).join('；') || '没有涉及的项目账簿',
    },
  ];
  const first = s.digests[0];
  const projects = s.digests.map((d) => d.project);
  return {
    fileName: `村对账单-${fileSafe(s.village.name)}-${s.asOf}`,
    title: '村对账单',
    orientation: 'landscape',
    pages: [{ title: '村对账单', subtitle: `${s.village.name}（${s.village.code}）`, blocks }],
    footer: footerOf(
      projects.length ? `${s.village.name}：${projects.join('、')}` : s.village.name,
      s.asOf,
      { sequence: first?.sequence ?? 0, hash: first?.hash ?? '' },
      print,
    ),
  };
}
