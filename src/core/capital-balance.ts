/**
 * The rulebook's capital rule, the one copy the records and the engine share:
 * a village's capital at the end of any day may never be below zero (a
 * withdrawal of money never put in would pay dividends on nothing). Events of
 * one day are netted first, since the rule is about the end of the day.
 */

/** One capital event of one village in one project: a date (YYYY-MM-DD) and a signed amount in fen. */
export interface DatedAmount {
  date: string;
  amount: bigint;
}

/** The first day whose closing capital is below zero, and that capital in fen. */
export interface BelowZero {
  date: string;
  capital: bigint;
}

/** The first day one village's events take its capital below zero, or null when they never do. Any order of events. */
export function firstDayBelowZero(events: readonly DatedAmount[]): BelowZero | null {
  const byDay = new Map<string, bigint>();
  for (const e of events) byDay.set(e.date, (byDay.get(e.date) ?? 0n) + e.amount);
  let capital = 0n;
  // YYYY-MM-DD strings sort in date order.
  for (const date of [...byDay.keys()].sort()) {
    capital += byDay.get(date)!;
    if (capital < 0n) return { date, capital };
  }
  return null;
}
