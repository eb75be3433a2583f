import type { Document, Page } from '../../platform/documents/document';
import { Digest, fileSafe, footerOf, Printing, projectTitle } from './common';

/** One voucher as JournalReport.voucher answers it: the stored voucher, its accounts' names and who handled it. */
export interface VoucherAnswer {
  project: string;
  projectName: string;
  number: string;
  sequence: number;
  date: string;
  summary: string;
  /** The number of the voucher this one reverses. */
  reversalOf: string | null;
  /** The number of the voucher that reverses this one, if any (dated up to now). */
  reversedBy: string | null;
  source: { type: string; id: string; fiscalYear: number | null };
  /** What backs the voucher, e.g. 分红明细表 (run …): the attachment counted on the voucher. */
  attachment: string;
  lines: Array<{ account: string; name: string; debit: string; credit: string; memo: string }>;
  totals: { debit: string; credit: string; inWords: string };
  /** 会计主管 / 记账 / 审核 / 制单: display names, '' when nobody held the role. */
  signatures: { supervisor: string; bookkeeper: string; approver: string; preparer: string };
  hash: string;
  /** The day the digest was read: the footer's as-of date. */
  asOf: string;
  digest: Digest;
  redacted?: string;
}

/** The voucher's page: 记账凭证 with its lines, totals in figures and in 大写, and the four signature boxes. */
export function voucherPage(v: VoucherAnswer): Page {
  const marks = [...(v.reversalOf ? [`红字冲销：冲销 ${v.reversalOf}`] : []), ...(v.reversedBy ? [`本凭证已由 ${v.reversedBy} 冲销`] : [])];
  return {
    title: v.reversalOf ? '记账凭证（冲销）' : '记账凭证',
    subtitle: projectTitle({ code: v.project, name: v.projectName }),
    blocks: [
      {
        kind: 'fields',
        items: [
          { label: '凭证号', value: v.number },
          { label: '日期', value: v.date },
          { label: '附单据', value: `1 张（${v.attachment}）` },
          ...(marks.length ? [{ label: '冲销', value: marks.join('；') }] : []),
        ],
      },
      {
        kind: 'table',
        table: {
          name: `凭证 ${v.number}`,
          columns: [
            { key: 'summary', title: '摘要', kind: 'text', width: 2 },
            { key: 'account', title: '科目编码', kind: 'text', width: 1.1 },
            { key: 'name', title: '会计科目', kind: 'text', width: 2.2 },
            { key: 'debit', title: '借方金额', kind: 'money', width: 1.3 },
            { key: 'credit', title: '贷方金额', kind: 'money', width: 1.3 },
          ],
          rows: v.lines.map((l) => ({
            summary: l.memo || v.summary,
            account: l.account,
            name: l.name,
            debit: l.debit === '0.00' ? null : l.debit,
            credit: l.credit === '0.00' ? null : l.credit,
          })),
          totals: { summary: '合计', account: null, name: null, debit: v.totals.debit, credit: v.totals.credit },
        },
      },
      { kind: 'fields', items: [{ label: '合计（大写）', value: v.totals.inWords }] },
      ...(v.redacted ? [{ kind: 'paragraph' as const, text: v.redacted }] : []),
      {
        kind: 'signatures',
        items: [
          { label: '会计主管', name: v.signatures.supervisor },
          { label: '记账', name: v.signatures.bookkeeper },
          { label: '审核', name: v.signatures.approver },
          { label: '制单', name: v.signatures.preparer },
        ],
      },
    ],
  };
}

export function voucherDocument(v: VoucherAnswer, print: Printing): Document {
  return {
    fileName: `记账凭证-${fileSafe(v.project)}-${v.number}`,
    title: `记账凭证 ${v.number}`,
    pages: [voucherPage(v)],
    footer: footerOf({ code: v.project, name: v.projectName }, v.asOf, v.digest, print),
  };
}
