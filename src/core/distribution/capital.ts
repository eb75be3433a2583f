/**
 * The capital base C_v of each village, kept exact as a numerator over the
 * year's day count D (one denominator shared by every village):
 *
 *   time_weighted: C_v = sum(amount * days) / D, days = end - max(date, start) + 1
 *   year_end:      C_v = sum(amount) = sum(amount * D) / D
 *
 * Events after the year's end are ignored.
 */
import { compareCodes } from '../codes';
import { dayNumber, daysInYear } from '../dates';
import { CapitalBasis } from './policy';
import { CapitalEvent } from './scenario';

/** One event as it counts in the year: `days` held (D for year_end). */
export interface HeldEvent {
  date: string;
  amount: bigint;
  days: number;
}

export interface CapitalYear {
  /** D, the number of days in the year (365 or 366). */
  days: number;
  /** Per village code: the numerator of C_v in fen·days, and the events that count. */
  byVillage: Map<string, { num: bigint; events: HeldEvent[] }>;
}

export function capitalYear(year: number, basis: CapitalBasis, events: readonly CapitalEvent[]): CapitalYear {
  const D = daysInYear(year);
  const y = String(year).padStart(4, '0');
  const startDate = `${y}-01-01`;
  const endDate = `${y}-12-31`;
  const endDay = dayNumber(endDate);
  const byVillage = new Map<string, { num: bigint; events: HeldEvent[] }>();
  // Day counts repeat across villages (everyone joins on the same dates), so cache them.
  const daysOf = new Map<string, number>();
  for (const e of events) {
    if (e.date > endDate) continue;
    let days = D;
    if (basis === 'time_weighted' && e.date > startDate) {
      let d = daysOf.get(e.date);
      if (d === undefined) daysOf.set(e.date, (d = endDay - dayNumber(e.date) + 1));
      days = d;
    }
    let v = byVillage.get(e.village);
    if (!v) byVillage.set(e.village, (v = { num: 0n, events: [] }));
    v.num += e.amount * BigInt(days);
    v.events.push({ date: e.date, amount: e.amount, days });
  }
  for (const v of byVillage.values()) {
    v.events.sort((a, b) => compareCodes(a.date, b.date) || (a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0));
  }
  return { days: D, byVillage };
}
