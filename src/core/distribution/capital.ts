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
 * The events in (village, date, amount) order and, index for index, the days
 * each is held in the year (D for year_end). A village's events that count are
 * one run of them, `from` up to `to`; the events are the scenario's own
 * objects, and nothing is copied per village.
 */
export interface HeldEvents {
  events: readonly CapitalEvent[];
  days: Int32Array;
  from: number;
  to: number;
}

export interface VillageCapital {
  /** The numerator of C_v, in fen·days. */
  num: bigint;
  /** The village's events that count: events[from] up to events[to - 1]. */
  from: number;
  to: number;
}

export interface CapitalYear {
  /** D, the number of days in the year (365 or 366). */
  days: number;
  /** Every event in (village, date) order, and the days each is held (0 for an event after the year). */
  events: readonly CapitalEvent[];
  held: Int32Array;
  /** Per village code that has events in the year. */
  byVillage: Map<string, VillageCapital>;
}

export function capitalYear(year: number, basis: CapitalBasis, all: readonly CapitalEvent[]): CapitalYear {
  const D = daysInYear(year);
  const y = String(year).padStart(4, '0');
  const startDate = `${y}-01-01`;
  const endDate = `${y}-12-31`;
  const endDay = dayNumber(endDate);
  const byVillage = new Map<string, VillageCapital>();
  // Events in (village, date) order, so each village's events that count are one run of the list.
  const events = sortedEvents(all);
  const held = new Int32Array(events.length);
  // Day counts repeat across villages (everyone joins on the same dates), so cache them, with their bigint.
  const daysOf = new Map<string, { days: number; big: bigint }>();
  const yearLong = { days: D, big: BigInt(D) };
  let v: VillageCapital | undefined;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.date > endDate) continue;
    let d = yearLong;
    if (basis === 'time_weighted' && e.date > startDate) {
      let cached = daysOf.get(e.date);
      if (cached === undefined) {
        const days = endDay - dayNumber(e.date) + 1;
        daysOf.set(e.date, (cached = { days, big: BigInt(days) }));
      }
      d = cached;
    }
    held[i] = d.days;
    // The list is in village order: a village's entry is looked up only when its run begins.
    if (v === undefined || events[v.from].village !== e.village) {
      v = { num: 0n, from: i, to: i };
      byVillage.set(e.village, v);
    }
    v.num += e.amount * d.big;
    v.to = i + 1;
  }
  return { days: D, events, held, byVillage };
}
