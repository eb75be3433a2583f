/**
 * Personal data of a village's members, kept to the minimum (spec/households.md, "Members and shares"): at most the
 * last four characters of an identity-card number, and bank account numbers shown masked to everyone but the
 * village's treasurer (and the accountant preparing a payment file).
 *
 * The masking rules, one for accounts and one for names:
 * - an account of 12 digits or more shows its first four and last four digits with two groups of four stars between
 *   them, whatever its length (`6217000012341234` → `6217 **** **** 1234`, 19 digits the same way), so the length is
 *   not told either; a shorter one shows only its last four (`**** **** 5678`): its first four would reveal half of it;
 * - a name keeps its first character and, from three characters on, its last; every other character is one star
 *   (弓长东 → 弓*东, 张三 → 张*, 欧阳娜娜 → 欧**娜; a one-character name is a single star). Characters are counted as
 *   code points, so a name with a character beyond the BMP is masked the same way.
 */

/** The stars that stand for an account's hidden middle. */
const HIDDEN = '**** ****';

/** A bank account as the answers show it: see the rule above. Null stays null. */
export function maskAccount(account: string): string;
export function maskAccount(account: string | null): string | null;
export function maskAccount(account: string | null): string | null {
  if (account === null) return null;
  const digits = account.replace(/\s+/g, '');
  const last4 = digits.slice(-4);
  return digits.length >= 12 ? `${digits.slice(0, 4)} ${HIDDEN} ${last4}` : `${HIDDEN} ${last4}`;
}

/** A person's name as a notice board shows it: see the rule above. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** 15 or 18 characters: a whole identity-card number (the old 15-digit one, or the 18-character one with its check). */
const FULL_ID = /^(?:[0-9]{15}|[0-9]{17}[0-9Xx])$/;
const LAST4 = /^[0-9]{3}[0-9X]$/;

/** Whether `value` looks like a whole identity-card number, which is never stored. */
export function isFullIdNumber(value: string): boolean {
  return FULL_ID.test(value.replace(/\s+/g, ''));
}

/** Why `value` is not the last four characters of an identity-card number, or null when it is. */
export function idLast4Issue(value: unknown): string | null {
  if (typeof value !== 'string') return '须为身份证号的后四位字符串，例如 "123X"';
  if (isFullIdNumber(value)) return '不保存完整的身份证号：只保存后四位，请只填写后四位，例如 "123X"';
  // What was sent is not repeated: a near-whole identity number must not come back in an answer or a log line.
  if (!LAST4.test(value))
    return `不是身份证号后四位（收到 ${value.length} 个字符）：须为 4 个字符，前三位为数字，末位为数字或大写 X，例如 "123X"`;
  return null;
}

/**
 * The last four characters kept of what an import's cell holds: a whole number is cut to its last four (`cut` says
 * so, for the import report); anything else must already be the last four (`issue` says why not).
 */
export function lastFourOf(value: string): { last4: string | null; cut: boolean; issue: string | null } {
  const v = value.replace(/\s+/g, '');
  if (isFullIdNumber(v)) return { last4: v.slice(-4).toUpperCase(), cut: true, issue: null };
  const issue = idLast4Issue(v);
  return issue ? { last4: null, cut: false, issue } : { last4: v, cut: false, issue: null };
}

/** Why `value` is not a bank account number (8 to 30 digits; spaces allowed and dropped), or null. */
export function bankAccountIssue(value: unknown): string | null {
  if (typeof value !== 'string') return '须为银行账号字符串，例如 "6217 0000 1234 1234"';
  const digits = value.replace(/ /g, '');
  if (!/^[0-9]+$/.test(digits)) return '银行账号只能包含数字（可以用空格分组）';
  if (digits.length < 8 || digits.length > 30) return `银行账号须为 8 到 30 位数字，这里是 ${digits.length} 位`;
  return null;
}

/** A bank account as stored: its digits, the spaces dropped. */
export function normalizeAccount(value: string): string {
  return value.replace(/ /g, '');
}
