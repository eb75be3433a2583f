import { describe, expect, it } from 'vitest';
import { beijingTime, fen, money, yuan } from '../src/format';

describe('amounts on screen', () => {
  it.each([
    ['34500.00', '¥34,500.00'],
    ['0.5', '¥0.50'],
    ['-12.3', '¥-12.30'],
    ['1234567890123.45', '¥1,234,567,890,123.45'], // beyond 2^53 fen: still exact, never a float
    ['007', '¥7.00'],
  ])('%s is shown as %s', (value, shown) => expect(money(value)).toBe(shown));

  it('shows a missing amount as a dash', () => expect(money(null)).toBe('—'));

  it('adds in fen without losing one', () => {
    expect(yuan(fen('0.10') + fen('0.20'))).toBe('0.30');
    expect(yuan(fen('34500.00') - fen('12000.01'))).toBe('22499.99');
    expect(yuan(-fen('0.05'))).toBe('-0.05');
  });

  it('writes instants in Beijing time', () => expect(beijingTime('2025-12-31T16:30:00Z')).toBe('2026/01/01 00:30:00'));
});
