import { ConflictError } from './errors';

/**
 * Maker-checker (四眼原则): whoever prepared a distribution run may not approve
 * it. Checked in the service that approves, inside its transaction.
 */
export function assertDifferentFromPreparer(preparedBy: string, approvedBy: string): void {
  if (preparedBy === approvedBy) {
    throw new ConflictError('编制这次分红计算的人不能审核它，须由另一位会计审核', 'approvedBy', 'PREPARER_CANNOT_APPROVE');
  }
}
