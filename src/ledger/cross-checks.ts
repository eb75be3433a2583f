/**
 * Verification's cross-checks: the mutable records that decide what a village
 * is owed or was paid, or when the books may change, against the event chain
 * and the vouchers (docs/ledger.md, "Verification"). Pure functions over rows
 * read in one snapshot; each returns the problems it finds, in row order.
 *
 * A row with no event at all is a problem only when it was written after the
 * project's event chain began (its created_at, or for a policy its
 * updated_at, or for a closed year its closed_at, at or after the first
 * event's recorded_at): records from before the upgrade carry no events.
 */
import { parseVoucherNumber, policyDocumentHash, VoucherRecord } from '../core/ledger';
import type { StoredEvent } from './ledger-event.repository';
import type { ClosedYear } from './year-close.repository';
import type { CounterRecord, PaymentRecord, PolicyRecord, RunRecord } from './verification.repository';

/** One thing verification found wrong: the table, the row (id or key) and what is wrong with it. */
export interface VerificationProblem {
  table: string;
  id: string;
  message: string;
}

/** An event with its payload parsed (an unparsable payload reads as {}: the hash check names it). */
export interface ParsedEvent extends StoredEvent {
  data: Record<string, unknown>;
}

export function parseEvents(events: readonly StoredEvent[]): ParsedEvent[] {
  return events.map((e) => {
    let data: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(e.payload);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) data = parsed as Record<string, unknown>;
    } catch {
      // Left empty: the chain check reports the altered event.
    }
    return { ...e, data };
  });
}

/** Whether a row written at `at` must have events: the chain had begun by then. */
export type RequiresEvents = (at: Date) => boolean;

export function requiresEventsSince(events: readonly StoredEvent[]): RequiresEvents {
  const start = events.length ? new Date(events[0].recordedAt).getTime() : undefined;
  return (at) => start !== undefined && at.getTime() >= start;
}

/** Groups events of the kinds starting with `prefix` by a payload field (the subject when it is missing). */
function byKey(events: readonly ParsedEvent[], prefix: string, key: string): Map<string, ParsedEvent[]> {
  const out = new Map<string, ParsedEvent[]>();
  for (const e of events) {
    if (!e.kind.startsWith(prefix)) continue;
    const k = String(e.data[key] ?? e.subjectId);
    out.set(k, [...(out.get(k) ?? []), e]);
  }
  return out;
}

const RUN_STATUS: Record<string, string> = {
  'run.prepared': 'draft',
  'run.approved': 'approved',
  'run.posted': 'posted',
  'run.reversed': 'reversed',
};

/** A run's status is what its last event made it; its hashes, year and dates are those its events carry. */
export function checkRuns(runs: readonly RunRecord[], events: readonly ParsedEvent[], requires: RequiresEvents): VerificationProblem[] {
  const problems: VerificationProblem[] = [];
  const grouped = byKey(events, 'run.', 'runId');
  for (const run of runs) {
    const p = (message: string) => problems.push({ table: 'distribution_run', id: run.id, message });
    const evs = grouped.get(run.id) ?? [];
    grouped.delete(run.id);
    if (evs.length === 0) {
      if (requires(run.createdAt)) p('the run has no event in the chain, though it was created after the chain began');
      continue;
    }
    const last = evs[evs.length - 1];
    const expected = RUN_STATUS[last.kind];
    if (run.status !== expected)
      p(`status is ${run.status}, but the run's last event (${last.sequence}, ${last.kind}) makes it ${expected}`);
    for (const e of evs) {
      if (e.data.inputsHash !== run.inputsHash) p(`inputs_hash differs from event ${e.sequence} (${e.kind})`);
      if (e.data.resultHash !== run.resultHash) p(`result_hash differs from event ${e.sequence} (${e.kind})`);
      if (e.data.year !== run.year) p(`year ${run.year} differs from event ${e.sequence} (${e.kind}): ${String(e.data.year)}`);
    }
    const date = (kind: string) => evs.filter((e) => e.kind === kind).map((e) => String(e.data.date ?? e.date))[0] ?? null;
    if (expected === 'posted' || expected === 'reversed') {
      if (run.postingDate !== date('run.posted'))
        p(`posting_date ${run.postingDate} differs from the run.posted event's ${date('run.posted')}`);
    }
    if (expected === 'reversed' && run.reversalDate !== date('run.reversed')) {
      p(`reversal_date ${run.reversalDate} differs from the run.reversed event's ${date('run.reversed')}`);
    }
  }
  return [...problems, ...orphans(grouped, 'distribution_run', 'run')];
}

