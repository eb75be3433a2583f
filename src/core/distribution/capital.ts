/**
 * The capital base C_v of each village, kept exact as a numerator over the
 * year's day count D (one denominator shared by every village):
 *
 *   time_weighted: C_v = sum(amount * days) / D, days = end - max(date, start) + 1
 *   year_end:      C_v = sum(amount) = sum(amount * D) / D
 *
 * Events after the year's end are ignored.
 */
import { dayNumber, daysInYear } from '../dates';
import { CapitalBasis } from './policy';
import { CapitalEvent, sortedEvents } from './scenario';

/**
 * A village's events that count in the year (events up to its end, in date
 * order) and, index for index, the days each is held (D for year_end). The
 * events are the scenario's own objects: no copy per event.
 */
export interface HeldEvents {
  events: CapitalEvent[];
  days: number[];
}

export interface CapitalYear {
  /** D, the number of days in the year (365 or 366). */
  days: number;
  /** Per village code: the numerator of C_v in fen·days, and the events that count. */
  byVillage: Map<string, { num: bigint } & HeldEvents>;
}

export function capitalYear(year: number, basis: CapitalBasis, events: readonly CapitalEvent[]): CapitalYear {
  const D = daysInYear(year);
  const y = String(year).padStart(4, '0');
  const startDate = `${y}-01-01`;
  const endDate = `${y}-12-31`;
  const endDay = dayNumber(endDate);
  const byVillage = new Map<string, { num: bigint } & HeldEvents>();
  // Day counts repeat across villages (everyone joins on the same dates), so cache them.
  const daysOf = new Map<string, number>();
  // Events in (village, date) order, so each village's list comes out in date order.
  for (const e of sortedEvents(events)) {
    if (e.date > endDate) continue;
    let days = D;
    if (basis === 'time_weighted' && e.date > startDate) {
      let d = daysOf.get(e.date);
      if (d === undefined) daysOf.set(e.date, (d = endDay - dayNumber(e.date) + 1));
      days = d;
    }
    let v = byVillage.get(e.village);
    if (!v) byVillage.set(e.village, (v = { num: 0n, events: [], days: [] }));
    v.num += e.amount * BigInt(days);
    v.events.push(e);
    v.days.push(days);
  }
  return { days: D, byVillage };
}
