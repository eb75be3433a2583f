/**
 * The journal for auditors who script (spec/documents.md, "Journal export"): hledger / ledger-cli and beancount
 * text. Accounts keep the books' codes (`211-V01`), their names go in comments (hledger) or metadata (beancount),
 * and every voucher is one transaction with its number, so `hledger bal` on the file gives the trial balance
 * account by account. Amounts are the lines' decimal strings with their sign (debit positive), in CNY.
 */
import { chartAccountOf } from '../../core/ledger';
import { formatFen, parseMoney } from '../../core/money';
import type { Digest, ProjectLabel } from './common';

export type ExportFormat = 'hledger' | 'beancount';

export interface ExportVoucher {
  number: string;
  date: string;
  summary: string;
  reversalOf: string | null;
  lines: ReadonlyArray<{ account: string; debit: string; credit: string; memo: string }>;
}

export interface JournalExport {
  project: ProjectLabel;
  asOf: string;
  digest: Digest;
  vouchers: readonly ExportVoucher[];
  /** Each account's name as the documents print it (应付款—程壁村). */
  accountName: (account: string) => string;
  /** Said in the header when the journal is a treasurer's cut. */
  redacted?: string;
}

/** The signed amount of a line: debit positive, credit negative. */
function signed(l: { debit: string; credit: string }): string {
  return formatFen(parseMoney(l.debit, 'debit') - parseMoney(l.credit, 'credit'));
}

/** Accounts in the order of first use, with the date they are first used (beancount opens them then). */
function accountsOf(vouchers: readonly ExportVoucher[]): Map<string, string> {
  const first = new Map<string, string>();
  for (const v of vouchers) for (const l of v.lines) if (!first.has(l.account)) first.set(l.account, v.date);
  return new Map([...first].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** One line of text for a comment or a quoted string: no line breaks, no double quotes. */
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').replace(/"/g, '”');

function header(x: JournalExport, comment: string): string[] {
  return [
    `${comment} ${x.project.name}（${x.project.code}）的账簿，截至 ${x.asOf}`,
    `${comment} 账簿摘要 #${x.digest.sequence} ${x.digest.hash}`,
    ...(x.redacted ? [`${comment} ${oneLine(x.redacted)}`] : []),
    '',
  ];
}

/** hledger / ledger-cli journal: `account` directives with names as comments, then one transaction per voucher. */
export function toHledger(x: JournalExport): string {
  const out = header(x, ';');
  for (const account of accountsOf(x.vouchers).keys()) out.push(`account ${account}  ; ${oneLine(x.accountName(account))}`);
  out.push('', 'commodity CNY 1,000.00', '');
  for (const v of x.vouchers) {
    const reversal = v.reversalOf ? `  ; 冲销 ${v.reversalOf}` : '';
    out.push(`${v.date} * (${v.number}) ${oneLine(v.summary)}${reversal}`);
    for (const l of v.lines) {
      const memo = l.memo ? `  ; ${oneLine(l.memo)}` : '';
      out.push(`    ${l.account.padEnd(24)}  CNY ${signed(l).padStart(16)}${memo}`);
    }
    out.push('');
  }
  return out.join('\n');
}

const ROOTS: Readonly<Record<string, string>> = {
  asset: 'Assets',
  liability: 'Liabilities',
  equity: 'Equity',
  income: 'Income',
  expense: 'Expenses',
  cost: 'Expenses',
};

/** Beancount's name of an account: its type's root, then the code (`Liabilities:211-V01`). */
export function beancountAccount(account: string): string {
  return `${ROOTS[chartAccountOf(account).type]}:${account}`;
}

/** Beancount: options, each account opened on its first use with its name as metadata, one transaction per voucher. */
export function toBeancount(x: JournalExport): string {
  const out = header(x, ';');
  out.splice(out.length - 1, 0, `option "title" "${oneLine(x.project.name)}（${x.project.code}）"`, 'option "operating_currency" "CNY"');
  out.push('');
  for (const [account, date] of accountsOf(x.vouchers)) {
    out.push(`${date} open ${beancountAccount(account)} CNY`, `  name: "${oneLine(x.accountName(account))}"`);
  }
  out.push('');
  for (const v of x.vouchers) {
    out.push(`${v.date} * "${v.number}" "${oneLine(v.summary)}"`);
    if (v.reversalOf) out.push(`  reversal-of: "${v.reversalOf}"`);
    for (const l of v.lines) {
      out.push(`  ${beancountAccount(l.account).padEnd(36)}  ${signed(l).padStart(16)} CNY${l.memo ? `  ; ${oneLine(l.memo)}` : ''}`);
    }
    out.push('');
  }
  return out.join('\n');
}