/** A payment row says what its payment.posted event said, its status follows payment.reversed, and its voucher books its amount. */
export function checkPayments(
  payments: readonly PaymentRecord[],
  events: readonly ParsedEvent[],
  requires: RequiresEvents,
): VerificationProblem[] {
  const problems: VerificationProblem[] = [];
  const grouped = byKey(events, 'payment.', 'paymentId');
  for (const pay of payments) {
    const p = (message: string) => problems.push({ table: 'payment', id: pay.id, message });
    const evs = grouped.get(pay.id) ?? [];
    grouped.delete(pay.id);
    if (pay.voucherAmount !== pay.amount) p(`amount ${pay.amount} differs from its voucher ${pay.voucherNumber}'s ${pay.voucherAmount}`);
    if (pay.voucherDate !== pay.date) p(`date ${pay.date} differs from its voucher ${pay.voucherNumber}'s ${pay.voucherDate}`);
    const sourceType = pay.kind === 'village' ? 'payment' : 'operator-payment';
    if (pay.voucherSourceType !== sourceType || pay.voucherSourceId !== pay.id) p(`its voucher ${pay.voucherNumber} books another record`);
    if (evs.length === 0) {
      if (requires(pay.createdAt)) p('the payment has no event in the chain, though it was created after the chain began');
      continue;
    }
    const posted = evs.find((e) => e.kind === 'payment.posted');
    if (!posted) p('the chain has no payment.posted event for it');
    else {
      const d = posted.data;
      const fields: Array<[string, unknown, unknown]> = [
        ['amount', pay.amount, d.amount],
        ['date', pay.date, d.date],
        ['kind', pay.kind, d.kind],
        ['village', pay.villageCode, d.villageCode ?? null],
        ['bank_reference', pay.bankReference, d.bankReference],
        ['voucher', pay.voucherNumber, d.voucher],
      ];
      for (const [name, row, chained] of fields) {
        if (row !== chained) p(`${name} is ${String(row)}, but its payment.posted event (${posted.sequence}) says ${String(chained)}`);
      }
    }
    const reversed = evs.find((e) => e.kind === 'payment.reversed');
    const status = reversed ? 'reversed' : 'posted';
    if (pay.status !== status) p(`status is ${pay.status}, but the chain makes it ${status}`);
    if ((reversed?.data.voucher ?? null) !== pay.reversalVoucherNumber) {
      p(`reversal voucher ${pay.reversalVoucherNumber} differs from the chain's ${String(reversed?.data.voucher ?? null)}`);
    }
  }
  return [...problems, ...orphans(grouped, 'payment', 'payment')];
}

/** The closed years are those whose last year.closed / year.reopened event is a close, each closed by that event's user. */
export function checkClosedYears(
  rows: readonly ClosedYear[],
  events: readonly ParsedEvent[],
  requires: RequiresEvents,
): VerificationProblem[] {
  const problems: VerificationProblem[] = [];
  const last = new Map<number, ParsedEvent>();
  for (const e of events) if (e.kind === 'year.closed' || e.kind === 'year.reopened') last.set(Number(e.data.year), e);
  const stored = new Map(rows.map((r) => [r.year, r]));
  const years = [...new Set([...stored.keys(), ...last.keys()])].sort((a, b) => a - b);
  for (const year of years) {
    const p = (message: string) => problems.push({ table: 'year_close', id: String(year), message });
    const row = stored.get(year);
    const e = last.get(year);
    if (row && !e && requires(new Date(row.closedAt))) p(`${year} is closed, but the chain has no year.closed event for it`);
    else if (row && e?.kind === 'year.reopened') p(`${year} is closed, but the chain's last event for it (${e.sequence}) reopened it`);
    else if (!row && e?.kind === 'year.closed') p(`the chain closed ${year} (event ${e.sequence}), but no year_close row says so`);
    else if (row && e && row.closedBy !== e.actorLogin)
      p(`closed_by is ${row.closedBy}, but the year.closed event (${e.sequence}) was ${e.actorLogin}'s`);
  }
  return problems;
}

