import type { Document } from '../../platform/documents/document';
import { Digest, digestLine, fileSafe, footerOf, Printing, projectTitle, totalsOf } from './common';
import type { Waterfall } from './run-statement.document';

/** The public notice of a run as RunDocumentsService.publicity answers it. */
export interface PublicityAnswer {
  project: string;
  projectName: string;
  year: number;
  runId: string;
  asOf: string;
  waterfall: Waterfall;
  /** The waterfall in one line, as posted on the board. */
  waterfallLine: string;
  villages: Array<{ code: string; name: string; capitalBase: string; total: string; yieldPercent: string | null }>;
  period: { from: string; to: string; days: number };
  objections: string;
  digest: Digest;
  /** What the QR code holds: the project, the chain's sequence and its full hash. */
  qr: string;
}

/**
 * 公示表 (村务公开) for the notice board: every participating village's capital and dividend. It is public among
 * the project's villages, so a treasurer's answer is the whole table too (README, "Documents").
 */
export function publicityDocument(p: PublicityAnswer, print: Printing): Document {
  const project = { code: p.project, name: p.projectName };
  const rows = p.villages.map((v) => ({
    name: v.name,
    code: v.code,
    capitalBase: v.capitalBase,
    total: v.total,
    yieldPercent: v.yieldPercent,
  }));
  return {
    fileName: `公示表-${fileSafe(p.project)}-${p.year}`,
    title: '分红公示表',
    pages: [
      {
        title: `${p.year} 年度分红公示表`,
        subtitle: projectTitle(project),
        blocks: [
          { kind: 'paragraph', text: p.waterfallLine },
          {
            kind: 'table',
            table: {
              name: '各村分红',
              columns: [
                { key: 'name', title: '村名', kind: 'text', width: 1.3 },
                { key: 'code', title: '村代码', kind: 'text', width: 0.9 },
                { key: 'capitalBase', title: '出资基数', kind: 'money', width: 1.4 },
                { key: 'total', title: '分红合计', kind: 'money', width: 1.3 },
                { key: 'yieldPercent', title: '分红率', kind: 'percent', width: 0.8 },
              ],
              rows,
              totals: totalsOf(rows, ['capitalBase', 'total'], 'name'),
            },
          },
          {
            kind: 'fields',
            items: [
              { label: '公示期', value: `${p.period.from} 至 ${p.period.to}（${p.period.days} 天）` },
              { label: '异议受理', value: p.objections },
            ],
          },
          { kind: 'paragraph', text: `${digestLine(p.digest)}。扫描二维码可核对账簿摘要。` },
          { kind: 'qr', text: p.qr, caption: `账簿摘要 #${p.digest.sequence} ${p.digest.hash.slice(0, 12)}` },
        ],
      },
    ],
    footer: footerOf(project, p.asOf, p.digest, print),
  };
}
