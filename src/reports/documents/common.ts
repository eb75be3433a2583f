/**
 * What every document builder shares: who prints and when, the footer, and the few words a document writes the
 * same way everywhere (balance sides, village labels). Builders turn a report's JSON answer into a `Document`;
 * they add no figure of their own but sums of the rows they print, taken exactly in bigint fen.
 */
import { formatFen, parseMoney } from '../../core/money';
import { printedCell } from '../../platform/documents/cells';
import type { Cell, Footer } from '../../platform/documents/document';

/** Who prints a document and when: the footer's last two items. */
export interface Printing {
  /** The user's display name (or login). */
  printedBy: string;
  /** Beijing time, `YYYY-MM-DD HH:mm:ss`. */
  printedAt: string;
}

/** The project as a footer and a subtitle name it: 韩洪乡定湖村飞地香菇园区（首期）（DH-1）. */
export interface ProjectLabel {
  code: string;
  name: string;
}

export type Digest = { sequence: number; hash: string };

export function projectTitle(p: ProjectLabel): string {
  return `${p.name}（${p.code}）`;
}

/** The footer of every page: the chain's head as `#sequence` and the hash's first 12 hex digits. */
export function footerOf(project: ProjectLabel | string, asOf: string, digest: Digest, print: Printing, owner?: '村'): Footer {
  return {
    project: typeof project === 'string' ? project : projectTitle(project),
    ...(owner && { owner }),
    asOf,
    digest: { sequence: String(digest.sequence), hash: digest.hash.slice(0, 12) },
    printedBy: print.printedBy,
    printedAt: print.printedAt,
  };
}

/** The digest as one line in a document's body: `#12 3fa2…（完整哈希 …）`. */
export function digestLine(digest: Digest): string {
  return `账簿摘要 #${digest.sequence} ${digest.hash.slice(0, 12)}（完整哈希 ${digest.hash}）`;
}

/** An amount written in running text or a field, as the tables print it: ¥34,500.00. */
export function yuan(amount: string): string {
  return printedCell(amount, 'money');
}

/** The exact sum of decimal strings (null cells count as zero), as a decimal string. */
export function sumOf(values: readonly Cell[]): string {
  let total = 0n;
  for (const v of values) if (v !== null && v !== '') total += parseMoney(v, 'amount');
  return formatFen(total);
}

/** The totals row of `rows`: the exact sum of each named money column, `label` in the first column. */
export function totalsOf(rows: readonly Record<string, Cell>[], moneyKeys: readonly string[], labelKey: string, label = '合计') {
  const totals: Record<string, Cell> = { [labelKey]: label };
  for (const k of moneyKeys) totals[k] = sumOf(rows.map((r) => r[k] ?? null));
  return totals;
}

/** A file name part a file system accepts everywhere: no path separators or reserved characters. */
export function fileSafe(part: string): string {
  return part.replace(/[\\/:*?"<>|\s]+/g, '_');
}
