/** The rule for a new password, shared by the API's validation and the command line. */
export function passwordIssue(password: unknown): string | null {
  if (typeof password !== 'string') return 'must be a string';
  if (password.length < 10) return 'must be at least 10 characters';
  if (password.length > 200) return 'must be at most 200 characters';
  return null;
}
