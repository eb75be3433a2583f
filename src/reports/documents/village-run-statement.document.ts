import type { Block, Cell, Column, Document } from '../../platform/documents/document';
import type { VillageRunStatement } from '../../village-runs/village-runs.service';
import { digestLine, fileSafe, footerOf, Printing, totalsOf, yuan } from './common';

/**
 * A village's member distribution run as VillageRunsService.statement answers it (issue 16): amounts are decimal
 * strings with two decimals, units and weights decimal strings with up to six. The documents of the run (this
 * statement, 户分红单, 成员分红公示表) are all built from it.
 */
export type VillageRunStatementAnswer = VillageRunStatement;

export const VILLAGE_RUN_STATUS: Readonly<Record<string, string>> = {
  draft: '草稿',
  approved: '已审核',
  posted: '已入账',
  reversed: '已冲销',
};

/** The village as a footer and a subtitle name it: 程壁村（V01）. */
export function villageLabel(s: { villageCode: string; villageName: string }): { code: string; name: string } {
  return { code: s.villageCode, name: s.villageName };
}

/** The date part of a timestamp as the answers give it (`2026-01-15T09:30:00…` or `2026-01-15 09:30:00`), or —. */
export function dayOf(at: string | null): string {
  return at ? at.slice(0, 10) : '—';
}

/** One column per share kind, its units as the register holds them (text: up to six decimals, never a float). */
export function unitColumns(kinds: VillageRunStatementAnswer['kinds']): Column[] {
  return kinds.map((k) => ({ key: `units:${k.code}`, title: `${k.name}（股）`, kind: 'text', width: 0.9 }));
}

export function unitCells(kinds: VillageRunStatementAnswer['kinds'], units: Record<string, string>): Record<string, Cell> {
  return Object.fromEntries(kinds.map((k) => [`units:${k.code}`, units[k.code] ?? null]));
}

/**
 * 成员分红明细表: the income the village distributes (by project and other), what it keeps, what is shared, the
 * share kinds with their weights, one line per household (units by kind, weight, amount, paid, outstanding) with
 * totals that are the lines' sums, the explanation, the hashes and who prepared, approved and posted it.
 */
export function villageRunStatementDocument(s: VillageRunStatementAnswer, print: Printing): Document {
  const village = villageLabel(s);
  const income = [
    ...s.income.projects.map((p) => ({ item: `${p.name}（${p.code}）投资收益`, amount: p.amount })),
    { item: '其他收入', amount: s.income.other },
  ];
  const keeps = s.keeps.map((k) => ({ code: k.code, name: `提取${k.name}`, amount: k.amount }));
  const rows = s.households.map((h) => ({
    code: h.code,
    headName: h.headName,
    ...unitCells(s.kinds, h.units),
    weight: h.weight,
    amount: h.amount,
    paid: h.paid,
    outstanding: h.outstanding,
  }));
  const blocks: Block[] = [
    {
      kind: 'fields',
      items: [
        { label: '村', value: `${s.villageName}（${s.villageCode}）` },
        { label: '年度', value: String(s.year) },
        { label: '状态', value: VILLAGE_RUN_STATUS[s.status] ?? s.status },
        { label: '股权登记日', value: s.register.registeredOn },
        { label: '分配方案', value: `${s.policy.fromYear} 年起第 ${s.policy.version} 版` },
        { label: '入账日期', value: s.postingDate ?? '未入账' },
      ],
    },
    {
      kind: 'table',
      table: {
        name: '可分配收入',
        columns: [
          { key: 'item', title: '项目', kind: 'text', width: 3 },
          { key: 'amount', title: '金额', kind: 'money', width: 1.5 },
        ],
        rows: income,
        totals: { item: '收入合计', amount: s.income.total },
      },
    },
    {
      kind: 'table',
      table: {
        name: '提取',
        columns: [
          { key: 'code', title: '代码', kind: 'text', width: 1 },
          { key: 'name', title: '项目', kind: 'text', width: 2 },
          { key: 'amount', title: '金额', kind: 'money', width: 1.5 },
        ],
        rows: keeps,
        totals: { code: '提取合计', name: null, amount: s.kept },
      },
    },
    {
      kind: 'fields',
      items: [
        { label: '收入合计', value: yuan(s.income.total) },
        { label: '提取合计', value: yuan(s.kept) },
        { label: '成员分红总额', value: yuan(s.shared) },
      ],
    },
    {
      kind: 'table',
      table: {
        name: '股种及权重',
        columns: [
          { key: 'code', title: '股种代码', kind: 'text' },
          { key: 'name', title: '股种', kind: 'text', width: 1.5 },
          { key: 'weight', title: '每股权重', kind: 'text' },
        ],
        rows: s.kinds.map((k) => ({ code: k.code, name: k.name, weight: k.weight })),
      },
    },
    {
      kind: 'table',
      table: {
        name: '各户分红',
        columns: [
          { key: 'code', title: '户编码', kind: 'text', width: 1.1 },
          { key: 'headName', title: '户主', kind: 'text', width: 1 },
          ...unitColumns(s.kinds),
          { key: 'weight', title: '折算股数', kind: 'text', width: 1 },
          { key: 'amount', title: '分红金额', kind: 'money', width: 1.2 },
          { key: 'paid', title: '已付', kind: 'money', width: 1.2 },
          { key: 'outstanding', title: '未付', kind: 'money', width: 1.2 },
        ],
        rows,
        totals: totalsOf(rows, ['amount', 'paid', 'outstanding'], 'code'),
      },
    },
  ];
  const e = s.explanation;
  for (const text of [...e.income, ...e.keeps, ...e.shares, ...e.checks, e.rounding]) if (text) blocks.push({ kind: 'paragraph', text });
  blocks.push({ kind: 'paragraph', text: `输入哈希 ${s.inputsHash}；结果哈希 ${s.resultHash}。` });
  blocks.push({ kind: 'paragraph', text: `${digestLine(s.digest)}（本村账簿）；分红计算 ${s.id}。` });
  blocks.push({
    kind: 'signatures',
    items: [
      { label: `制单（${dayOf(s.preparedAt)}）`, name: s.preparedBy },
      { label: `审核（${dayOf(s.approvedAt)}）`, name: s.approvedBy ?? '' },
      { label: `记账（${s.postingDate ?? dayOf(s.postedAt)}）`, name: s.postedBy ?? '' },
    ],
  });
  if (s.reversedBy) blocks.push({ kind: 'paragraph', text: `已于 ${dayOf(s.reversedAt)} 由 ${s.reversedBy} 冲销。` });
  return {
    fileName: `成员分红明细表-${fileSafe(s.villageCode)}-${s.year}`,
    title: '成员分红明细表',
    orientation: 'landscape',
    pages: [{ title: '成员分红明细表', subtitle: `${s.villageName}（${s.villageCode}）\u3000${s.year} 年度`, blocks }],
    footer: footerOf(village, print.printedAt.slice(0, 10), s.digest, print, '村'),
  };
}
