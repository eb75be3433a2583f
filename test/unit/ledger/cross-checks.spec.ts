import { checkClosedYears, checkCounters, checkRuns, parseEvents, requiresEventsSince } from '../../../src/ledger/cross-checks';
import type { StoredEvent } from '../../../src/ledger/ledger-event.repository';

const event = (
  sequence: number,
  kind: string,
  payload: Record<string, unknown>,
  recordedAt: string,
  actorLogin = 'zhang',
): StoredEvent => ({
  id: `e${sequence}`,
  projectCode: 'DH-1',
  sequence,
  kind,
  subjectId: String(payload.runId ?? payload.year ?? ''),
  date: '2026-01-05',
  actorLogin,
  recordedAt,
  payload: JSON.stringify(payload),
  prevHash: '',
  hash: '',
});

describe('verification cross-checks', () => {
  const events = [
    event(1, 'run.prepared', { runId: 'r1', year: 2025, inputsHash: 'i', resultHash: 'h' }, '2026-01-05T02:00:00.000Z'),
    event(2, 'year.closed', { year: 2025 }, '2026-01-06T02:00:00.000Z'),
  ];
  const parsed = parseEvents(events);
  const requires = requiresEventsSince(events);
  const run = { id: 'r1', year: 2025, status: 'draft', inputsHash: 'i', resultHash: 'h', postingDate: null, reversalDate: null };

  it('flags a row without events only when it was written after the chain began', () => {
    expect(requires(new Date('2026-01-05T01:59:59.999Z'))).toBe(false);
    expect(requires(new Date('2026-01-05T02:00:00.000Z'))).toBe(true);
    expect(requiresEventsSince([])(new Date())).toBe(false);
    const legacy = { ...run, id: 'r0', createdAt: new Date('2025-01-01T00:00:00Z') };
    const late = { ...run, id: 'r2', createdAt: new Date('2026-02-01T00:00:00Z') };
    expect(checkRuns([{ ...run, createdAt: new Date('2026-01-05T02:00:00Z') }, legacy], parsed, requires)).toEqual([]);
    expect(checkRuns([{ ...run, createdAt: new Date('2026-01-05T02:00:00Z') }, late], parsed, requires)).toEqual([
      expect.objectContaining({ table: 'distribution_run', id: 'r2' }),
    ]);
  });

  it('names a status, a missing run, a closed year and a counter that disagree', () => {
    const createdAt = new Date('2026-01-05T02:00:00Z');
    expect(checkRuns([{ ...run, status: 'posted', createdAt }], parsed, requires)).toEqual([
      {
        table: 'distribution_run',
        id: 'r1',
        code: 'RUN_STATUS_MISMATCH',
        message: '状态为已入账（posted），但它的最后一个事件（第 1 个，run.prepared）表明应为草稿（draft）',
      },
    ]);
    expect(checkRuns([], parsed, requires)).toEqual([
      {
        table: 'distribution_run',
        id: 'r1',
        code: 'EVENT_SUBJECT_MISSING',
        message: '事件链记录了这次分红计算的 run.prepared，但没有这次分红计算',
      },
    ]);
    expect(checkClosedYears([], parsed, requires)).toEqual([
      expect.objectContaining({ table: 'year_close', id: '2025', code: 'YEAR_CLOSE_ROW_MISSING' }),
    ]);
    const closedAt = new Date('2026-01-06T02:00:00Z');
    expect(checkClosedYears([{ year: 2025, closedAt, closedBy: 'zhang' }], parsed, requires)).toEqual([]);
    expect(checkClosedYears([{ year: 2025, closedAt, closedBy: 'li' }], parsed, requires)).toEqual([
      {
        table: 'year_close',
        id: '2025',
        code: 'YEAR_CLOSE_ACTOR_MISMATCH',
        message: '结账人（closed_by）为 li，但 year.closed 事件（第 2 个）是 zhang 做的',
      },
    ]);
    const voucher = (voucherNumber: string) => ({ voucherNumber }) as never;
    expect(checkCounters([{ month: '2025-03', lastN: 2 }], [voucher('2025-03-0001'), voucher('2025-03-0002')])).toEqual([]);
    expect(checkCounters([{ month: '2025-03', lastN: 3 }], [voucher('2025-03-0001'), voucher('2025-03-0002')])).toEqual([
      {
        table: 'voucher_counter',
        id: '2025-03',
        code: 'VOUCHER_COUNTER_MISMATCH',
        message: '凭证号计数器（last_n）为 3，但 2025-03 的最大凭证序号是 2',
      },
    ]);
    expect(checkCounters([{ month: '2025-03', lastN: 3 }], [voucher('2025-03-0001'), voucher('2025-03-0003')])).toEqual([
      expect.objectContaining({ table: 'voucher', id: '2025-03', code: 'VOUCHER_NUMBERS_MISSING' }),
    ]);
    expect(checkCounters([], [voucher('2025-04-0001')])).toEqual([
      { table: 'voucher_counter', id: '2025-04', code: 'VOUCHER_COUNTER_MISSING', message: '2025-04 的凭证序号编到 1，却没有凭证号计数器' },
    ]);
  });
});
