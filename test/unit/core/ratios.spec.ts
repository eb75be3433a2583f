import { percentOf, yuanPer } from '../../../src/core/ratios';

describe('ratios shown on reports (decimal.js, half-up to two decimals)', () => {
  it.each([
    // [part fen, whole fen, percent]  — the harm each row prevents
    [3_000_000n, 50_000_000n, '6.00'], // the seed's guaranteed 6%: shown exactly
    [1n, 3n, '33.33'], // a repeating fraction is rounded, not truncated to garbage digits
    [2n, 3n, '66.67'], // half-up at the second decimal
    [1n, 8n, '12.50'], // an exact half of a hundredth is rounded up, as an accountant expects
    [-1n, 8n, '-12.50'], // a loss shown with its sign
    [12_345_678_901_234n, 12_345_678_901_235n, '100.00'], // no float: 10^13-scale amounts keep their digits
    [33_245_91n, 50_000_000n, '6.65'],
  ])('%s of %s is %s%%', (part, whole, expected) => {
    expect(percentOf(part, whole)).toBe(expected);
  });

  it('a ratio over zero capital is absent, not Infinity or NaN', () => {
    expect(percentOf(100n, 0n)).toBeNull();
    expect(yuanPer(100n, 0n)).toBeNull();
  });

  it.each([
    [186_000_000n, 300_000n, '6.20'], // 1,860,000.00 yuan over 300,000 logs
    [100n, 3n, '0.33'],
    [5n, 10n, '0.01'], // 0.005 yuan rounds half-up to a fen
  ])('%s fen over %s units is %s yuan each', (fen, units, expected) => {
    expect(yuanPer(fen, units)).toBe(expected);
  });
});
