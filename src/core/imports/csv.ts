/**
 * CSV files of the import (UTF-8, with or without a byte-order mark): RFC 4180
 * fields, quoted with "…" when they hold a comma, a quote ("") or a line break.
 * Each record is a row numbered as Excel numbers it when it opens the file.
 */
import { RawCell } from './cells';
import type { RawTable } from './read';

/** The records of a CSV text; an unterminated quote is reported with the row it started on. */
export function parseCsv(name: string, text: string): RawTable | { name: string; row: number; message: string } {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: RawTable['rows'] = [];
  let cells: RawCell[] = [];
  let field = '';
  let quoted = false;
  let inQuotes = false;
  let startedOn = 1;
  const endField = () => {
    cells.push(field === '' && !quoted ? { t: 'empty' } : { t: 'text', text: field });
    field = '';
    quoted = false;
  };
  const endRecord = () => {
    endField();
    rows.push({ number: rows.length + 1, cells });
    cells = [];
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (inQuotes) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') inQuotes = false;
      else field += c;
    } else if (c === '"' && field === '') {
      inQuotes = true;
      quoted = true;
      startedOn = rows.length + 1;
    } else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      endRecord();
    } else field += c;
  }
  if (inQuotes) return { name, row: startedOn, message: '引号没有闭合：字段以 " 开头，但直到文件结尾都没有结束的 "' };
  if (field !== '' || quoted || cells.length > 0) endRecord();
  return { name, rows };
}
