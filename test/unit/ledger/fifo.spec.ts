import { allocateFifo, paidPerRun } from '../../../src/core/ledger';
import { InvariantError } from '../../../src/core/errors';

describe('FIFO payment matching', () => {
  const owed = [
    { key: '2024', owed: 2139344n },
    { key: '2025', owed: 6324591n },
  ];

  it('pays the oldest dividend first, then the next', () => {
    expect(allocateFifo(owed, 3000000n)).toEqual(
      new Map([
        ['2024', 2139344n],
        ['2025', 860656n],
      ]),
    );
  });

  it('stops where the payment runs out, to the fen', () => {
    expect(allocateFifo(owed, 2139343n)).toEqual(
      new Map([
        ['2024', 2139343n],
        ['2025', 0n],
      ]),
    );
    expect(allocateFifo(owed, 2139345n)).toEqual(
      new Map([
        ['2024', 2139344n],
        ['2025', 1n],
      ]),
    );
    expect(allocateFifo(owed, 0n)).toEqual(
      new Map([
        ['2024', 0n],
        ['2025', 0n],
      ]),
    );
  });

  it('matches at most what is owed, leaving an excess unmatched', () => {
    expect(allocateFifo(owed, 8463935n)).toEqual(
      new Map([
        ['2024', 2139344n],
        ['2025', 6324591n],
      ]),
    );
    expect(allocateFifo(owed, 9000000n)).toEqual(
      new Map([
        ['2024', 2139344n],
        ['2025', 6324591n],
      ]),
    );
  });

  it('skips a year with nothing owed', () => {
    const gap = [
      { key: '2023', owed: 50000n },
      { key: '2024', owed: 0n },
      { key: '2025', owed: 70000n },
    ];
    expect(allocateFifo(gap, 100000n)).toEqual(
      new Map([
        ['2023', 50000n],
        ['2024', 0n],
        ['2025', 50000n],
      ]),
    );
  });

  it('refuses negative amounts', () => {
    expect(() => allocateFifo(owed, -1n)).toThrow(InvariantError);
    expect(() => allocateFifo([{ key: '2024', owed: -1n }], 1n)).toThrow(InvariantError);
  });

  it('gives paid per village and run', () => {
    const runs = [
      {
        runId: 'r2024',
        owed: new Map([
          ['V01', 2139344n],
          ['V02', 1000000n],
        ]),
      },
      {
        runId: 'r2025',
        owed: new Map([
          ['V01', 6324591n],
          ['V02', 1500000n],
        ]),
      },
    ];
    const paidOf = paidPerRun(
      runs,
      new Map([
        ['V01', 3000000n],
        ['V02', 999999n],
      ]),
    );
    expect([paidOf('V01', 'r2024'), paidOf('V01', 'r2025')]).toEqual([2139344n, 860656n]);
    expect([paidOf('V02', 'r2024'), paidOf('V02', 'r2025')]).toEqual([999999n, 0n]);
    expect([paidOf('V03', 'r2024'), paidOf('V01', 'r2026')]).toEqual([0n, 0n]);
  });
});
