/**
 * The PDF renderer's own text measuring and line breaking (pdf-fonts.ts, pdf-lines.ts), held against pdfkit's:
 * the widths are what pdfkit measures for the same font, and the lines as many as its line wrapper makes, so the
 * layout done once by hand reserves the height pdfkit would have.
 */
import PDFDocument from 'pdfkit';
import { BOLD, cjkFonts, FontName, REGULAR, textWidth } from '../../../../src/platform/documents/pdf-fonts';
import { breakLines } from '../../../../src/platform/documents/pdf-lines';

const FORMULA =
  '12401532.54 × C / ΣC = 12401532.54 × 100007.31 / 103658655.00 = 应分额 11964.692279…，向下取整 11964.69，' +
  '未分到余下的分（小数部分 0.227970… 分，在 1000 方中排第 773；余下 500 分，排前 500 的各得 1 分）= 11964.69';
const TEXTS = [
  FORMULA,
  '账簿摘要 #9 99d2cb6bdf58（完整哈希 99d2cb6bdf58a9b40b4ec5c40102df5e3ccc4d2a728739beb7780c6bc74d0bd4）；分红计算 e5680023-bfa5-43b3-b315-7ac556c7f7f3，2025-01-15 入账。',
  '人民币壹万柒仟玖佰陆拾伍元壹角叁分',
  '¥17,965.13',
  'a b  c   ',
  '',
];

function pdfkit(font: FontName, size: number): PDFKit.PDFDocument {
  const doc = new PDFDocument({ autoFirstPage: false });
  for (const [name, source] of Object.entries(cjkFonts())) doc.registerFont(name, source as unknown as PDFKit.Mixins.PDFFontSource);
  doc.addPage();
  return doc.font(font).fontSize(size);
}

describe('textWidth', () => {
  it.each([
    [REGULAR, 9],
    [BOLD, 11],
  ] as const)('answers what pdfkit measures in %s at %d points', (font, size) => {
    const doc = pdfkit(font, size);
    for (const text of TEXTS) expect(textWidth(font, size, text)).toBeCloseTo(doc.widthOfString(text), 6);
    expect(textWidth(font, size, '分分')).toBeCloseTo(2 * textWidth(font, size, '分'), 9);
  });
});

describe('breakLines', () => {
  const measure = (text: string) => textWidth(REGULAR, 9, text);

  it('makes as many lines as pdfkit’s line wrapper, at widths from a narrow column to the page', () => {
    const doc = pdfkit(REGULAR, 9);
    const lineHeight = doc.currentLineHeight(true);
    for (const width of [40, 97.3, 150, 270.5, 515]) {
      for (const text of TEXTS.filter(Boolean)) {
        const lines = breakLines(text, width, measure);
        expect([text, width, lines.length]).toEqual([text, width, Math.round(doc.heightOfString(text, { width }) / lineHeight)]);
        // Nothing is lost or doubled, and no line is wider than the width unless it is a single character.
        expect(lines.join('')).toBe(text);
        for (const line of lines) if ([...line.trimEnd()].length > 1) expect(measure(line.trimEnd())).toBeLessThanOrEqual(width);
      }
    }
  });

  it('breaks Chinese between characters, but never before a closing mark nor after an opening one', () => {
    const lines = breakLines(FORMULA, 200, measure);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines.slice(1)) expect(line).not.toMatch(/^[，。；：）、…]/);
    for (const line of lines.slice(0, -1)) expect(line).not.toMatch(/（$/);
  });

  it('keeps a number whole, cuts a word wider than the line, and breaks at a newline', () => {
    expect(breakLines('合计 12401532.54', measure('12401532.54') + 1, measure)).toEqual(['合计 ', '12401532.54']);
    const long = 'a'.repeat(40);
    const cut = breakLines(long, measure('a'.repeat(15)), measure);
    expect(cut).toEqual(['a'.repeat(15), 'a'.repeat(15), 'a'.repeat(10)]);
    expect(breakLines('第一行\n第二行', 500, measure)).toEqual(['第一行\n', '第二行']);
    expect(breakLines('', 100, measure)).toEqual(['']);
  });
});
