/**
 * The service's clock. Every "today" and "now" the service uses comes from an
 * injected Clock, in Beijing time (Asia/Shanghai), so that a test can set the
 * date and a server in another time zone still closes the day at midnight in
 * Beijing.
 */
export abstract class Clock {
  /** The current instant. */
  abstract now(): Date;

  /** Today's calendar date in Beijing, YYYY-MM-DD. */
  today(): string {
    return beijingDate(this.now());
  }
}

const BEIJING = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date in Beijing of an instant, YYYY-MM-DD. */
export function beijingDate(instant: Date): string {
  return BEIJING.format(instant);
}

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** An instant as ISO 8601 in Beijing time (UTC+8, no daylight saving): 2026-11-28T20:01:02.345+08:00. */
export function beijingIso(epochMs: number): string {
  return new Date(epochMs + BEIJING_OFFSET_MS).toISOString().replace('Z', '+08:00');
}

/** An instant as Beijing wall time for people, `YYYY-MM-DD HH:mm:ss`. */
export function beijingDateTime(instant: Date): string {
  return beijingIso(instant.getTime()).slice(0, 19).replace('T', ' ');
}

/** The machine's clock. */
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that stands still at a set instant until moved: for tests and for replaying a day's work. */
export class FixedClock extends Clock {
  private instant: Date;

  /** `at` is a date (YYYY-MM-DD, taken as noon in Beijing) or an instant. */
  constructor(at: string | Date) {
    super();
    this.instant = FixedClock.parse(at);
  }

  now(): Date {
    return new Date(this.instant.getTime());
  }

  set(at: string | Date): void {
    this.instant = FixedClock.parse(at);
  }

  private static parse(at: string | Date): Date {
    if (at instanceof Date) return new Date(at.getTime());
    return /^\d{4}-\d{2}-\d{2}$/.test(at) ? new Date(`${at}T12:00:00+08:00`) : new Date(at);
  }
}
