/**
 * A string of its own: a copy that does not keep its source alive. V8 makes a substring of 13 characters or more
 * a view into the string it was cut from, so a shared string or a cell's text kept from the XML parser would hold
 * the whole 64 KiB piece of the sheet it came from: a workbook of long texts would be held nearly whole.
 */
export function ownString(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
