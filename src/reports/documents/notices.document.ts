import type { VillageSideVoucher } from '../../core/ledger';
import type { Block, Document, Page } from '../../platform/documents/document';
import { Digest, digestLine, fileSafe, footerOf, Printing, projectTitle, yuan } from './common';

/** One village's notice: its capital and days held, each part of its dividend with the formula, paid, outstanding. */
export interface Notice {
  village: { code: string; name: string };
  capitalBase: string;
  /** Each capital event as it counts in the year (from the stored trace): days held of the days in the year. */
  capital: Array<{ date: string; amount: string; daysHeld: string | null; daysInYear: string | null; text: string }>;
  guaranteed: string;
  guaranteedFormula: string;
  shares: Array<{ code: string; name: string; amount: string; formula: string }>;
  total: string;
  totalInWords: string;
  yieldPercent: string | null;
  owed: string;
  paid: string;
  outstanding: string;
  /** What the village books on its side (Dr 112 / Cr 502 for the dividend, Dr 102 / Cr 112 per receipt). */
  villageVouchers: VillageSideVoucher[];
}

/** The notices of a run as RunDocumentsService.notices answers them. */
export interface NoticesAnswer {
  project: string;
  projectName: string;
  year: number;
  runId: string;
  postingDate: string | null;
  asOf: string;
  notices: Notice[];
  digest: Digest;
}

/** 分红通知单: one page per village, the page a treasurer carries back and the villager keeps (his 分红单). */
export function noticePage(n: Notice, a: NoticesAnswer): Page {
  const blocks: Block[] = [
    {
      kind: 'fields',
      items: [
        { label: '村', value: `${n.village.name}（${n.village.code}）` },
        { label: '项目', value: projectTitle({ code: a.project, name: a.projectName }) },
        { label: '年度', value: String(a.year) },
        { label: '出资基数', value: yuan(n.capitalBase) },
      ],
    },
    {
      kind: 'table',
      table: {
        name: `${n.village.code} 出资及持有天数`,
        columns: [
          { key: 'date', title: '出资日期', kind: 'date' },
          { key: 'amount', title: '金额', kind: 'money', width: 1.3 },
          { key: 'daysHeld', title: '持有天数', kind: 'integer' },
          { key: 'daysInYear', title: '全年天数', kind: 'integer' },
        ],
        rows: n.capital.map((c) => ({ date: c.date, amount: c.amount, daysHeld: c.daysHeld, daysInYear: c.daysInYear })),
      },
    },
    {
      kind: 'table',
      table: {
        name: `${n.village.code} 分红计算`,
        columns: [
          { key: 'item', title: '项目', kind: 'text', width: 1.2 },
          { key: 'amount', title: '金额', kind: 'money', width: 1.2 },
          { key: 'formula', title: '计算', kind: 'text', width: 4 },
        ],
        rows: [
          { item: '保底分红', amount: n.guaranteed, formula: n.guaranteedFormula },
          ...n.shares.map((s) => ({ item: s.name, amount: s.amount, formula: s.formula })),
        ],
        totals: { item: '分红合计', amount: n.total, formula: n.yieldPercent === null ? null : `占出资基数 ${n.yieldPercent}%` },
      },
    },
    {
      kind: 'fields',
      items: [
        { label: '分红合计（大写）', value: n.totalInWords },
        { label: `已付（截至 ${a.asOf}）`, value: yuan(n.paid) },
        { label: '未付', value: yuan(n.outstanding) },
      ],
    },
    {
      kind: 'table',
      table: {
        name: `${n.village.code} 本村记账凭证`,
        columns: [
          { key: 'date', title: '日期', kind: 'date' },
          { key: 'summary', title: '摘要', kind: 'text', width: 3 },
          { key: 'account', title: '科目', kind: 'text', width: 1.3 },
          { key: 'debit', title: '借方', kind: 'money', width: 1.2 },
          { key: 'credit', title: '贷方', kind: 'money', width: 1.2 },
        ],
        rows: n.villageVouchers.flatMap((v) =>
          v.lines.map((l, i) => ({
            date: i === 0 ? v.date : null,
            summary: i === 0 ? v.summary : null,
            account: `${l.account} ${l.name}`,
            debit: l.debit === '0.00' ? null : l.debit,
            credit: l.credit === '0.00' ? null : l.credit,
          })),
        ),
      },
    },
    {
      kind: 'paragraph',
      text: `${digestLine(a.digest)}；分红计算 ${a.runId}${a.postingDate ? `，${a.postingDate} 入账` : '，尚未入账'}。`,
    },
    {
      kind: 'signatures',
      items: [
        { label: '经办（乡镇会计）', name: '' },
        { label: '村报账员签收', name: '' },
        { label: '日期', name: '' },
      ],
    },
  ];
  return { title: '分红通知单', subtitle: `${n.village.name}\u3000${a.year} 年度`, blocks };
}

/** Every village's notice, in code order, one page each; named for the village when there is one. */
export function noticesDocument(a: NoticesAnswer, print: Printing): Document {
  const one = a.notices.length === 1 ? `-${fileSafe(a.notices[0].village.name)}` : '';
  return {
    fileName: `分红通知单-${fileSafe(a.project)}-${a.year}${one}`,
    title: '分红通知单',
    pages: a.notices.map((n) => noticePage(n, a)),
    footer: footerOf({ code: a.project, name: a.projectName }, a.asOf, a.digest, print),
  };
}
