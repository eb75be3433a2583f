/**
 * A printable, tabular document as plain data: what the features build (src/reports/documents/) and what the
 * renderers of this folder turn into PDF, XLSX or CSV, in a worker thread. Nothing here computes a figure: every
 * amount arrives as the decimal string the books hold, so that each format shows the same fen.
 */

/** How a column's values are written: money and ratios are decimal strings, never JavaScript numbers. */
export type ColumnKind =
  /** Plain text. */
  | 'text'
  /** Yuan with two decimals ("34500.00", "-12.30"): `¥34,500.00` in PDF, a number with `#,##0.00` in XLSX, as is in CSV. */
  | 'money'
  /** A whole number as a decimal string ("261"). */
  | 'integer'
  /** A percentage already rounded, as a decimal string without the sign ("6.00" is 6.00%). */
  | 'percent'
  /** A date, `YYYY-MM-DD`. */
  | 'date';

export interface Column {
  /** The row field this column shows. */
  key: string;
  /** The header, in Chinese. */
  title: string;
  kind: ColumnKind;
  /** Relative width in the PDF (default 1). */
  width?: number;
}

/** A cell: the decimal string, date or text; null is an empty cell. */
export type Cell = string | null;

export interface Table {
  /** The sheet's name in XLSX (Chinese, at most 31 characters, unique in the document) and the table's caption. */
  name: string;
  columns: Column[];
  rows: Record<string, Cell>[];
  /** The totals row, if any: values that equal the sums of the rows (the builders take them from the books). */
  totals?: Record<string, Cell>;
}

export type Block =
  /** Label–value pairs, e.g. 项目 / 年度 / 凭证号, laid out in rows. */
  | { kind: 'fields'; items: { label: string; value: string }[] }
  | { kind: 'table'; table: Table }
  /** Running text: formulas, explanations, the publicity period. */
  | { kind: 'paragraph'; text: string }
  /** Signature boxes (会计主管 / 记账 / 审核 / 制单): the label and the name filled in, or '' for a blank box. */
  | { kind: 'signatures'; items: { label: string; name: string }[] }
  /** A QR code of `text` (the digest), with a caption under it. */
  | { kind: 'qr'; text: string; caption?: string };

/** One printed page (or more, when its tables run over). */
export interface Page {
  /** The page's heading, e.g. 分红通知单. */
  title: string;
  /** A line under the heading, e.g. the project and year. */
  subtitle?: string;
  blocks: Block[];
}

/** What every page's footer says (spec/documents.md): the project, the as-of date, the digest, who printed it and when. */
export interface Footer {
  /** 项目名称（代码）, or the village's for a village's own book. */
  project: string;
  /** What `project` names, as the footer labels it: 项目 (the default) or 村. */
  owner?: '项目' | '村';
  /** `YYYY-MM-DD`. */
  asOf: string;
  /** The chain's head: its sequence and the first 12 hex digits of its hash. */
  digest: { sequence: string; hash: string };
  /** The user's display name or login. */
  printedBy: string;
  /** Beijing time, `YYYY-MM-DD HH:mm:ss`. */
  printedAt: string;
}

export interface Document {
  /** The file name without extension, in Chinese, e.g. `分红明细表-DH-1-2025`. */
  fileName: string;
  /** The document's title (PDF metadata, the first sheet's caption). */
  title: string;
  /** A4 portrait by default; landscape for wide tables. */
  orientation?: 'portrait' | 'landscape';
  pages: Page[];
  footer: Footer;
}

/** The formats a document is served in besides JSON. */
export type DocumentFormat = 'pdf' | 'xlsx' | 'csv';
