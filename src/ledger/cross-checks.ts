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
import type { AgreementRecord } from './verification.repository';
import { parseVoucherNumber, policyDocumentHash, VoucherRecord } from '../core/ledger';
import type { EventChainCode, EventChainVerification } from '../core/ledger/event-chain';
import type { ChainVerification, VoucherChainCode } from '../core/ledger/hash-chain';
import type { StoredEvent } from './ledger-event.repository';
import type { ClosedBalanceMismatch, ClosedYear } from './year-close.repository';
import type { CounterRecord, OpeningRecord, PaymentRecord, PolicyRecord, RunRecord } from './verification.repository';

/**
 * One thing verification found wrong: the table, the row (id or key), a stable English `code` naming the kind of
 * finding (for programs; it never changes with the wording) and a Chinese `message` saying what is wrong.
 */
export interface VerificationProblem {
  table: string;
  id: string;
  code: VerificationCode;
  message: string;
}

/**
 * Every kind of finding, one code each. The chains' own codes come from the core (voucher and event chain); the
 * head mismatches are found by the service, which compares each chain's end with the ledger head.
 */
export type VerificationCode =
  | VoucherChainCode
  | EventChainCode
  | 'VOUCHER_CHAIN_HEAD_MISMATCH'
  | 'EVENT_CHAIN_HEAD_MISMATCH'
  | 'RUN_WITHOUT_EVENT'
  | 'RUN_STATUS_MISMATCH'
  | 'RUN_INPUTS_HASH_MISMATCH'
  | 'RUN_RESULT_HASH_MISMATCH'
  | 'RUN_YEAR_MISMATCH'
  | 'RUN_POSTING_DATE_MISMATCH'
  | 'RUN_REVERSAL_DATE_MISMATCH'
  | 'PAYMENT_VOUCHER_AMOUNT_MISMATCH'
  | 'PAYMENT_VOUCHER_DATE_MISMATCH'
  | 'PAYMENT_VOUCHER_SOURCE_MISMATCH'
  | 'PAYMENT_WITHOUT_EVENT'
  | 'PAYMENT_POSTED_EVENT_MISSING'
  | 'PAYMENT_FIELD_MISMATCH'
  | 'PAYMENT_STATUS_MISMATCH'
  | 'PAYMENT_REVERSAL_VOUCHER_MISMATCH'
  | 'YEAR_CLOSE_WITHOUT_EVENT'
  | 'YEAR_CLOSE_REOPENED_IN_CHAIN'
  | 'YEAR_CLOSE_ROW_MISSING'
  | 'YEAR_CLOSE_ACTOR_MISMATCH'
  | 'CLOSED_BALANCE_MISMATCH'
  | 'CLOSED_BALANCE_NOT_CLOSED'
  | 'VILLAGE_BOOK_DISAGREES'
  | 'POLICY_WITHOUT_EVENT'
  | 'POLICY_DOCUMENT_UNHASHABLE'
  | 'POLICY_DOCUMENT_MISMATCH'
  | 'POLICY_MISSING'
  | 'VOUCHER_COUNTER_MISMATCH'
  | 'VOUCHER_NUMBERS_MISSING'
  | 'VOUCHER_COUNTER_MISSING'
  | 'EVENT_SUBJECT_MISSING'
  | 'OPENING_WITHOUT_EVENT'
  | 'OPENING_STATUS_MISMATCH'
  | 'OPENING_DATE_MISMATCH'
  | 'OPENING_VOUCHER_MISMATCH';

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

type Digest = { sequence: number; hash: string };

/** The first broken voucher of the chain, as a finding. */
export function voucherChainProblem(chain: Extract<ChainVerification, { ok: false }>): VerificationProblem {
  return { table: 'voucher', id: chain.voucherNumber, code: chain.code, message: `第 ${chain.firstBadSequence} 张凭证：${chain.reason}` };
}