/** Each policy version's document hashes to the documentHash of its last policy.set event. */
export function checkPolicies(
  rows: readonly PolicyRecord[],
  events: readonly ParsedEvent[],
  requires: RequiresEvents,
): VerificationProblem[] {
  const problems: VerificationProblem[] = [];
  const grouped = byKey(events, 'policy.', 'effectiveFromYear');
  for (const row of rows) {
    const p = (message: string) => problems.push({ table: 'distribution_policy', id: row.id, message });
    const evs = grouped.get(String(row.effectiveFromYear)) ?? [];
    grouped.delete(String(row.effectiveFromYear));
    if (evs.length === 0) {
      const written = row.updatedAt > row.createdAt ? row.updatedAt : row.createdAt;
      if (requires(written))
        p(`the policy from ${row.effectiveFromYear} has no policy.set event, though it was written after the chain began`);
      continue;
    }
    const last = evs[evs.length - 1];
    let hash: string;
    try {
      hash = policyDocumentHash(row.document);
    } catch (e) {
      p(`the document cannot be hashed: ${(e as Error).message}`);
      continue;
    }
    if (hash !== last.data.documentHash) p(`the document differs from the one its last policy.set event (${last.sequence}) hashed`);
  }
  for (const [year, evs] of grouped) {
    const id = evs[evs.length - 1].subjectId;
    problems.push({ table: 'distribution_policy', id, message: `the chain sets a policy from ${year}, but there is no such policy` });
  }
  return problems;
}

/** Each month's counter is the highest voucher number of the month, and the month's numbers run 1…n. */
export function checkCounters(counters: readonly CounterRecord[], vouchers: readonly VoucherRecord[]): VerificationProblem[] {
  const problems: VerificationProblem[] = [];
  const months = new Map<string, { max: number; count: number }>();
  for (const v of vouchers) {
    const n = parseVoucherNumber(v.voucherNumber);
    if (!n) continue; // the chain check names it
    const m = months.get(n.month) ?? { max: 0, count: 0 };
    months.set(n.month, { max: Math.max(m.max, n.n), count: m.count + 1 });
  }
  for (const c of counters) {
    const m = months.get(c.month);
    months.delete(c.month);
    if (!m || m.max !== c.lastN) {
      problems.push({
        table: 'voucher_counter',
        id: c.month,
        message: `last_n is ${c.lastN}, but the highest voucher number of ${c.month} is ${m?.max ?? 0}`,
      });
    } else if (m.count !== m.max) {
      problems.push({
        table: 'voucher',
        id: c.month,
        message: `${c.month} has ${m.count} vouchers numbered up to ${m.max}: numbers are missing`,
      });
    }
  }
  for (const [month, m] of months) {
    problems.push({ table: 'voucher_counter', id: month, message: `${month} has vouchers up to ${m.max}, but no counter` });
  }
  return problems;
}

/** Events left over after matching every row: they name a record that does not exist. */
function orphans(grouped: Map<string, ParsedEvent[]>, table: string, noun: string): VerificationProblem[] {
  return [...grouped].map(([id, evs]) => ({
    table,
    id,
    message: `the chain records ${evs.map((e) => e.kind).join(', ')} for this ${noun}, but there is no such ${noun}`,
  }));
}
