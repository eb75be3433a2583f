/** The one largest-remainder routine, with its exact tie-breaks. */
import { InvariantError, ValidationError } from '../../../src/core/errors';
import { allocateByWeights, allocateQuotas, runScenario } from '../../../src/core/distribution';

const MICRO = 1_000_000n;

describe('allocateQuotas (sut)', () => {
  it('gives floors, then leftover fen to the largest fractional parts', () => {
    // quotas 3.7, 2.2, 4.1 fen: floors 3, 2, 4 = 9; one leftover fen to the .7
    const sut = allocateQuotas(10n, [37n, 22n, 41n], 10n);
    expect(sut.amounts).toEqual([4n, 2n, 4n]);
    expect(sut.leftover).toBe(1);
    expect(Array.from(sut.rank)).toEqual([0, 1, 2]);
  });

  it('breaks a tie on fractional part by the larger quota', () => {
    // quotas 1.5, 2.5, 1.0: the .5s tie; 2.5 is the larger quota
    expect(allocateQuotas(5n, [15n, 25n, 10n], 10n).amounts).toEqual([1n, 3n, 1n]);
  });

  it('breaks a full tie by party order (the smaller code)', () => {
    // 11 fen over three equal quotas of 3.666…: A and B get the two leftover fen
    expect(allocateQuotas(11n, [11n, 11n, 11n], 3n).amounts).toEqual([4n, 4n, 3n]);
  });

  it('compares fractional parts exactly where floating point cannot tell them apart', () => {
    // 0.5 - 10^-30 and 0.5 + 10^-30 of a fen are the same double; the second is larger.
    const den = 10n ** 30n;
    expect(allocateQuotas(1n, [den / 2n - 1n, den / 2n + 1n], den).amounts).toEqual([0n, 1n]);
    expect(allocateQuotas(1n, [den / 2n + 1n, den / 2n - 1n], den).amounts).toEqual([1n, 0n]);
  });

  it('refuses quotas that do not add up to the total', () => {
    expect(() => allocateQuotas(10n, [5n, 4n], 1n)).toThrow(InvariantError);
  });

  it('keeps every amount within one fen of its quota and the sum exact', () => {
    const sut = allocateQuotas(1000n, [333333n, 333333n, 333334n], 1000n);
    expect(sut.amounts).toEqual([333n, 333n, 334n]);
  });
});

describe('allocateByWeights (sut)', () => {
  it('splits by weights', () => {
    // 100 fen by 1:2:3 = 16.67, 33.33, 50: the .67 takes the leftover fen
    expect(allocateByWeights(100n, [1n, 2n, 3n], 'f', 'w').amounts).toEqual([17n, 33n, 50n]);
  });

  it('gives zeros for a zero amount, even over zero weights', () => {
    expect(allocateByWeights(0n, [0n, 0n], 'f', 'w').amounts).toEqual([0n, 0n]);
  });

  it('refuses a positive amount over weights that are all zero', () => {
    expect(() => allocateByWeights(1n, [0n, 0n], 'policy.sharing[0].weights', 'bucket "x"')).toThrow(ValidationError);
    try {
      allocateByWeights(1n, [0n, 0n], 'policy.sharing[0].weights', 'bucket "x"');
    } catch (e) {
      expect((e as ValidationError).issues[0].field).toBe('policy.sharing[0].weights');
    }
  });

  it('gives nothing to a zero weight', () => {
    expect(allocateByWeights(7n, [0n, 1n, 1n], 'f', 'w').amounts).toEqual([0n, 4n, 3n]);
  });
});

describe('level 1: the pool sorts after every deduction', () => {
  const doc = (revenue: string, deductions: unknown[]) => ({
    project: { code: 'P' },
    year: 2025,
    policy: { guaranteed: { type: 'rate', rate: '0' }, deductions },
    villages: [{ code: 'A' }],
    contributions: [{ village: 'A', date: '2024-01-01', amount: '100.00' }],
    result: { revenue, costs: '0.00' },
  });

  it('gives a tied leftover fen to the deduction, not the pool', () => {
    // 0.01 at 50%: deduction and pool both have quota 0.5 fen; equal quota, the pool sorts last
    expect(allocateQuotas(1n, [500000n, 500000n], MICRO).amounts).toEqual([1n, 0n]);
    const r = runScenario(doc('0.01', [{ code: 'zzz', rate: '0.5' }]));
    expect(r.deductions).toEqual([{ code: 'zzz', amount: '0.01' }]);
    expect(r.pool).toBe('0.00');
  });

  it('ranks deductions among themselves by code, whatever their policy order', () => {
    // 0.01 at 25% + 25%: quotas 0.25, 0.25, pool 0.5 → the pool has the largest part
    const r = runScenario(
      doc('0.01', [
        { code: 'b', rate: '0.25' },
        { code: 'a', rate: '0.25' },
      ]),
    );
    expect(r.deductions).toEqual([
      { code: 'b', amount: '0.00' },
      { code: 'a', amount: '0.00' },
    ]);
    expect(r.pool).toBe('0.01');
    // 0.02 at 40% + 40%: quotas 0.8, 0.8, pool 0.4: two leftover fen to the deductions
    const r2 = runScenario(
      doc('0.02', [
        { code: 'b', rate: '0.4' },
        { code: 'a', rate: '0.4' },
      ]),
    );
    expect(r2.deductions).toEqual([
      { code: 'b', amount: '0.01' },
      { code: 'a', amount: '0.01' },
    ]);
    expect(r2.pool).toBe('0.00');
    // 0.01 at 30% + 30%: quotas 0.3, 0.3, pool 0.4: the pool takes the single fen
    const r3 = runScenario(
      doc('0.01', [
        { code: 'b', rate: '0.3' },
        { code: 'a', rate: '0.3' },
      ]),
    );
    expect(r3.pool).toBe('0.01');
    // 0.03 at 45% + 45%: quotas 1.35, 1.35, pool 0.3: floors 1+1+0, one leftover fen, a tie broken by code: "a"
    const r4 = runScenario(
      doc('0.03', [
        { code: 'b', rate: '0.45' },
        { code: 'a', rate: '0.45' },
      ]),
    );
    expect(r4.deductions).toEqual([
      { code: 'b', amount: '0.01' },
      { code: 'a', amount: '0.02' },
    ]);
  });
});
