/**
 * The books' calendar (spec: "Dates and periods"): nothing is dated after
 * today (Beijing) or before the book's start: a project's start date, a
 * village book's opening date. Returns what is wrong with a date, or null.
 */
export function postingDateIssue(
  date: string,
  bounds: { today: string; startDate: string | null; book?: 'project' | 'village' },
): string | null {
  if (date > bounds.today) return `${date} 晚于今天（${bounds.today}）：不能记未来日期的账`;
  if (bounds.startDate !== null && date < bounds.startDate) {
    return bounds.book === 'village'
      ? `${date} 早于村账的建账日期 ${bounds.startDate}：建账前不能记账`
      : `${date} 早于项目开始日期 ${bounds.startDate}：项目开始前不能记账`;
  }
  return null;
}

/** A reversal is dated no earlier than the voucher it reverses; what is wrong with `date`, or null. */
export function reversalDateIssue(date: string, originalDate: string): string | null {
  if (date < originalDate) return `${date} 早于被冲销记录的日期 ${originalDate}：冲销日期不能早于原记录`;
  return null;
}

/**
 * Once a project's opening balance is posted (spec onboarding.md), its old books are closed: nothing more is dated on
 * or before the cut-over date. What is wrong with `date`, or null.
 */
export function cutoverDateIssue(date: string, cutoverDate: string): string | null {
  if (date <= cutoverDate) {
    return `${date} 不晚于期初日期 ${cutoverDate}：期初余额已入账，期初日期及以前的账已在旧账中，不能再记`;
  }
  return null;
}