/** The voucher chain, intact, ends elsewhere than the ledger head says: vouchers were removed (or the head changed). */
export function voucherHeadProblem(projectCode: string, end: Digest, head: Digest): VerificationProblem {
  return {
    table: 'ledger_head',
    id: projectCode,
    code: 'VOUCHER_CHAIN_HEAD_MISMATCH',
    message: `凭证链止于第 ${end.sequence} 张，账簿头却记为第 ${head.sequence} 张：有凭证缺失`,
  };
}

/** The first broken event of the chain, as a finding; `id` is the event row's id. */
export function eventChainProblem(chain: Extract<EventChainVerification, { ok: false }>, id: string): VerificationProblem {
  return {
    table: 'ledger_event',
    id,
    code: chain.code,
    message: `第 ${chain.firstBadSequence} 个事件（${chain.kind} ${chain.subjectId}）：${chain.reason}`,
  };
}

/** The event chain, intact, ends elsewhere than the ledger head says. */
export function eventHeadProblem(projectCode: string, end: Digest, head: Digest): VerificationProblem {
  return {
    table: 'ledger_head',
    id: projectCode,
    code: 'EVENT_CHAIN_HEAD_MISMATCH',
    message: `事件链止于第 ${end.sequence} 个，账簿头却记为第 ${head.sequence} 个：有事件缺失`,
  };
}

/** A run's or payment's status as the users call it. */
const STATUS_LABELS: Record<string, string> = { draft: '草稿', approved: '已审核', posted: '已入账', reversed: '已冲销' };

const status = (s: string | null): string => (s === null ? '（空）' : `${STATUS_LABELS[s] ?? s}（${s}）`);

/** A value in a message: null and a missing value read as （空）. */
const shown = (v: unknown): string => (v === null || v === undefined ? '（空）' : String(v));

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
    const p = (code: VerificationCode, message: string) => problems.push({ table: 'distribution_run', id: run.id, code, message });
    const evs = grouped.get(run.id) ?? [];
    grouped.delete(run.id);
    if (evs.length === 0) {
      if (requires(run.createdAt)) p('RUN_WITHOUT_EVENT', '这次分红计算在事件链中没有任何事件，但它是在事件链开始之后建立的');
      continue;
    }
    const last = evs[evs.length - 1];
    const expected = RUN_STATUS[last.kind];
    if (run.status !== expected)
      p(
        'RUN_STATUS_MISMATCH',
        `状态为${status(run.status)}，但它的最后一个事件（第 ${last.sequence} 个，${last.kind}）表明应为${status(expected)}`,
      );
    for (const e of evs) {
      const event = `第 ${e.sequence} 个事件（${e.kind}）`;
      if (e.data.inputsHash !== run.inputsHash) p('RUN_INPUTS_HASH_MISMATCH', `输入哈希（inputs_hash）与${event}记录的不同`);
      if (e.data.resultHash !== run.resultHash) p('RUN_RESULT_HASH_MISMATCH', `结果哈希（result_hash）与${event}记录的不同`);
      if (e.data.year !== run.year) p('RUN_YEAR_MISMATCH', `年度 ${run.year} 与${event}记录的年度 ${shown(e.data.year)} 不同`);
    }
    const date = (kind: string) => evs.filter((e) => e.kind === kind).map((e) => String(e.data.date ?? e.date))[0] ?? null;
    if (expected === 'posted' || expected === 'reversed') {
      if (run.postingDate !== date('run.posted'))
        p('RUN_POSTING_DATE_MISMATCH', `入账日期 ${shown(run.postingDate)} 与 run.posted 事件记录的 ${shown(date('run.posted'))} 不同`);
    }
    if (expected === 'reversed' && run.reversalDate !== date('run.reversed')) {
      p('RUN_REVERSAL_DATE_MISMATCH', `冲销日期 ${shown(run.reversalDate)} 与 run.reversed 事件记录的 ${shown(date('run.reversed'))} 不同`);
    }
  }
  return [...problems, ...orphans(grouped, 'distribution_run', '次分红计算')];
}

const OPENING_STATUS: Record<string, string> = {
  'opening.prepared': 'draft',
  'opening.approved': 'approved',
  'opening.posted': 'posted',
  'opening.reversed': 'reversed',
};

