/**
 * 金额大写 (spec/documents.md): the spec's examples, the zero rules case by case, and a property: every amount
 * below 10^13 yuan gives words that a small parser written here (accumulating by unit, unlike the code's
 * group-by-group writing) reads back to the same fen, in the canonical form a bank accepts.
 */
import fc from 'fast-check';
import { amountInWords } from '../../../src/core/amount-in-words';

const fen = (yuan: string) => BigInt(yuan.replace('.', ''));

describe('amountInWords', () => {
  it.each([
    // the spec's examples
    ['30000.00', '人民币叁万元整'],
    ['1409.50', '人民币壹仟肆佰零玖元伍角'],
    ['6007.14', '人民币陆仟零柒元壹角肆分'],
    ['16409.02', '人民币壹万陆仟肆佰零玖元零贰分'],
    ['100000.00', '人民币壹拾万元整'],
    ['0.05', '人民币伍分'],
    ['34500.00', '人民币叁万肆仟伍佰元整'],
    ['1000000000.01', '人民币壹拾亿元零壹分'],
  ])('%s -> %s (the spec)', (amount, words) => {
    expect(amountInWords(fen(amount))).toBe(words);
  });

  it.each([
    ['0.00', '人民币零元整'], // nothing owed still reads as an amount, not an empty line
    ['0.50', '人民币伍角'], // below a yuan: no 元, no leading 零
    ['0.55', '人民币伍角伍分'],
    ['1.00', '人民币壹元整'],
    ['10.00', '人民币壹拾元整'], // 壹拾, not 拾: a stroke cannot turn 拾 into 壹拾 later
    ['10.50', '人民币壹拾元伍角'], // a zero at the end of the yuan is silent
    ['1000.05', '人民币壹仟元零伍分'],
    ['1090.00', '人民币壹仟零玖拾元整'],
    ['1009.00', '人民币壹仟零玖元整'], // two zeros inside: one 零
    ['100010.00', '人民币壹拾万零壹拾元整'],
    ['1000001.00', '人民币壹佰万零壹元整'], // five zeros across the 万: one 零
    ['10100000.00', '人民币壹仟零壹拾万元整'],
    ['100000000.00', '人民币壹亿元整'],
    ['100000001.00', '人民币壹亿零壹元整'],
    ['101000000.00', '人民币壹亿零壹佰万元整'],
    ['110000000.00', '人民币壹亿壹仟万元整'],
    ['1000000000000.00', '人民币壹万亿元整'], // 万亿: the 亿 stays even when the 亿 group is zero
    ['1001000000000.00', '人民币壹万零壹拾亿元整'],
    ['9999999999999.99', '人民币玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分'], // the largest amount
    ['-34500.00', '负人民币叁万肆仟伍佰元整'], // a red (reversing) voucher
    ['-0.01', '负人民币壹分'],
  ])('%s -> %s', (amount, words) => {
    expect(amountInWords(fen(amount))).toBe(words);
  });

  it('reads back to the same fen, in canonical form, for every amount below 10^13 yuan', () => {
    const limit = 10n ** 15n;
    // Amounts rich in zeros, where the 零 rules bite, as well as plain random ones.
    const sparse = fc
      .array(fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 9 }) }), {
        minLength: 1,
        maxLength: 15,
      })
      .map((digits) => BigInt(digits.join('')));
    const amount = fc.oneof(fc.bigInt({ min: 0n, max: limit - 1n }), sparse);
    fc.assert(
      fc.property(amount, fc.boolean(), (value, negative) => {
        const signed = negative ? -value : value;
        const words = amountInWords(signed);
        expect(parseWords(words)).toBe(signed);
        expectCanonical(words, value);
      }),
      { numRuns: 20_000 },
    );
  });
});

const DIGIT: Record<string, bigint> = { 零: 0n, 壹: 1n, 贰: 2n, 叁: 3n, 肆: 4n, 伍: 5n, 陆: 6n, 柒: 7n, 捌: 8n, 玖: 9n };
const SMALL_UNIT: Record<string, bigint> = { 拾: 10n, 佰: 100n, 仟: 1000n };

/** 人民币…元…角…分 back to fen: a digit waits for its unit; 万 scales the section, 亿 everything so far. */
function parseWords(words: string): bigint {
  const m = /^(负)?人民币(?:(.+)元)?(?:(.)角)?(?:(.)分)?(整)?$/.exec(words.replace(/元零/, '元'));
  if (!m) throw new Error(`not amount words: ${words}`);
  const [, negative, integer, jiao, cents] = m;
  let total = 0n;
  let section = 0n;
  let digit = 0n;
  for (const ch of integer ?? '') {
    if (ch in DIGIT) digit = DIGIT[ch];
    else if (ch in SMALL_UNIT) {
      if (digit === 0n) throw new Error(`${ch} without a digit before it: ${words}`);
      section += digit * SMALL_UNIT[ch];
      digit = 0n;
    } else if (ch === '万') {
      section = (section + digit) * 10_000n;
      digit = 0n;
    } else if (ch === '亿') {
      total = (total + section + digit) * 100_000_000n;
      section = 0n;
      digit = 0n;
    } else throw new Error(`unexpected ${ch} in ${words}`);
  }
  const yuan = total + section + digit;
  const value = yuan * 100n + (jiao ? DIGIT[jiao] * 10n : 0n) + (cents ? DIGIT[cents] : 0n);
  return negative ? -value : value;
}

/** The form the rules allow, and only it: checked on the words' shape, independently of how they were written. */
function expectCanonical(words: string, value: bigint): void {
  const body = words.replace(/^负/, '').replace(/^人民币/, '');
  expect(body).not.toMatch(/零零/); // one 零 for a run of zeros
  expect(body).not.toMatch(/零[拾佰仟万亿角分整]/); // 零 is never followed by a unit
  if (value !== 0n) expect(body).not.toMatch(/零元/); // a zero at the end of the yuan is silent
  expect(body).toMatch(/[整角分]$/);
  const endsWhole = value % 100n === 0n;
  expect(body.endsWith('整')).toBe(endsWhole); // 整 exactly when there are no 角 and 分
  if (value % 10n !== 0n && (value / 10n) % 10n === 0n && value >= 100n) expect(body).toMatch(/元零.分$/); // zero 角 before 分
  if (value > 0n && value < 100n) expect(body).not.toMatch(/元/); // below a yuan: no 元
  if (value === 0n) expect(body).toBe('零元整');
  if (value >= 100n) expect(count(body.slice(0, body.indexOf('元')), '零')).toBe(innerZeroRuns(value / 100n));
}

const count = (s: string, ch: string) => s.split(ch).length - 1;

/**
 * How many 零 the yuan carry: one per run of zeros followed by a non-zero digit, except a run that ends on the 亿
 * place, or on the 万 place of a 万 group that is not all zeros: there the unit itself is written (壹拾万壹仟,
 * 壹万亿壹仟万, but 壹亿零壹仟).
 */
function innerZeroRuns(yuan: bigint): number {
  const digits = yuan.toString();
  const placeOf = (i: number) => digits.length - 1 - i;
  let runs = 0;
  let start = -1;
  for (let i = 1; i < digits.length; i++) {
    if (digits[i] !== '0') continue;
    if (digits[i - 1] !== '0') start = placeOf(i);
    const place = placeOf(i);
    if (digits[i + 1] === undefined || digits[i + 1] === '0') continue;
    const unitWritten = (place % 8 === 0 && place > 0) || (place % 8 === 4 && start < place + 3);
    if (!unitWritten) runs++;
  }
  return runs;
}
