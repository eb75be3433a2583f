/** Test helpers: a minimal in-memory "books" (posted lines) and fixture loading. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DistributionResultDocument, PostedLine, Voucher } from '../../../src/core/ledger';

export function post(books: PostedLine[], vouchers: Voucher[]): PostedLine[] {
  for (const v of vouchers) for (const l of v.lines) books.push({ account: l.account, debit: l.debit, credit: l.credit, date: v.date });
  return books;
}

export function expectedResult(name: string): DistributionResultDocument {
  const path = join(__dirname, '../../../fixtures/scenarios', `${name}.expected.json`);
  return JSON.parse(readFileSync(path, 'utf8')) as DistributionResultDocument;
}

export function scenario(name: string): { result: { revenue: string; costs: string }; year: number } {
  return JSON.parse(readFileSync(join(__dirname, '../../../fixtures/scenarios', `${name}.json`), 'utf8'));
}

/** A voucher as plain rows with yuan strings, for exact, readable expectations. */
export function rows(v: Voucher): string[] {
  const yuan = (f: bigint) => {
    const s = f.toString().padStart(3, '0');
    return `${s.slice(0, -2)}.${s.slice(-2)}`;
  };
  return v.lines.map(
    (l) => `${l.debit > 0n ? 'Dr' : 'Cr'} ${l.account} ${yuan(l.debit > 0n ? l.debit : l.credit)}${l.memo ? ` (${l.memo})` : ''}`,
  );
}
