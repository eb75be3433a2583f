/**
 * The books' calendar (spec: "Dates and periods"): nothing is dated after
 * today (Beijing) or before the project's start date. Returns what is wrong
 * with a date, or null.
 */
export function postingDateIssue(date: string, bounds: { today: string; startDate: string | null }): string | null {
  if (date > bounds.today) return `${date} is after today (${bounds.today}): nothing can be dated in the future`;
  if (bounds.startDate !== null && date < bounds.startDate) {
    return `${date} is before the project's start date ${bounds.startDate}`;
  }
  return null;
}

/** A reversal is dated no earlier than the voucher it reverses; what is wrong with `date`, or null. */
export function reversalDateIssue(date: string, originalDate: string): string | null {
  if (date < originalDate) return `${date} is before ${originalDate}, the date of what it reverses: a reversal cannot be dated earlier`;
  return null;
}
