/** The package `linebreak` (pdfkit's own line breaker, Unicode's UAX #14), which ships no types: what pdf-lines.ts uses of it. */
declare module 'linebreak' {
  /** A place the text may (or, after a newline, must) break: before the character at `position`. */
  interface Break {
    position: number;
    required: boolean;
  }
  export default class LineBreaker {
    constructor(text: string);
    nextBreak(): Break | null;
  }
}