/**
 * An opening balance's status is what its last event made it; its date (the cut-over date) is the one its events
 * carry, and the numbers of its voucher and of the reversal are those its opening.posted and opening.reversed name.
 */
export function checkOpenings(
  openings: readonly OpeningRecord[],
  events: readonly ParsedEvent[],
  requires: RequiresEvents,
): VerificationProblem[] {
  const problems: VerificationProblem[] = [];
  const grouped = byKey(events, 'opening.', 'openingBalanceId');
  for (const doc of openings) {
    const p = (code: VerificationCode, message: string) => problems.push({ table: 'opening_balance', id: doc.id, code, message });
    const evs = grouped.get(doc.id) ?? [];
    grouped.delete(doc.id);
    if (evs.length === 0) {
      if (requires(doc.createdAt)) p('OPENING_WITHOUT_EVENT', '这份期初余额在事件链中没有任何事件，但它是在事件链开始之后编制的');
      continue;
    }
    const last = evs[evs.length - 1];
    const expected = OPENING_STATUS[last.kind];
    if (doc.status !== expected)
      p(
        'OPENING_STATUS_MISMATCH',
        `状态为${status(doc.status)}，但它的最后一个事件（第 ${last.sequence} 个，${last.kind}）表明应为${status(expected)}`,
      );
    for (const e of evs) {
      if (e.data.asOf !== doc.asOf)
        p('OPENING_DATE_MISMATCH', `期初日期 ${doc.asOf} 与第 ${e.sequence} 个事件（${e.kind}）记录的 ${shown(e.data.asOf)} 不同`);
    }
    const voucher = (kind: string) => evs.filter((e) => e.kind === kind).map((e) => e.data.voucher as string | undefined)[0] ?? null;
    if ((expected === 'posted' || expected === 'reversed') && doc.voucherNumber !== voucher('opening.posted')) {
      p(
        'OPENING_VOUCHER_MISMATCH',
        `凭证号 ${shown(doc.voucherNumber)} 与 opening.posted 事件记录的 ${shown(voucher('opening.posted'))} 不同`,
      );
    }
    if (expected === 'reversed' && doc.reversalVoucherNumber !== voucher('opening.reversed')) {
      p(
        'OPENING_VOUCHER_MISMATCH',
        `冲销凭证号 ${shown(doc.reversalVoucherNumber)} 与 opening.reversed 事件记录的 ${shown(voucher('opening.reversed'))} 不同`,
      );
    }
  }
  return [...problems, ...orphans(grouped, 'opening_balance', '份期初余额')];
}

/** A payment's fields as the users call them, for the comparison with its payment.posted event. */
const PAYMENT_FIELDS: Record<string, string> = {
  amount: '金额（amount）',
  date: '支付日期（date）',
  kind: '类型（kind）',
  village: '村代码（village）',
  bank_reference: '银行流水号（bank_reference）',
  voucher: '凭证号（voucher）',
};

