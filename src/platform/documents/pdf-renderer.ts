/**
 * A Document as PDF (pdfkit): A4, portrait or landscape, the CJK font embedded and subset, text selectable. Each
 * Page starts a sheet of paper; a table that runs over continues on the next sheet under the page's title marked
 * （续）, with its header repeated. Every sheet ends with the footer of spec/documents.md: the project, the as-of
 * date, the digest, who printed it and when, and 第 x / y 页.
 *
 * Layout is by hand, not pdfkit's flowing text, in two steps: the layout measures everything and records each
 * sheet's drawing, so that the number of sheets is known; then the sheets are drawn one by one, each with its
 * footer, and pdfkit writes each out as soon as the next begins. (Keeping pdfkit's pages open to number them at
 * the end, its `bufferPages`, held half a gigabyte for a thousand notices.) A row is never split across two
 * sheets, and nothing lands in the footer.
 *
 * Text is measured and broken into lines here, once, with widths cached per character (pdf-fonts.ts, pdf-lines.ts),
 * and every line is drawn where the layout put it, pdfkit's own line wrapper never used: it measures each word of
 * a text again each time the text is measured or drawn, and the notices of 1,000 villages, every formula and
 * amount a new string, spent most of their time in it and in fontkit's shaping.
 */
import PDFDocument from 'pdfkit';
import type { Block, Cell, Document, Footer, Page, Table } from './document';
import { alignOf, checkTable, printedCell } from './cells';
import { BOLD, cjkFonts, FontName, REGULAR, textWidth } from './pdf-fonts';
import { breakLines } from './pdf-lines';
import { drawQr } from './pdf-qr';

const MARGIN = 40;
/** The footer's band at the bottom of every sheet, inside which nothing else is drawn. */
const FOOTER = 34;
const GAP = 10;
const PAD_X = 4;
const PAD_Y = 3;
const TEXT = '#000000';
const MUTED = '#555555';
const RULE = '#8c8c8c';
const SHADE = '#eeeeee';
const RED = '#c00000';
/** Between the footer's items: a full-width space, as Chinese print spaces them. */
const IDEOGRAPHIC_SPACE = '\u3000';

type Doc = PDFKit.PDFDocument;
type Align = 'left' | 'right' | 'center';
/** One drawing step of a sheet, recorded by the layout and replayed on the sheet. */
type Draw = () => void;
/** A line of text, its width, and how far right of its box it starts. */
type Line = { text: string; width: number; dx: number };

