/**
 * Text broken into lines of a given width, as pdfkit's LineWrapper breaks it (the same break opportunities, from
 * the package `linebreak`, and the same greedy filling), but measured with the renderer's cached character widths
 * and done once: the layout learns a text's height from its lines and the sheet draws those lines, one by one,
 * without pdfkit measuring every character again at each of the two steps.
 */
import LineBreaker from 'linebreak';

/**
 * The lines of `text` within `width` points, `measure` giving a string's width. A newline always breaks; a word
 * wider than a whole line is cut between characters, as many as fit. A line keeps the spaces it ends with.
 */
export function breakLines(text: string, width: number, measure: (text: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  let left = width;
  const end = () => {
    lines.push(line);
    line = '';
    left = width;
  };
  /** One word: on this line if it fits, else starting the next; `required` ends the line after it. */
  const place = (word: string, w: number, required: boolean) => {
    if (w <= left) {
      line += word;
      left -= w;
    } else {
      if (line) lines.push(line);
      line = word;
      left = width - w;
    }
    if (required) end();
  };
  const breaker = new LineBreaker(text);
  let last = 0;
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) {
    const word = text.slice(last, bk.position);
    last = bk.position;
    const w = measure(word);
    if (w <= width) {
      place(word, w, bk.required);
      continue;
    }
    // Too wide for any line: what is left of this line filled with its first characters, then the next lines.
    const characters = [...word];
    while (characters.length) {
      let count = 0;
      let fits = 0;
      // Each longer start measured whole, as the line will be (sums of the characters' widths would drift).
      while (count < characters.length) {
        const next = measure(characters.slice(0, count + 1).join(''));
        if (next > left) break;
        fits = next;
        count++;
      }
      if (count === 0 && left === width) fits = measure(characters[count++]);
      const piece = characters.splice(0, count).join('');
      place(piece, fits, bk.required || characters.length > 0);
    }
  }
  // The text's end is a required break when it ends with a newline; otherwise the last line is still open.
  if (line) end();
  return lines.length ? lines : [''];
}
