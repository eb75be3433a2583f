/**
 * Errors raised by the framework-free core. The HTTP layer maps them to
 * status codes (see src/common/http-exception.filter.ts); the CLI maps them to
 * exit statuses. The core never throws HTTP errors itself.
 */

/** One broken rule: `field` is a JSON path such as `contributions[3].amount`. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** Bad input: HTTP 400, CLI exit status 2. Nothing is stored. */
export class ValidationError extends Error {
  constructor(public readonly issues: FieldIssue[]) {
    super(issues.map((i) => `${i.field}: ${i.message}`).join('; '));
    this.name = 'ValidationError';
  }

  static of(field: string, message: string): ValidationError {
    return new ValidationError([{ field, message }]);
  }
}

/** A broken internal invariant (the rulebook's identity check, an unbalanced voucher): HTTP 500, CLI exit 1. */
export class InvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvariantError';
  }
}

/** A record that does not exist: HTTP 404. */
export class NotFoundError extends Error {
  constructor(
    public readonly entity: string,
    public readonly key: string,
  ) {
    super(`${entity} ${key} not found`);
    this.name = 'NotFoundError';
  }
}

/** A request that clashes with the current state (a duplicate code, a year already posted): HTTP 409. */
export class ConflictError extends Error {
  constructor(
    message: string,
    public readonly field?: string,
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}
