import { ConflictError } from './errors';

/**
 * Maker-checker (四眼原则): whoever prepared a distribution run may not approve
 * it. Checked in the service that approves, inside its transaction.
 */
export function assertDifferentFromPreparer(preparedBy: string, approvedBy: string): void {
  if (preparedBy === approvedBy) {
    throw new ConflictError('the user who prepared this run cannot approve it; another accountant must', 'approvedBy');
  }
}
