/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-letter alphabet (no
 * I, O, S, V, Z); the last is a check character over the first 17, weighted by
 * powers of 3 mod 31. Village collective economic organisations carry codes
 * starting with N (registered by the agriculture department).
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The reason a string is not a valid unified social credit code, or null. */
export function creditCodeIssue(value: unknown): string | null {
  if (typeof value !== 'string') return '须为 18 位的统一社会信用代码字符串';
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(value)) {
    return '须为 18 位，只能由数字 0-9 和大写字母组成（不用 I、O、S、V、Z）';
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(value[i]) * WEIGHTS[i];
  const check = ALPHABET[(31 - (sum % 31)) % 31];
  return value[17] === check ? null : `第 18 位校验码应为 ${check}，不是 ${value[17]}：请核对代码是否抄错`;
}
