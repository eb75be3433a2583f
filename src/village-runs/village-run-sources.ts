import type { PostingSource } from '../ledger/ledger-writer';

/** The village book's posting sources of a run's vouchers and of a household's payment. */
export function source(type: 'village-run' | 'village-payment', id: string, fiscalYear?: number): PostingSource {
  return { type, id, ...(fiscalYear !== undefined && { fiscalYear }) };
}
