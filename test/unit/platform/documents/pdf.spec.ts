/**
 * The PDF renderer, read back with poppler's pdftotext / pdfinfo / pdffonts / pdftoppm: the Chinese is real text
 * in an embedded subset font, every sheet carries the footer with 第 x / y 页, a table that runs over repeats its
 * header, and the QR code's modules are where the qrcode package puts them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create } from 'qrcode';
import { InvariantError } from '../../../../src/core/errors';
import type { Document } from '../../../../src/platform/documents/document';
import { renderPdf } from '../../../../src/platform/documents/pdf-renderer';
import { FOOTER, statement } from './fixture';

const dir = mkdtempSync(join(tmpdir(), 'pdf-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
async function pdfFile(document: Document): Promise<string> {
  const file = join(dir, `${++files}.pdf`);
  writeFileSync(file, await renderPdf(document));
  return file;
}
const run = (tool: string, ...args: string[]) => execFileSync(tool, args, { encoding: 'utf8' });
/** The text of one sheet, in drawing order (-raw keeps the spaces of 第 1 / 2 页). */
const sheetText = (file: string, sheet: number) => run('pdftotext', '-raw', '-f', String(sheet), '-l', String(sheet), file, '-');
const pageCount = (file: string) => Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', file))![1]);

describe('renderPdf', () => {
  it('writes the Chinese as text, money with ¥, and the footer on each of two sheets', async () => {
    const file = await pdfFile(statement(45));
    expect(pageCount(file)).toBe(2);
    const first = sheetText(file, 1);
    const second = sheetText(file, 2);
    for (const expected of [
      '分红明细表',
      '大洪食用菌产业园（DH-1） 第一期 2025 年度',
      '大写：人民币叁万肆仟伍佰元整',
      '保底分红 = 出资额 × 6% × 持有天数 / 365',
      '程壁村1 ¥500,000.00 ¥34,500.00 6.90% 365 2025-01-01',
      '程壁村2 ¥500,000.00 ¥-12.30 6.90% 365 2025-01-01',
      '第 1 / 2 页',
    ]) {
      expect(first).toContain(expected);
    }
    expect(second).toContain('第 2 / 2 页');
    expect(second).toContain('程壁村45 ¥500,000.00');
    expect(second).toContain('合计 ¥22,500,000.00 ¥1,517,987.70');
    expect(second).toMatch(/会计主管\s+李主管/);
    for (const text of [first, second]) {
      expect(text).toContain(`项目：${FOOTER.project}`);
      expect(text).toContain('截至日期：2025-12-31');
      expect(text).toContain('摘要：#1234 abcdef012345');
      expect(text).toContain('打印人：王会计');
      expect(text).toContain('打印时间：2026-01-05 10:00:00');
    }
  });

  it('repeats the table caption and header on the sheet a table runs over to, under the title marked 续', async () => {
    const file = await pdfFile(statement(45));
    const second = sheetText(file, 2).split('\n');
    expect(second.slice(0, 3)).toEqual(['分红明细表（续）', '各村分红', '村 出资额 分红合计 占出资比例 持有天数 加入日期']);
    // No village is printed twice, none is lost at the break.
    const printed = [1, 2].flatMap((s) => sheetText(file, s).match(/程壁村\d+/g) ?? []);
    expect(printed).toEqual(Array.from({ length: 45 }, (_, i) => `程壁村${i + 1}`));
  });

  it('numbers a sheet alone as 第 1 / 1 页, and many sheets each with the count', async () => {
    expect(sheetText(await pdfFile(statement(3)), 1)).toContain('第 1 / 1 页');
    const long = await pdfFile(statement(200));
    const count = pageCount(long);
    expect(count).toBeGreaterThan(4);
    for (let s = 1; s <= count; s++) expect(sheetText(long, s)).toContain(`第 ${s} / ${count} 页`);
  });

  it('embeds the font as a subset, carries the title, and turns the sheet for landscape', async () => {
    const file = await pdfFile(statement(3, { orientation: 'landscape' }));
    const fonts = run('pdffonts', file).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font).toMatch(/^[A-Z]{6}\+NotoSansSC\S*\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    const info = run('pdfinfo', file);
    expect(info).toMatch(/Title:\s+分红明细表/);
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.28 pts \(A4\)/);
    // Only the glyphs used: far below the 10 MB font.
    expect(readFileSync(file).length).toBeLessThan(200_000);
  });

  it('draws the QR code module for module as the qrcode package computes it', async () => {
    const text = '#1234 abcdef012345';
    const file = await pdfFile({ ...statement(1), pages: [{ title: '公示表', blocks: [{ kind: 'qr', text, caption: '扫码核对摘要' }] }] });
    expect(sheetText(file, 1)).toContain('扫码核对摘要');
    // 4 pixels per point: the QR (90 pt at the left margin, 40 pt) is read back from a grey image.
    execFileSync('pdftoppm', ['-gray', '-r', '288', '-f', '1', '-l', '1', file, join(dir, 'qr')]);
    const image = readPgm(readFileSync(join(dir, 'qr-1.pgm')));
    const dark = (x: number, y: number) => image.pixels[Math.round(y) * image.width + Math.round(x)] < 128;
    // The symbol's dark bounding box, within the QR's column of the sheet (the title is centred, far to the right).
    let [top, left, right] = [Infinity, Infinity, -Infinity];
    for (let y = 0; y < image.height / 2; y++) {
      for (let x = 150; x < 150 + 90 * 4 + 20; x++) {
        if (!dark(x, y)) continue;
        top = Math.min(top, y);
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
    }
    const { modules } = create(text, { errorCorrectionLevel: 'M' });
    const unit = (right - left + 1) / modules.size;
    expect(unit).toBeCloseTo((90 * 4) / (modules.size + 8), 0);
    for (let row = 0; row < modules.size; row++) {
      for (let col = 0; col < modules.size; col++) {
        expect([row, col, dark(left + (col + 0.5) * unit, top + (row + 0.5) * unit)]).toEqual([
          row,
          col,
          modules.data[row * modules.size + col] === 1,
        ]);
      }
    }
  });

  it('wraps a long cell, field and paragraph within their width, and shortens an overlong footer with …', async () => {
    const formula =
      '12401532.54 × C / ΣC = 12401532.54 × 100007.31 / 103658655.00 = 应分额 11964.692279…，向下取整 11964.69，未分到余下的分';
    const words = '人民币壹万柒仟玖佰陆拾伍元壹角叁分'.repeat(4);
    const document: Document = {
      ...statement(1),
      footer: { ...FOOTER, project: '韩洪乡定湖村飞地香菇园区（首期）'.repeat(8) },
      pages: [
        {
          title: '分红通知单',
          blocks: [
            { kind: 'fields', items: [{ label: '分红合计（大写）', value: words }] },
            {
              kind: 'table',
              table: {
                name: '分红计算',
                columns: [
                  { key: 'item', title: '项目', kind: 'text' },
                  { key: 'amount', title: '金额', kind: 'money' },
                  { key: 'formula', title: '计算', kind: 'text', width: 2 },
                ],
                rows: [
                  { item: '按出资分成', amount: '11964.69', formula },
                  { item: '保底分红', amount: '6000.44', formula: '6000.44' },
                ],
              },
            },
            { kind: 'paragraph', text: `${words}\n第二段` },
          ],
        },
      ],
    };
    const file = await pdfFile(document);
    expect(pageCount(file)).toBe(1);
    const lines = sheetText(file, 1).split('\n');
    // The formula over several lines of its cell, the next row below all of them, nothing lost.
    const first = lines.findIndex((l) => l.startsWith('按出资分成'));
    const next = lines.findIndex((l) => l.startsWith('保底分红'));
    expect(next - first).toBeGreaterThan(2);
    const cell = lines.slice(first, next).join('').replace('按出资分成 ¥11,964.69 ', '');
    expect(cell.replace(/\s/g, '')).toBe(formula.replace(/\s/g, ''));
    // The field's value and the paragraph wrap onto a second line; the paragraph's newline starts a line.
    expect(lines.filter((l) => l.includes('人民币')).length).toBeGreaterThanOrEqual(4);
    expect(lines).toContain('第二段');
    // The project cut to one line with …, the numbering still beside it.
    const footer = lines.find((l) => l.startsWith('项目：'))!;
    expect(footer).toMatch(/^项目：(韩洪乡定湖村飞地香菇园区（首期）)+[^ ]*… 第 1 \/ 1 页$/);
  });

  it('refuses a money cell that is not the books’ decimal string, naming table, row and column', async () => {
    const document = statement(3);
    const table = document.pages[0].blocks.find((b) => b.kind === 'table')!;
    if (table.kind === 'table') table.table.rows[2].total = '34500.5';
    await expect(renderPdf(document)).rejects.toThrow(InvariantError);
    await expect(renderPdf(document)).rejects.toThrow(
      '文档表格「各村分红」第 3 行的「分红合计」列须为形如 "34500.00" 的字符串，实际为 "34500.5"',
    );
  });
});

/** A binary PGM (P5, 8 bits) as pdftoppm -gray writes it. */
function readPgm(bytes: Buffer): { width: number; height: number; pixels: Buffer } {
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(bytes.subarray(0, 64).toString('latin1'))!;
  return { width: Number(header[1]), height: Number(header[2]), pixels: bytes.subarray(header[0].length) };
}
