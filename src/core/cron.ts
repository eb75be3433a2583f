/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week), read in Beijing time, for the scheduled
 * backups (BACKUP_CRON). Each field is `*`, a number, a range `a-b`, a step `*\/n` or `a-b/n`, or a comma list of
 * these; day-of-week is 0–7 with both 0 and 7 for Sunday. As in cron, when both day fields are restricted a day
 * matching either one is taken. Names (MON, JAN) and the `@daily` shorthands are not accepted: numbers only.
 */
export interface CronSchedule {
  /** The expression as given. */
  readonly source: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly days: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly weekdays: ReadonlySet<number>;
  readonly anyDay: boolean;
  readonly anyWeekday: boolean;
}

const FIELDS = [
  { name: '分钟', min: 0, max: 59 },
  { name: '小时', min: 0, max: 23 },
  { name: '日', min: 1, max: 31 },
  { name: '月', min: 1, max: 12 },
  { name: '星期', min: 0, max: 7 },
] as const;

export class CronError extends Error {}

/** Parses an expression, or throws a CronError saying which field is wrong. */
export function parseCron(source: string): CronSchedule {
  const parts = source.trim().split(/\s+/);
  if (parts.length !== 5) throw new CronError(`"${source}" 应为 5 个以空格分隔的字段（分 时 日 月 星期），例如 "0 2 * * *"`);
  const sets = parts.map((part, i) => parseField(part, FIELDS[i]));
  const weekdays = new Set([...sets[4]].map((d) => d % 7));
  return {
    source,
    minutes: sets[0],
    hours: sets[1],
    days: sets[2],
    months: sets[3],
    weekdays,
    anyDay: parts[2].startsWith('*'),
    anyWeekday: parts[4].startsWith('*'),
  };
}

function parseField(text: string, field: (typeof FIELDS)[number]): Set<number> {
  const out = new Set<number>();
  const bad = (why: string) => new CronError(`${field.name}字段 "${text}" ${why}（${field.min}–${field.max}）`);
  for (const item of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
    if (!m) throw bad('写法不对，只能用数字、*、a-b、*/n 和逗号');
    const from = m[1] === '*' ? field.min : Number(m[2]);
    const to = m[1] === '*' ? field.max : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? field.max : from;
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (from < field.min || to > field.max || from > to) throw bad('超出范围');
    if (step < 1) throw bad('步长须至少为 1');
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

const MINUTE = 60_000;
const BEIJING_OFFSET = 8 * 60 * MINUTE;
/** Far enough for any expression that can match at all (29 February falls within 8 years). */
const HORIZON_DAYS = 8 * 366;

/**
 * The first instant strictly after `after` that the schedule names, in Beijing wall-clock time (UTC+8, no daylight
 * saving); undefined when it names none (31 February).
 */
export function nextRun(schedule: CronSchedule, after: Date): Date | undefined {
  // Beijing wall-clock time held in a Date's UTC fields.
  const t = new Date(Math.floor((after.getTime() + BEIJING_OFFSET) / MINUTE) * MINUTE + MINUTE);
  const limit = t.getTime() + HORIZON_DAYS * 24 * 60 * MINUTE;
  while (t.getTime() <= limit) {
    if (!schedule.months.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0, 0, 0);
    } else if (!dayMatches(schedule, t)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0, 0, 0);
    } else if (!schedule.hours.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
    } else if (!schedule.minutes.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
    } else {
      return new Date(t.getTime() - BEIJING_OFFSET);
    }
  }
  return undefined;
}

function dayMatches(s: CronSchedule, t: Date): boolean {
  const day = s.days.has(t.getUTCDate());
  const weekday = s.weekdays.has(t.getUTCDay());
  if (s.anyDay && s.anyWeekday) return true;
  if (s.anyDay) return weekday;
  if (s.anyWeekday) return day;
  return day || weekday;
}