/** A payment row says what its payment.posted event said, its status follows payment.reversed, and its voucher books its amount. */
export function checkPayments(
  payments: readonly PaymentRecord[],
  events: readonly ParsedEvent[],
  requires: RequiresEvents,
): VerificationProblem[] {
  const problems: VerificationProblem[] = [];
  const grouped = byKey(events, 'payment.', 'paymentId');
  for (const pay of payments) {
    const p = (code: VerificationCode, message: string) => problems.push({ table: 'payment', id: pay.id, code, message });
    const evs = grouped.get(pay.id) ?? [];
    grouped.delete(pay.id);
    const voucher = `其凭证 ${shown(pay.voucherNumber)} `;
    if (pay.voucherAmount !== pay.amount)
      p('PAYMENT_VOUCHER_AMOUNT_MISMATCH', `金额（amount）为 ${pay.amount}，与${voucher}的金额 ${shown(pay.voucherAmount)} 不同`);
    if (pay.voucherDate !== pay.date)
      p('PAYMENT_VOUCHER_DATE_MISMATCH', `支付日期（date）为 ${pay.date}，与${voucher}的日期 ${shown(pay.voucherDate)} 不同`);
    const sourceType = pay.kind === 'village' ? 'payment' : 'operator-payment';
    if (pay.voucherSourceType !== sourceType || pay.voucherSourceId !== pay.id)
      p('PAYMENT_VOUCHER_SOURCE_MISMATCH', `${voucher}记的是另一笔记录，不是这笔支付`);
    if (evs.length === 0) {
      if (requires(pay.createdAt)) p('PAYMENT_WITHOUT_EVENT', '这笔支付在事件链中没有任何事件，但它是在事件链开始之后登记的');
      continue;
    }
    const posted = evs.find((e) => e.kind === 'payment.posted');
    if (!posted) p('PAYMENT_POSTED_EVENT_MISSING', '事件链中没有这笔支付的 payment.posted 事件');
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
        if (row !== chained)
          p(
            'PAYMENT_FIELD_MISMATCH',
            `${PAYMENT_FIELDS[name]}为 ${shown(row)}，但它的 payment.posted 事件（第 ${posted.sequence} 个）记的是 ${shown(chained)}`,
          );
      }
    }
    const reversed = evs.find((e) => e.kind === 'payment.reversed');
    const chainStatus = reversed ? 'reversed' : 'posted';
    if (pay.status !== chainStatus) p('PAYMENT_STATUS_MISMATCH', `状态为${status(pay.status)}，但按事件链应为${status(chainStatus)}`);
    if ((reversed?.data.voucher ?? null) !== pay.reversalVoucherNumber) {
      p(
        'PAYMENT_REVERSAL_VOUCHER_MISMATCH',
        `冲销凭证 ${shown(pay.reversalVoucherNumber)} 与事件链记录的 ${shown(reversed?.data.voucher)} 不同`,
      );
    }
  }
  return [...problems, ...orphans(grouped, 'payment', '笔支付')];
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
    const p = (code: VerificationCode, message: string) => problems.push({ table: 'year_close', id: String(year), code, message });
    const row = stored.get(year);
    const e = last.get(year);
    if (row && !e && requires(new Date(row.closedAt)))
      p('YEAR_CLOSE_WITHOUT_EVENT', `${year} 年度已结账，但事件链中没有它的 year.closed 事件`);
    else if (row && e?.kind === 'year.reopened')
      p('YEAR_CLOSE_REOPENED_IN_CHAIN', `${year} 年度已结账，但事件链中它的最后一个事件（第 ${e.sequence} 个）已将它反结账`);
    else if (!row && e?.kind === 'year.closed')
      p('YEAR_CLOSE_ROW_MISSING', `事件链已将 ${year} 年度结账（第 ${e.sequence} 个事件），但没有相应的结账记录`);
    else if (row && e && row.closedBy !== e.actorLogin)
      p(
        'YEAR_CLOSE_ACTOR_MISMATCH',
        `结账人（closed_by）为 ${row.closedBy}，但 year.closed 事件（第 ${e.sequence} 个）是 ${e.actorLogin} 做的`,
      );
  }
  return problems;
}

/**
 * Each closed year's carried-forward balances (closed_year_balance) equal the sums of the lines dated up to its
 * 31 December; a year that is not closed has none. The rows are the differences the database found
 * (YearCloseRepository.balanceMismatches); each is one problem naming the year and the account.
 */