export async function renderPdf(document: Document): Promise<Uint8Array> {
  for (const page of document.pages) for (const block of page.blocks) if (block.kind === 'table') checkTable(block.table);
  const doc = new PDFDocument({
    size: 'A4',
    layout: document.orientation ?? 'portrait',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER },
    autoFirstPage: false,
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: document.title, Subject: document.footer.project, Author: document.footer.printedBy, Creator: 'Enclave Ledger' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  // pdfkit takes a parsed fontkit Font as a font's source (its types know only files and bytes).
  for (const [name, font] of Object.entries(cjkFonts())) doc.registerFont(name, font as unknown as PDFKit.Mixins.PDFFontSource);

  // Measuring needs a current page: this first one is also the first sheet drawn.
  doc.addPage();
  const layout = new Layout(doc);
  const pages = document.pages.length ? document.pages : [{ title: document.title, blocks: [] }];
  for (const page of pages) layout.page(page);
  const footer = footerLines(doc, document.footer, layout.sheets.length);
  layout.sheets.forEach((sheet, i) => {
    if (i > 0) doc.addPage();
    for (const draw of sheet) draw();
    drawFooter(doc, footer, i + 1, layout.sheets.length);
  });
  doc.end();
  await ended;
  const pdf = Buffer.concat(chunks);
  // Only an array that owns its whole buffer is moved out of the worker rather than copied.
  return pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength ? new Uint8Array(pdf.buffer) : new Uint8Array(pdf);
}

/** A table row as printed: each cell's text and its lines, and the row's height. */
interface Cells {
  texts: string[];
  lines: Line[][];
  height: number;
}

/** The cursor over the sheets of one document, and what each sheet draws. */
class Layout {
  readonly sheets: Draw[][] = [];
  private y = MARGIN;
  private title = '';

  constructor(private readonly doc: Doc) {}

  private draw(step: Draw): void {
    this.sheets[this.sheets.length - 1].push(step);
  }

  private newSheet(): void {
    this.sheets.push([]);
    this.y = MARGIN;
  }

  private get left(): number {
    return MARGIN;
  }
  private get width(): number {
    return this.doc.page.width - 2 * MARGIN;
  }
  private get bottom(): number {
    return this.doc.page.height - MARGIN - FOOTER;
  }

  private readonly lineHeights = new Map<string, number>();
  /** The height of a line of text in `font` at `size`, as pdfkit advances from one to the next. */
  private lineHeight(font: FontName, size: number): number {
    const key = `${font} ${size}`;
    let height = this.lineHeights.get(key);
    if (height === undefined) this.lineHeights.set(key, (height = this.doc.font(font).fontSize(size).currentLineHeight(true)));
    return height;
  }

  /** `text` broken into lines of `width`, each placed as `align` says. */
  private lines(text: string, font: FontName, size: number, width: number, align: Align): Line[] {
    return placeLines(
      breakLines(text, width, (t) => textWidth(font, size, t)),
      font,
      size,
      width,
      align,
    );
  }

  page(page: Page): void {
    this.newSheet();
    this.title = page.title;
    this.write(page.title, { font: BOLD, size: 16, align: 'center' });
    if (page.subtitle) this.write(page.subtitle, { size: 10, align: 'center', color: MUTED });
    this.y += GAP;
    for (const block of page.blocks) this.block(block);
  }

  /** A new sheet for what did not fit: the page's title again, marked as continued. */
  private continued(): void {
    this.newSheet();
    this.write(`${this.title}（续）`, { font: BOLD, size: 11, align: 'center' });
    this.y += GAP / 2;
  }

  /** Makes room for `height` points, on a new sheet if this one has not got them. */
  private room(height: number): boolean {
    if (this.y + height <= this.bottom || this.y <= MARGIN + 40) return false;
    this.continued();
    return true;
  }

  private block(block: Block): void {
    if (block.kind === 'fields') this.fields(block.items);
    else if (block.kind === 'table') this.table(block.table);
    else if (block.kind === 'paragraph') this.paragraph(block.text);
    else if (block.kind === 'signatures') this.signatures(block.items);
    else this.qr(block.text, block.caption);
    this.y += GAP;
  }

  /** Text across the page at the cursor, wrapped; the cursor moves below it. A text of several lines breaks between them. */
  private write(text: string, o: { font?: FontName; size: number; align?: Align; color?: string }): void {
    const { font = REGULAR, size, align = 'left', color = TEXT } = o;
    const lineHeight = this.lineHeight(font, size);
    for (const paragraph of text.split('\n')) {
      const lines = this.lines(paragraph, font, size, this.width, align);
      const height = lines.length * lineHeight;
      this.room(height);
      const { left, y } = this;
      this.draw(() => drawLines(this.doc.font(font).fontSize(size).fillColor(color), lines, left, y, lineHeight));
      this.y += height + 2;
    }
  }

  /** Label–value pairs in a grid of equal cells; a long pair takes as many cells as it needs. */
  private fields(items: { label: string; value: string }[]): void {
    const perRow = this.width > 600 ? 4 : 3;
    const cell = this.width / perRow;
    const lineHeight = this.lineHeight(REGULAR, 10);
    let column = 0;
    let rowHeight = 0;
    for (const { label, value } of items) {
      const head = `${label}：`;
      const headWidth = textWidth(REGULAR, 10, head);
      const span = Math.min(perRow, Math.ceil((headWidth + textWidth(REGULAR, 10, value) + 12) / cell));
      if (column + span > perRow) {
        this.y += rowHeight + 4;
        column = 0;
        rowHeight = 0;
      }
      const valueWidth = span * cell - headWidth - 12;
      const lines = this.lines(value, REGULAR, 10, valueWidth, 'left');
      const height = lines.length * lineHeight;
      if (column === 0) this.room(height);
      const x = this.left + column * cell;
      const y = this.y;
      this.draw(() => {
        this.doc.font(REGULAR).fontSize(10).fillColor(MUTED).text(head, x, y, { lineBreak: false });
        drawLines(this.doc.fillColor(TEXT), lines, x + headWidth, y, lineHeight);
      });
      rowHeight = Math.max(rowHeight, height);
      column += span;
    }
    this.y += rowHeight;
  }

  private paragraph(text: string): void {
    this.write(text, { size: 10 });
  }

  /** A table: its caption, a shaded header, the rows, the totals row; a row never splits across sheets. */
  private table(table: Table): void {
    const weights = table.columns.map((c) => c.width ?? 1);
    const sum = weights.reduce((a, b) => a + b, 0);
    const widths = weights.map((w) => (this.width * w) / sum);
    const header = this.cells(
      widths,
      table.columns.map((c) => c.title),
      table.columns.map(() => 'center' as const),
      BOLD,
    );
    const captionHeight = this.lineHeight(BOLD, 11) + 3;
    const caption = () => {
      const { left, y } = this;
      this.draw(() => this.doc.font(BOLD).fontSize(11).fillColor(TEXT).text(table.name, left, y, { lineBreak: false }));
      this.y += captionHeight;
      this.row(widths, header, BOLD, true);
    };
    const aligns = table.columns.map(alignOf);
    const texts = (row: Record<string, Cell>) => table.columns.map((c) => printedCell(row[c.key], c.kind));
    const rows = table.rows.map((row) => this.cells(widths, texts(row), aligns, REGULAR));
    if (table.totals) rows.push(this.cells(widths, texts(withTotalsLabel(table)), aligns, BOLD));
    this.room(captionHeight + header.height + (rows.length ? rows[0].height : 0));
    caption();
    rows.forEach((cells, i) => {
      const totals = table.totals !== undefined && i === rows.length - 1;
      if (this.room(cells.height)) caption();
      this.row(widths, cells, totals ? BOLD : REGULAR, totals);
    });
  }

  /** A row's cells broken into lines within their columns (at 9 points), and the row's height. */
  private cells(widths: number[], texts: string[], aligns: Align[], font: FontName): Cells {
    const lines = texts.map((text, i) => (text ? this.lines(text, font, 9, widths[i] - 2 * PAD_X, aligns[i]) : []));
    const height = Math.max(1, ...lines.map((l) => l.length)) * this.lineHeight(font, 9) + 2 * PAD_Y;
    return { lines, texts, height };
  }

  private row(widths: number[], cells: Cells, font: FontName, shade: boolean): void {
    const { left, y } = this;
    const total = this.width;
    const { height } = cells;
    const lineHeight = this.lineHeight(font, 9);
    this.draw(() => {
      if (shade) this.doc.rect(left, y, total, height).fill(SHADE);
      this.doc.lineWidth(0.5).strokeColor(RULE).font(font).fontSize(9).fillColor(TEXT);
      let x = left;
      cells.lines.forEach((lines, i) => {
        this.doc.rect(x, y, widths[i], height).stroke();
        // A negative amount (a reversal) in red: the 红字 of a paper ledger.
        const red = cells.texts[i].startsWith('¥-');
        if (red) this.doc.fillColor(RED);
        drawLines(this.doc, lines, x + PAD_X, y + PAD_Y, lineHeight);
        if (red) this.doc.fillColor(TEXT);
        x += widths[i];
      });
    });
    this.y += height;
  }

  /** Boxes side by side: the role small in a corner, the name written in. */
  private signatures(items: { label: string; name: string }[]): void {
    if (!items.length) return;
    const height = 42;
    const width = this.width / items.length;
    const nameHeight = this.lineHeight(REGULAR, 11);
    const names = items.map(({ name }) => this.lines(name, REGULAR, 11, width - 2 * PAD_X, 'center'));
    this.room(height);
    const { left, y } = this;
    this.draw(() => {
      const doc = this.doc.lineWidth(0.5).strokeColor(RULE);
      items.forEach(({ label, name }, i) => {
        const x = left + i * width;
        doc.rect(x, y, width, height).stroke();
        doc
          .font(REGULAR)
          .fontSize(8)
          .fillColor(MUTED)
          .text(label, x + PAD_X, y + PAD_Y, { lineBreak: false });
        if (name) drawLines(doc.fontSize(11).fillColor(TEXT), names[i], x + PAD_X, y + 18, nameHeight);
      });
    });
    this.y += height;
  }

  /** The QR code at the left, its caption beside it. */
  private qr(text: string, caption?: string): void {
    const size = 90;
    this.room(size);
    const { left, y } = this;
    const lines = caption ? this.lines(caption, REGULAR, 9, this.width - size - GAP, 'left') : [];
    const lineHeight = this.lineHeight(REGULAR, 9);
    const height = lines.length * lineHeight;
    this.draw(() => {
      drawQr(this.doc, text, left, y, size);
      drawLines(
        this.doc.font(REGULAR).fontSize(9).fillColor(TEXT),
        lines,
        left + size + GAP,
        y + Math.max(0, (size - height) / 2),
        lineHeight,
      );
    });
    this.y += size;
  }
}

/** The totals row with 合计 in its first column when the builder left that cell empty. */
function withTotalsLabel(table: Table): Record<string, string | null> {
  const totals = { ...table.totals };
  const first = table.columns[0];
  if (first && first.kind === 'text' && !totals[first.key]) totals[first.key] = '合计';
  return totals;
}

/**
 * Each line placed in a box of `width` as pdfkit's wrapper placed it: centred by its width with its trailing
 * spaces, right-aligned by its width without them.
 */
function placeLines(lines: string[], font: FontName, size: number, width: number, align: Align): Line[] {
  return lines.map((text) => {
    const w = textWidth(font, size, text);
    if (align === 'left') return { text, width: w, dx: 0 };
    if (align === 'center') return { text, width: w, dx: (width - w) / 2 };
    return { text, width: w, dx: width - textWidth(font, size, text.trimEnd()) };
  });
}

/**
 * Lines one under the other from (x, y), in the document's current font, size and colour, each where the layout
 * placed it. Without a width pdfkit writes the string as it is, neither wrapping nor aligning it; `textWidth` is
 * the width pdfkit would otherwise measure the line again for (it is what its own line wrapper hands on).
 */
function drawLines(doc: Doc, lines: Line[], x: number, y: number, lineHeight: number): void {
  lines.forEach(({ text, width, dx }, i) => {
    if (text) doc.text(text, x + dx, y + i * lineHeight, { lineBreak: false, textWidth: width } as PDFKit.Mixins.TextOptions);
  });
}

/** The text's first line within `width`, ended with an ellipsis if there was more, as pdfkit's `ellipsis: true` cut it. */
function shortened(text: string, width: number, font: FontName, size: number): string {
  const measure = (t: string) => textWidth(font, size, t);
  const lines = breakLines(text, width, measure);
  if (lines.length === 1) return lines[0];
  let line = lines[0].replace(/\s+$/, '');
  while (line && measure(`${line}…`) > width) line = line.slice(0, -1).replace(/\s+$/, '');
  return measure(`${line}…`) <= width ? `${line}…` : line;
}

/** The footer's two lines: the same on every sheet but for the numbering, so cut to fit once. */
interface FooterLines {
  first: string;
  second: string;
}

function footerLines(doc: Doc, footer: Footer, count: number): FooterLines {
  const width = doc.page.width - 2 * MARGIN;
  const numbering = textWidth(REGULAR, 8, `第 ${count} / ${count} 页`);
  const second = [
    `截至日期：${footer.asOf}`,
    `摘要：#${footer.digest.sequence} ${footer.digest.hash}`,
    `打印人：${footer.printedBy}`,
    `打印时间：${footer.printedAt}`,
  ].join(IDEOGRAPHIC_SPACE);
  return {
    first: shortened(`${footer.owner ?? '项目'}：${footer.project}`, width - numbering - GAP, REGULAR, 8),
    second: shortened(second, width, REGULAR, 8),
  };
}

/** The footer of a sheet: the project and the numbering, then the as-of date, the digest, the printer and the time. */
function drawFooter(doc: Doc, footer: FooterLines, number: number, count: number): void {
  const page = doc.page;
  const top = page.height - MARGIN - FOOTER + 8;
  const width = page.width - 2 * MARGIN;
  doc
    .lineWidth(0.5)
    .strokeColor(RULE)
    .moveTo(MARGIN, top)
    .lineTo(MARGIN + width, top)
    .stroke();
  const numbering = `第 ${number} / ${count} 页`;
  doc.font(REGULAR).fontSize(8).fillColor(MUTED);
  doc.text(footer.first, MARGIN, top + 4, { lineBreak: false });
  doc.text(numbering, MARGIN + width - textWidth(REGULAR, 8, numbering), top + 4, { lineBreak: false });
  doc.text(footer.second, MARGIN, top + 15, { lineBreak: false });
}
