import { CronError, nextRun, parseCron } from '../../../src/core/cron';

/** Beijing wall-clock time as an instant. */
const bj = (s: string) => new Date(`${s}+08:00`);

describe('cron (BACKUP_CRON, Beijing time)', () => {
  it.each([
    // A daily backup at 02:00 Beijing is 18:00 UTC the day before: a server in UTC must not back up at 02:00 UTC.
    ['0 2 * * *', '2026-11-28T10:15:00', '2026-11-29T02:00:00'],
    ['0 2 * * *', '2026-11-28T01:59:59', '2026-11-28T02:00:00'],
    // Strictly after: a run that ends within its own minute does not run again.
    ['0 2 * * *', '2026-11-28T02:00:00', '2026-11-29T02:00:00'],
    ['*/15 * * * *', '2026-11-28T10:16:00', '2026-11-28T10:30:00'],
    ['30 23 31 12 *', '2026-01-01T00:00:00', '2026-12-31T23:30:00'],
    // Sunday as 0 and as 7; 2026-11-29 is a Sunday.
    ['0 3 * * 0', '2026-11-28T10:00:00', '2026-11-29T03:00:00'],
    ['0 3 * * 7', '2026-11-28T10:00:00', '2026-11-29T03:00:00'],
    // Both day fields restricted: either matches (the 1st, or a Monday: 2026-11-30).
    ['0 0 1 * 1', '2026-11-28T10:00:00', '2026-11-30T00:00:00'],
    ['0 4 29 2 *', '2026-03-01T00:00:00', '2028-02-29T04:00:00'],
    ['5-10/5 8,20 * 6-7 1-5', '2026-05-31T23:00:00', '2026-06-01T08:05:00'],
  ])('"%s" after %s runs at %s', (cron, after, next) => {
    expect(nextRun(parseCron(cron), bj(after))).toEqual(bj(next));
  });

  it('names no instant for a day that never comes', () => {
    expect(nextRun(parseCron('0 0 31 2 *'), bj('2026-01-01T00:00:00'))).toBeUndefined();
  });

  it.each([
    ['0 2 * *', /5 个/],
    ['60 2 * * *', /分钟字段 "60" 超出范围/],
    ['0 24 * * *', /小时字段/],
    ['0 2 0 * *', /日字段/],
    ['0 2 * 13 *', /月字段/],
    ['0 2 * * 8', /星期字段/],
    ['0 2 * * MON', /写法不对/],
    ['*/0 * * * *', /步长/],
    ['5-1 * * * *', /超出范围/],
  ])('refuses "%s", naming the field', (cron, message) => {
    expect(() => parseCron(cron)).toThrow(CronError);
    expect(() => parseCron(cron)).toThrow(message);
  });
});
