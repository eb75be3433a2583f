import { checkOpenings, parseEvents, requiresEventsSince } from '../../../src/ledger/cross-checks';
import type { StoredEvent } from '../../../src/ledger/ledger-event.repository';

const event = (sequence: number, kind: string, payload: Record<string, unknown>, recordedAt: string): StoredEvent => ({
  id: `e${sequence}`,
  projectCode: 'QXS-1',
  sequence,
  kind,
  subjectId: String(payload.openingBalanceId),
  date: '2024-12-31',
  actorLogin: 'zhang',
  recordedAt,
  payload: JSON.stringify(payload),
  prevHash: '',
  hash: '',
});

/** Issue 12: an opening balance's status and voucher numbers are what its events in the chain say. */
describe('verification cross-check of opening balances', () => {
  const at = (h: number) => `2026-01-05T0${h}:00:00.000Z`;
  const events = [
    event(1, 'opening.prepared', { openingBalanceId: 'o1', asOf: '2024-12-31' }, at(1)),
    event(2, 'opening.approved', { openingBalanceId: 'o1', asOf: '2024-12-31' }, at(2)),
    event(3, 'opening.posted', { openingBalanceId: 'o1', asOf: '2024-12-31', voucher: '2024-12-0001' }, at(3)),
  ];
  const parsed = parseEvents(events);
  const requires = requiresEventsSince(events);
  const doc = {
    id: 'o1',
    asOf: '2024-12-31',
    status: 'posted',
    voucherNumber: '2024-12-0001',
    reversalVoucherNumber: null,
    createdAt: new Date(at(1)),
  };

  it('finds nothing when the document is as its events left it', () => {
    expect(checkOpenings([doc], parsed, requires)).toEqual([]);
  });

  it('names a status, a date and a voucher number that disagree, and a document without events', () => {
    const altered = { ...doc, status: 'approved', asOf: '2024-06-30', voucherNumber: null };
    expect(checkOpenings([altered], parsed, requires)).toEqual([
      {
        table: 'opening_balance',
        id: 'o1',
        code: 'OPENING_STATUS_MISMATCH',
        message: '状态为已审核（approved），但它的最后一个事件（第 3 个，opening.posted）表明应为已入账（posted）',
      },
      ...[1, 2, 3].map((n) => ({
        table: 'opening_balance',
        id: 'o1',
        code: 'OPENING_DATE_MISMATCH',
        message: `期初日期 2024-06-30 与第 ${n} 个事件（${['opening.prepared', 'opening.approved', 'opening.posted'][n - 1]}）记录的 2024-12-31 不同`,
      })),
      {
        table: 'opening_balance',
        id: 'o1',
        code: 'OPENING_VOUCHER_MISMATCH',
        message: '凭证号 （空） 与 opening.posted 事件记录的 2024-12-0001 不同',
      },
    ]);
    expect(checkOpenings([{ ...doc, voucherNumber: '2024-12-0002' }], parsed, requires)).toEqual([
      {
        table: 'opening_balance',
        id: 'o1',
        code: 'OPENING_VOUCHER_MISMATCH',
        message: '凭证号 2024-12-0002 与 opening.posted 事件记录的 2024-12-0001 不同',
      },
    ]);
    const reversed = { ...doc, status: 'reversed', reversalVoucherNumber: '2024-12-0002' };
    const withReversal = parseEvents([
      ...events,
      event(4, 'opening.reversed', { openingBalanceId: 'o1', asOf: '2024-12-31', voucher: '2024-12-0003' }, at(4)),
    ]);
    expect(checkOpenings([reversed], withReversal, requires)).toEqual([
      {
        table: 'opening_balance',
        id: 'o1',
        code: 'OPENING_VOUCHER_MISMATCH',
        message: '冲销凭证号 2024-12-0002 与 opening.reversed 事件记录的 2024-12-0003 不同',
      },
    ]);
    const late = { ...doc, id: 'o2', status: 'draft', voucherNumber: null, createdAt: new Date(at(5)) };
    const early = { ...late, id: 'o0', createdAt: new Date('2025-01-01T00:00:00Z') };
    expect(checkOpenings([doc, late, early], parsed, requires)).toEqual([
      {
        table: 'opening_balance',
        id: 'o2',
        code: 'OPENING_WITHOUT_EVENT',
        message: '这份期初余额在事件链中没有任何事件，但它是在事件链开始之后编制的',
      },
    ]);
    expect(checkOpenings([], parsed, requires)).toEqual([
      {
        table: 'opening_balance',
        id: 'o1',
        code: 'EVENT_SUBJECT_MISSING',
        message: '事件链记录了这份期初余额的 opening.prepared、opening.approved、opening.posted，但没有这份期初余额',
      },
    ]);
  });
});
