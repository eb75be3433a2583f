/**
 * 金额大写: an amount in the words a voucher, a cheque or a dividend notice carries, so that a figure cannot be
 * altered by adding a stroke (spec/documents.md). The rules, as the 会计基础工作规范 gives them:
 * - digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟 inside a group of four, 万 and 亿 between groups, then 元角分;
 *   a ten is written 壹拾 (壹拾万, not 拾万), as banks require;
 * - one 零 for a run of zeros inside the integer part, none for zeros at its end (壹仟零玖, 壹拾万);
 * - 整 after 元 when there are no 角 and 分; nothing after 角 (伍角), never after 分;
 * - a zero 角 before a non-zero 分 is written 零 (壹拾亿元零壹分); below one yuan there is no 元 (伍分);
 * - the whole is prefixed 人民币, and a negative amount (a red voucher) 负 before that: 负人民币叁万元整.
 */

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
/** The units of the thousands, hundreds, tens and ones of a group of four. */
const GROUP_UNITS = ['仟', '佰', '拾', ''];

const WAN = 10_000n;
const YI = 100_000_000n;

/** The words of `fen` (a bigint number of fen), e.g. 3450000n -> 人民币叁万肆仟伍佰元整. */
export function amountInWords(fen: bigint): string {
  if (fen < 0n) return '负' + amountInWords(-fen);
  const yuan = fen / 100n;
  const jiao = Number((fen / 10n) % 10n);
  const cents = Number(fen % 10n);
  let words = '人民币';
  if (yuan > 0n) words += integerWords(yuan) + '元';
  if (jiao === 0 && cents === 0) return words + (yuan > 0n ? '整' : '零元整');
  if (jiao > 0) words += DIGITS[jiao] + '角';
  else if (yuan > 0n) words += '零';
  if (cents > 0) words += DIGITS[cents] + '分';
  return words;
}

/**
 * A positive whole number in words: what stands before 亿 (itself read with 万), then the rest; the rest is
 * preceded by one 零 when its leading digit (the 仟万 or 仟 place) is zero, however many zeros follow.
 */
function integerWords(n: bigint): string {
  if (n >= YI) return joined(integerWords(n / YI) + '亿', n % YI, YI / 10n);
  if (n >= WAN) return joined(integerWords(n / WAN) + '万', n % WAN, WAN / 10n);
  return groupWords(Number(n));
}

function joined(head: string, rest: bigint, leading: bigint): string {
  if (rest === 0n) return head;
  return head + (rest < leading ? '零' : '') + integerWords(rest);
}

/** 1..9999 in words: a zero between two non-zero digits is one 零; zeros at the end are silent. */
function groupWords(n: number): string {
  const digits = String(n).padStart(4, '0');
  let words = '';
  let zero = false;
  for (let i = 0; i < 4; i++) {
    const d = Number(digits[i]);
    if (d === 0) {
      zero = words !== '';
      continue;
    }
    words += (zero ? '零' : '') + DIGITS[d] + GROUP_UNITS[i];
    zero = false;
  }
  return words;
}
