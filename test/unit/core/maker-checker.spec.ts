import { assertDifferentFromPreparer } from '../../../src/core/maker-checker';
import { ConflictError } from '../../../src/core/errors';

describe('maker-checker', () => {
  it('lets another user approve', () => {
    expect(() => assertDifferentFromPreparer('user-a', 'user-b')).not.toThrow();
  });
  it('refuses the preparer approving their own run', () => {
    // one person alone could otherwise move the year's money
    expect(() => assertDifferentFromPreparer('user-a', 'user-a')).toThrow(ConflictError);
    expect(() => assertDifferentFromPreparer('user-a', 'user-a')).toThrow(/不能审核/);
  });
  it('names the clash for programs: a stable code and the field', () => {
    let error: unknown;
    try {
      assertDifferentFromPreparer('user-a', 'user-a');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'PREPARER_CANNOT_APPROVE', field: 'approvedBy' });
  });
});
