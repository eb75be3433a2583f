import type { Block, Cell, Column, Document } from '../../platform/documents/document';
import { Digest, fileSafe, footerOf, Printing, projectTitle, totalsOf } from './common';

export interface NamedAmount {
  code: string;
  name: string;
  amount: string;
}

/** The waterfall of a stored result (core/distribution/result.ts), with the deductions' and buckets' names. */
export interface Waterfall {
  netProfit: string;
  guaranteed: string;
  operatorTopUp: string;
  deficit: { broughtForward: string; recovered: string; incurred: string; carriedForward: string };
  surplus: string;
  deductions: NamedAmount[];
  pool: string;
  buckets: NamedAmount[];
}

/** Who prepared, approved and posted a run, by display name, and when (Beijing dates). */
export interface RunHandling {
  preparedBy: string;
  preparedOn: string;
  approvedBy: string | null;
  approvedOn: string | null;
  postedBy: string | null;
  postingDate: string | null;
}

/** The run statement as ReportsService.runStatement answers it. */
export interface RunStatementAnswer {
  project: string;
  projectName: string;
  phase: string | null;
  year: number;
  runId: string;
  status: string;
  postingDate: string | null;
  asOf: string;
  waterfall: Waterfall;
  villages: Array<{
    code: string;
    name: string;
    capitalBase: string;
    guaranteed: string;
    shares: Record<string, string>;
    total: string;
    yieldPercent: string | null;
    paid: string;
    outstanding: string;
  }>;
  payees: Array<{ code: string; bucket: string; amount: string }>;
  handledBy: RunHandling;
  digest: Digest;
  redacted?: string;
}

const STATUS: Readonly<Record<string, string>> = { draft: '草稿', approved: '已审核', posted: '已入账', reversed: '已冲销' };

/** The waterfall in the rulebook's order: N, G, T or I, R, S, each deduction, the pool and each bucket. */
export function waterfallRows(w: Waterfall): Array<Record<string, Cell>> {
  const row = (item: string, amount: string) => ({ item, amount });
  return [
    row('本年净收益 N', w.netProfit),
    row('保底分红 G', w.guaranteed),
    ...(w.operatorTopUp !== '0.00' ? [row('运营方补齐 T', w.operatorTopUp)] : []),
    ...(w.deficit.incurred !== '0.00' ? [row('本年亏损 I（结转以后年度弥补）', w.deficit.incurred)] : []),
    ...(w.deficit.broughtForward !== '0.00' ? [row('以前年度结转亏损 B', w.deficit.broughtForward)] : []),
    row('弥补以前年度亏损 R', w.deficit.recovered),
    row('结余 S', w.surplus),
    ...w.deductions.map((d) => row(`提取${d.name}`, d.amount)),
    row('可分配利润 P', w.pool),
    ...w.buckets.map((b) => row(`其中：${b.name}`, b.amount)),
    ...(w.deficit.carriedForward !== '0.00' ? [row('结转以后年度的亏损', w.deficit.carriedForward)] : []),
  ];
}

export function waterfallBlock(w: Waterfall, name = '分配过程'): Block {
  return {
    kind: 'table',
    table: {
      name,
      columns: [
        { key: 'item', title: '项目', kind: 'text', width: 3 },
        { key: 'amount', title: '金额', kind: 'money', width: 1.5 },
      ],
      rows: waterfallRows(w),
    },
  };
}

/**
 * 分红明细表: the project and phase, the waterfall, one row per village (capital base, guaranteed, each bucket,
 * total, paid, outstanding) with totals that are the rows' sums, the payees, and who prepared, approved and posted
 * it. A treasurer's answer has their own village's row only: no totals row then, since the project's totals are
 * the waterfall's and would not be the sum of what is printed.
 */
export function runStatementDocument(s: RunStatementAnswer, print: Printing): Document {
  const project = { code: s.project, name: s.projectName };
  const bucketColumns: Column[] = s.waterfall.buckets.map((b) => ({ key: `share:${b.code}`, title: b.name, kind: 'money', width: 1.2 }));
  const rows = s.villages.map((v) => ({
    code: v.code,
    name: v.name,
    capitalBase: v.capitalBase,
    guaranteed: v.guaranteed,
    ...Object.fromEntries(s.waterfall.buckets.map((b) => [`share:${b.code}`, v.shares[b.code] ?? null])),
    total: v.total,
    yieldPercent: v.yieldPercent,
    paid: v.paid,
    outstanding: v.outstanding,
  }));
  const moneyKeys = ['capitalBase', 'guaranteed', ...bucketColumns.map((c) => c.key), 'total', 'paid', 'outstanding'];
  const h = s.handledBy;
  const blocks: Block[] = [
    {
      kind: 'fields',
      items: [
        { label: '项目', value: projectTitle(project) },
        ...(s.phase ? [{ label: '期次', value: s.phase }] : []),
        { label: '年度', value: String(s.year) },
        { label: '状态', value: STATUS[s.status] ?? s.status },
        { label: '入账日期', value: s.postingDate ?? '未入账' },
        { label: '已付截至', value: s.asOf },
      ],
    },
    waterfallBlock(s.waterfall),
    {
      kind: 'table',
      table: {
        name: '各村分红',
        columns: [
          { key: 'code', title: '村代码', kind: 'text', width: 1.3 },
          { key: 'name', title: '村名', kind: 'text', width: 1.2 },
          { key: 'capitalBase', title: '出资基数', kind: 'money', width: 1.4 },
          { key: 'guaranteed', title: '保底分红', kind: 'money', width: 1.2 },
          ...bucketColumns,
          { key: 'total', title: '分红合计', kind: 'money', width: 1.2 },
          { key: 'yieldPercent', title: '分红率', kind: 'percent', width: 0.8 },
          { key: 'paid', title: '已付', kind: 'money', width: 1.2 },
          { key: 'outstanding', title: '未付', kind: 'money', width: 1.2 },
        ],
        rows,
        ...(!s.redacted && { totals: totalsOf(rows, moneyKeys, 'code') }),
      },
    },
  ];
  if (s.payees.length > 0) {
    blocks.push({
      kind: 'table',
      table: {
        name: '其他收款方',
        columns: [
          { key: 'code', title: '收款方', kind: 'text' },
          { key: 'bucket', title: '分成项目', kind: 'text' },
          { key: 'amount', title: '金额', kind: 'money' },
        ],
        rows: s.payees.map((p) => ({
          code: p.code,
          bucket: s.waterfall.buckets.find((b) => b.code === p.bucket)?.name ?? p.bucket,
          amount: p.amount,
        })),
      },
    });
  }
  if (s.redacted) blocks.push({ kind: 'paragraph', text: s.redacted });
  blocks.push({ kind: 'paragraph', text: '分红率 = 分红合计 ÷ 出资基数，四舍五入到 0.01%；已付按年度先后冲抵（先进先出）。' });
  blocks.push({
    kind: 'signatures',
    items: [
      { label: `制单（${h.preparedOn}）`, name: h.preparedBy },
      { label: `审核（${h.approvedOn ?? '—'}）`, name: h.approvedBy ?? '' },
      { label: `记账（${h.postingDate ?? '—'}）`, name: h.postedBy ?? '' },
    ],
  });
  return {
    fileName: `分红明细表-${fileSafe(s.project)}-${s.year}`,
    title: '分红明细表',
    orientation: 'landscape',
    pages: [{ title: '分红明细表', subtitle: `${projectTitle(project)}\u3000${s.year} 年度`, blocks }],
    footer: footerOf(project, s.asOf, s.digest, print),
  };
}
