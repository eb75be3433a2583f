import type { Document } from '../../platform/documents/document';
import { Digest, fileSafe, footerOf, Printing, projectTitle, yuan } from './common';

/** One line of the statement: its number (行次), its label as 财会〔2023〕14号 words it, and the amount. */
export interface IncomeLine {
  line: number;
  item: string;
  amount: string;
}

/** 收益及收益分配表 as IncomeDistributionService answers it. */
export interface IncomeDistributionAnswer {
  project: string;
  projectName: string;
  year: number;
  /** The posted run the distribution lines come from; null when the year has none (distributions are then zero). */
  runId: string | null;
  lines: IncomeLine[];
  /** Figures per mushroom log (yuan, half-up to 2 decimals), when the year's result counts the logs. */
  perLog: { mushroomLogs: string; revenue: string | null; netProfit: string | null } | null;
  asOf: string;
  digest: Digest;
}

export function incomeDistributionDocument(s: IncomeDistributionAnswer, print: Printing): Document {
  const project = { code: s.project, name: s.projectName };
  return {
    fileName: `收益及收益分配表-${fileSafe(s.project)}-${s.year}`,
    title: '收益及收益分配表',
    pages: [
      {
        title: '收益及收益分配表',
        subtitle: `${projectTitle(project)}\u3000${s.year} 年度\u3000单位：元`,
        blocks: [
          {
            kind: 'table',
            table: {
              name: '收益及收益分配表',
              columns: [
                { key: 'item', title: '项目', kind: 'text', width: 3 },
                { key: 'line', title: '行次', kind: 'integer', width: 0.6 },
                { key: 'amount', title: '本年金额', kind: 'money', width: 1.5 },
              ],
              rows: s.lines.map((l) => ({ item: l.item, line: String(l.line), amount: l.amount })),
            },
          },
          ...(s.perLog
            ? [
                {
                  kind: 'fields' as const,
                  items: [
                    { label: '菌棒数', value: s.perLog.mushroomLogs },
                    { label: '每菌棒经营收入', value: s.perLog.revenue === null ? '—' : yuan(s.perLog.revenue) },
                    { label: '每菌棒本年收益', value: s.perLog.netProfit === null ? '—' : yuan(s.perLog.netProfit) },
                  ],
                },
              ]
            : []),
          {
            kind: 'paragraph',
            text: s.runId
              ? `各项分配取自 ${s.year} 年度已入账的分红计算 ${s.runId}；经营收入、经营支出和年初未分配收益取自账簿。`
              : `${s.year} 年度还没有已入账的分红计算：各项分配为零。`,
          },
        ],
      },
    ],
    footer: footerOf(project, s.asOf, s.digest, print),
  };
}
