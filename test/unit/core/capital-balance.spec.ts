import { firstDayBelowZero } from '../../../src/core/capital-balance';

describe('capital never below zero at the end of a day', () => {
  it('is null for no events, and for capital that only reaches zero', () => {
    expect(firstDayBelowZero([])).toBeNull();
    expect(
      firstDayBelowZero([
        { date: '2025-01-01', amount: 100000n },
        { date: '2025-06-30', amount: -100000n },
      ]),
    ).toBeNull();
  });

  it('names the first day below zero with the running capital at its end', () => {
    const events = [
      { date: '2025-03-01', amount: 100000n },
      { date: '2025-02-01', amount: -50000n },
      { date: '2025-04-01', amount: -200000n },
    ];
    expect(firstDayBelowZero(events)).toEqual({ date: '2025-02-01', capital: -50000n });
  });

  it('nets the events of one day before judging it', () => {
    // A withdrawal listed before the same day's contribution is fine: only the day's end counts.
    expect(
      firstDayBelowZero([
        { date: '2025-05-01', amount: -30000n },
        { date: '2025-05-01', amount: 30001n },
      ]),
    ).toBeNull();
    const events = [
      { date: '2024-12-31', amount: 1000n },
      { date: '2025-05-01', amount: -30000n },
      { date: '2025-05-01', amount: 28999n },
    ];
    expect(firstDayBelowZero(events)).toEqual({ date: '2025-05-01', capital: -1n });
  });

  it('reports only the first breaking day, not a later deeper one', () => {
    const events = [
      { date: '2025-01-10', amount: -1n },
      { date: '2025-01-11', amount: 1n },
      { date: '2025-01-12', amount: -999n },
    ];
    expect(firstDayBelowZero(events)).toEqual({ date: '2025-01-10', capital: -1n });
  });
});
