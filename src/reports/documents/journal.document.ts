import type { Document } from '../../platform/documents/document';
import { Digest, fileSafe, footerOf, Printing, projectTitle, totalsOf } from './common';

/** The journal as JournalReport.journalDocumentData answers it: every voucher of the filter, not one page. */
export interface JournalAnswer {
  project: string;
  projectName: string;
  filter: { from?: string; to?: string; account?: string; village?: string };
  asOf: string;
  items: Array<{
    number: string;
    date: string;
    summary: string;
    reversalOf: string | null;
    lines: Array<{ account: string; name: string; debit: string; credit: string; memo: string }>;
  }>;
  digest: Digest;
  redacted?: string;
  /** A village's own book: `project` and `projectName` are the village's. */
  book?: 'village';
}

/**
 * 凭证列表 (序时账): one row per voucher line, each carrying its voucher's date, number and 摘要, so that a sheet can
 * be filtered and re-added line by line; the totals are the exact sums of the lines.
 */
export function journalDocument(j: JournalAnswer, print: Printing): Document {
  const project = { code: j.project, name: j.projectName };
  const rows = j.items.flatMap((v) =>
    v.lines.map((l) => ({
      date: v.date,
      number: v.number,
      summary: l.memo ? `${v.summary}（${l.memo}）` : v.summary,
      account: l.account,
      name: l.name,
      debit: l.debit,
      credit: l.credit,
      reversalOf: v.reversalOf,
    })),
  );
  const f = j.filter;
  const period = `${f.from ?? '最早'} 至 ${f.to ?? j.asOf}`;
  const filters = [
    { label: '期间', value: period },
    ...(f.account ? [{ label: '科目', value: f.account }] : []),
    ...(f.village ? [{ label: '村', value: f.village }] : []),
    { label: '凭证数', value: String(j.items.length) },
  ];
  return {
    fileName: `凭证列表-${fileSafe(j.project)}-${f.from ?? '始'}-${f.to ?? j.asOf}`,
    title: '凭证列表',
    orientation: 'landscape',
    pages: [
      {
        title: '凭证列表（序时账）',
        subtitle: projectTitle(project),
        blocks: [
          { kind: 'fields', items: filters },
          {
            kind: 'table',
            table: {
              name: '凭证列表',
              columns: [
                { key: 'date', title: '日期', kind: 'date', width: 1 },
                { key: 'number', title: '凭证号', kind: 'text', width: 1.1 },
                { key: 'summary', title: '摘要', kind: 'text', width: 2.4 },
                { key: 'account', title: '科目编码', kind: 'text', width: 1.2 },
                { key: 'name', title: '科目名称', kind: 'text', width: 2 },
                { key: 'debit', title: '借方', kind: 'money', width: 1.2 },
                { key: 'credit', title: '贷方', kind: 'money', width: 1.2 },
                { key: 'reversalOf', title: '冲销凭证', kind: 'text', width: 1.1 },
              ],
              rows,
              totals: totalsOf(rows, ['debit', 'credit'], 'number'),
            },
          },
          ...(j.redacted ? [{ kind: 'paragraph' as const, text: j.redacted }] : []),
        ],
      },
    ],
    footer: footerOf(project, j.asOf, j.digest, print, j.book === 'village' ? '村' : undefined),
  };
}
