/**
 * The CJK font every PDF embeds: Noto Sans SC (SIL Open Font License) as TrueType from the npm package
 * @expo-google-fonts/noto-sans-sc, nothing fetched at run time. TrueType rather than the OpenType/CFF cuts of
 * other packages because pdfkit subsets TrueType outlines reliably: a document carries only the glyphs it uses
 * (a few hundred KB, not the font's 10 MB) and its text stays selectable (ToUnicode), so pdftotext reads the
 * Chinese back.
 *
 * Each file is read and parsed once per thread and kept (pdfkit takes a parsed fontkit Font as a source): the
 * worker renders many documents, and reading 20 MB for each would cost more than most documents take to lay out.
 *
 * Text is shaped one character at a time, each character once per thread. fontkit shapes a string in some
 * tenths of a millisecond whatever its length, mostly in planning its OpenType lookups, and nearly every string of
 * a thousand notices is new (names, codes, amounts, formulas), which pdfkit's cache, keyed by the whole string,
 * cannot help with: shaped whole, the 分红通知单 of 1,000 villages spent seconds of CPU there. The same shaped
 * characters give the renderer its widths (`textWidth`), so what it measures is what pdfkit draws.
 */
import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';

export const REGULAR = 'NotoSansSC';
export const BOLD = 'NotoSansSC-Bold';
export type FontName = typeof REGULAR | typeof BOLD;

const FILES: Record<FontName, string> = {
  [REGULAR]: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  [BOLD]: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
};

/** What pdfkit reads of a shaped run. Its EmbeddedFont scales the positions in place: each call gets new ones. */
interface Run {
  glyphs: fontkit.Glyph[];
  positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[];
  readonly advanceWidth: number;
}

/** A font and its characters, each shaped once. */
class ShapedFont {
  private readonly characters = new Map<string, fontkit.GlyphRun>();
  /** Each character's advance, in the font's units. */
  private readonly advances = new Map<string, number>();
  /** fontkit reads it from the font's head table each time it is asked. */
  private readonly unitsPerEm: number;
  /** What pdfkit is given: the font, its `layout` shaping character by character. */
  readonly source: fontkit.Font;

  constructor(private readonly font: fontkit.Font) {
    this.unitsPerEm = font.unitsPerEm;
    const layout = (text: string, features?: string[]) => this.layout(text, features);
    this.source = new Proxy(font, {
      get(target, key) {
        if (key === 'layout') return layout;
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  private character(character: string): fontkit.GlyphRun {
    let run = this.characters.get(character);
    if (!run) this.characters.set(character, (run = this.font.layout(character)));
    return run;
  }

  /**
   * The text as its characters shaped one by one. What this loses is only what joins characters: the kerning of
   * a few Latin letter pairs (a hundredth of an em) and Latin ligatures such as fi; Chinese, digits and punctuation
   * keep their advances, and every glyph maps back to its own character. OpenType features asked for explicitly
   * are applied to the whole string, as fontkit would.
   */
  private layout(text: string, features?: string[]): Run | fontkit.GlyphRun {
    if (features !== undefined) return this.font.layout(text, features);
    const glyphs: fontkit.Glyph[] = [];
    const positions: Run['positions'] = [];
    for (const character of text) {
      const run = this.character(character);
      for (const glyph of run.glyphs) glyphs.push(glyph);
      for (const p of run.positions) positions.push({ xAdvance: p.xAdvance, yAdvance: p.yAdvance, xOffset: p.xOffset, yOffset: p.yOffset });
    }
    return {
      glyphs,
      positions,
      // Read after pdfkit has scaled the positions, as fontkit's GlyphRun sums them.
      get advanceWidth() {
        let width = 0;
        for (const p of positions) width += p.xAdvance;
        return width;
      },
    };
  }

  /** The width of `text` at `size` points, as pdfkit will draw it. */
  width(text: string, size: number): number {
    let units = 0;
    for (const character of text) {
      let advance = this.advances.get(character);
      if (advance === undefined) this.advances.set(character, (advance = this.character(character).advanceWidth));
      units += advance;
    }
    return (units * size) / this.unitsPerEm;
  }
}

let loaded: Record<FontName, ShapedFont> | undefined;

function fonts(): Record<FontName, ShapedFont> {
  loaded ??= {
    [REGULAR]: new ShapedFont(parse(FILES[REGULAR])),
    [BOLD]: new ShapedFont(parse(FILES[BOLD])),
  };
  return loaded;
}

function parse(file: string): fontkit.Font {
  return fontkit.create(readFileSync(require.resolve(file))) as fontkit.Font;
}

/** The fonts by the names the renderer registers them under, as pdfkit takes them (a fontkit Font). */
export function cjkFonts(): Record<FontName, fontkit.Font> {
  const { [REGULAR]: regular, [BOLD]: bold } = fonts();
  return { [REGULAR]: regular.source, [BOLD]: bold.source };
}

/** The width of `text` in points, in `font` at `size`: what pdfkit's widthOfString answers, without shaping it again. */
export function textWidth(font: FontName, size: number, text: string): number {
  return fonts()[font].width(text, size);
}