export function checkClosedBalances(rows: readonly ClosedBalanceMismatch[]): VerificationProblem[] {
  const sides = (debit: string | null, credit: string | null) => (debit === null ? '无' : `借方 ${debit}、贷方 ${credit}`);
  return rows.map((r) => {
    const id = `${r.year}:${r.account}`;
    if (!r.closed)
      return {
        table: 'closed_year_balance',
        id,
        code: 'CLOSED_BALANCE_NOT_CLOSED',
        message: `${r.year} 年度没有结账，却有科目 ${r.account} 的结转余额（${sides(r.storedDebit, r.storedCredit)}）`,
      };
    return {
      table: 'closed_year_balance',
      id,
      code: 'CLOSED_BALANCE_MISMATCH',
      message:
        `${r.year} 年度结转的科目 ${r.account} 余额为${r.storedDebit === null ? '（缺失）' : sides(r.storedDebit, r.storedCredit)}，` +
        `但截至 ${r.year}-12-31 的分录合计为${r.lineDebit === null ? '（没有分录）' : sides(r.lineDebit, r.lineCredit)}`,
    };
  });
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
    const p = (code: VerificationCode, message: string) => problems.push({ table: 'distribution_policy', id: row.id, code, message });
    const evs = grouped.get(String(row.effectiveFromYear)) ?? [];
    grouped.delete(String(row.effectiveFromYear));
    if (evs.length === 0) {
      const written = row.updatedAt > row.createdAt ? row.updatedAt : row.createdAt;
      if (requires(written))
        p('POLICY_WITHOUT_EVENT', `${row.effectiveFromYear} 年起的分配方案没有 policy.set 事件，但它是在事件链开始之后写入的`);
      continue;
    }
    const last = evs[evs.length - 1];
    let hash: string;
    try {
      hash = policyDocumentHash(row.document);
    } catch (e) {
      p('POLICY_DOCUMENT_UNHASHABLE', `分配方案文档无法计算哈希：${(e as Error).message}`);
      continue;
    }
    if (hash !== last.data.documentHash)
      p('POLICY_DOCUMENT_MISMATCH', `分配方案文档与它最后一个 policy.set 事件（第 ${last.sequence} 个）所哈希的文档不同`);
  }
  for (const [year, evs] of grouped) {
    const id = evs[evs.length - 1].subjectId;
    problems.push({
      table: 'distribution_policy',
      id,
      code: 'POLICY_MISSING',
      message: `事件链设定了 ${year} 年起的分配方案，但没有这个分配方案`,
    });
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
        code: 'VOUCHER_COUNTER_MISMATCH',
        message: `凭证号计数器（last_n）为 ${c.lastN}，但 ${c.month} 的最大凭证序号是 ${m?.max ?? 0}`,
      });
    } else if (m.count !== m.max) {
      problems.push({
        table: 'voucher',
        id: c.month,
        code: 'VOUCHER_NUMBERS_MISSING',
        message: `${c.month} 有 ${m.count} 张凭证，凭证序号却编到 ${m.max}：有凭证号缺失`,
      });
    }
  }
  for (const [month, m] of months) {
    problems.push({
      table: 'voucher_counter',
      id: month,
      code: 'VOUCHER_COUNTER_MISSING',
      message: `${month} 的凭证序号编到 ${m.max}，却没有凭证号计数器`,
    });
  }
  return problems;
}

/** Events left over after matching every row: they name a record that does not exist (`record`: 次分红计算, 笔支付, 份期初余额). */
function orphans(grouped: Map<string, ParsedEvent[]>, table: string, record: string): VerificationProblem[] {
  return [...grouped].map(([id, evs]) => ({
    table,
    id,
    code: 'EVENT_SUBJECT_MISSING' as const,
    message: `事件链记录了这${record}的 ${evs.map((e) => e.kind).join('、')}，但没有这${record}`,
  }));
}

/** A village's own book against the parks': each run declared and each payment received for exactly its amount. */
export function checkVillageAgreement(rows: readonly AgreementRecord[]): VerificationProblem[] {
  return rows.map((r) => {
    const what = r.kind === 'declaration' ? '分红（应收款）' : '收款';
    const source = r.kind === 'declaration' ? `项目${r.project ?? ''}的分红计算 ${r.id}` : `项目${r.project ?? ''}的付款 ${r.id}`;
    return {
      table: r.kind === 'declaration' ? 'distribution_run' : 'payment',
      id: r.id,
      code: 'VILLAGE_BOOK_DISAGREES',
      message: r.project
        ? `${source}：项目账为 ${r.expected}，村账记的${what}为 ${r.booked}，两本账不一致`
        : `村账记有${what} ${r.booked}，来源 ${r.id} 在项目账中没有对应的已入账记录`,
    };
  });
}
