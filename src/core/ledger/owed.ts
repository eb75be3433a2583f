/**
 * What is owed as of a date (spec "Dates and periods"): the balance of a
 * payable (211-<village>, in credit) or of the operator's receivable
 * (112-OPERATOR, in debit) over every voucher dated on or before it. A payment
 * dated D lowers that balance on D and on every later day, so it may not exceed
 * the least of them: as of D, after each later day's vouchers, and today.
 */

/** A day's net change in what is owed (positive: more is owed), from the vouchers dated that day. */
export interface OwedMovement {
  date: string;
  amount: bigint;
}

/** What is owed after every movement dated on or before `date`. */
export function owedAsOf(movements: readonly OwedMovement[], date: string): bigint {
  let owed = 0n;
  for (const m of movements) if (m.date <= date) owed += m.amount;
  return owed;
}

/**
 * Why a payment of `amount` dated `date` would pay more than is owed, or null.
 * `field: 'amount'` when it is more than is owed today; `field: 'date'` when
 * today's balance allows it but an earlier day's does not: the payment's own
 * date (say, before the dividend was posted) or a later day (a reversal in
 * between). `on` and `owed` name the day and what was owed then.
 */
export function paymentOwedIssue(p: {
  amount: bigint;
  date: string;
  today: string;
  movements: readonly OwedMovement[];
}): { field: 'amount' | 'date'; on: string; owed: bigint } | null {
  const today = owedAsOf(p.movements, p.today);
  if (p.amount > today) return { field: 'amount', on: p.today, owed: today };
  const then = owedAsOf(p.movements, p.date);
  if (p.amount > then) return { field: 'date', on: p.date, owed: then };
  // One pass over the days in order: the balance at the end of each day after the payment's.
  const byDay = new Map<string, bigint>();
  for (const m of p.movements) byDay.set(m.date, (byDay.get(m.date) ?? 0n) + m.amount);
  let owed = 0n;
  for (const [day, amount] of [...byDay].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    owed += amount;
    if (day > p.date && p.amount > owed) return { field: 'date', on: day, owed };
  }
  return null;
}
