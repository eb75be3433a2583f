import type { Cell, Document } from '../../platform/documents/document';
import { Digest, fileSafe, footerOf, Printing, ProjectLabel, projectTitle } from './common';

type Bal = { side: string; amount: string };

/** The trial balance as ReportsService.trialBalance answers it. */
export interface TrialBalanceAnswer {
  project: string;
  projectName: string;
  periodStart: string;
  asOf: string;
  rows: Array<{ account: string; name: string; level: number; opening: Bal; debit: string; credit: string; closing: Bal }>;
  /** openingDebit, openingCredit, debit, credit, closingDebit, closingCredit: top-level accounts only. */
  totals: Record<string, string>;
  balanced: boolean;
  digest: Digest;
  redacted?: string;
  /** A village's own book: `project` and `projectName` are the village's. */
  book?: 'village';
}

const on = (b: Bal, side: 'debit' | 'credit'): Cell => (b.side === side ? b.amount : null);

/**
 * 科目余额表 in the usual six columns: opening, the period's movement and closing, each as debit and credit, so that
 * a balance sits in the column of its side. Sub-accounts follow their parent, indented; the totals row is the
 * books' (top-level accounts only, each posting counted once), not a sum of every row printed.
 */
export function trialBalanceDocument(tb: TrialBalanceAnswer, print: Printing): Document {
  const project: ProjectLabel = { code: tb.project, name: tb.projectName };
  const rows = tb.rows.map((r) => ({
    account: r.account,
    name: `${'\u3000'.repeat(r.level - 1)}${r.name}`,
    openingDebit: on(r.opening, 'debit'),
    openingCredit: on(r.opening, 'credit'),
    debit: r.debit,
    credit: r.credit,
    closingDebit: on(r.closing, 'debit'),
    closingCredit: on(r.closing, 'credit'),
  }));
  const money = (key: string, title: string) => ({ key, title, kind: 'money' as const, width: 1.3 });
  return {
    fileName: `科目余额表-${fileSafe(tb.project)}-${tb.asOf}`,
    title: '科目余额表',
    orientation: 'landscape',
    pages: [
      {
        title: '科目余额表',
        subtitle: `${projectTitle(project)}\u3000${tb.periodStart} 至 ${tb.asOf}`,
        blocks: [
          {
            kind: 'table',
            table: {
              name: '科目余额表',
              columns: [
                { key: 'account', title: '科目编码', kind: 'text', width: 1.1 },
                { key: 'name', title: '科目名称', kind: 'text', width: 2.2 },
                money('openingDebit', '期初借方'),
                money('openingCredit', '期初贷方'),
                money('debit', '本期借方'),
                money('credit', '本期贷方'),
                money('closingDebit', '期末借方'),
                money('closingCredit', '期末贷方'),
              ],
              rows,
              totals: { account: '合计', name: tb.balanced ? '借贷平衡' : '借贷不平', ...tb.totals },
            },
          },
          ...(tb.redacted ? [{ kind: 'paragraph' as const, text: tb.redacted }] : []),
        ],
      },
    ],
    footer: footerOf(project, tb.asOf, tb.digest, print, tb.book === 'village' ? '村' : undefined),
  };
}
