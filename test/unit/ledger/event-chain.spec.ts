import {
  canonicalPayload,
  EventContent,
  eventEncoding,
  eventHash,
  EventRecord,
  GENESIS,
  policyDocumentHash,
  verifyEventChain,
} from '../../../src/core/ledger';

/** Links contents into a chain the way LedgerWriter.recordEvent does. */
function chain(contents: EventContent[]): EventRecord[] {
  const out: EventRecord[] = [];
  for (const c of contents) {
    const prevHash = out.length ? out[out.length - 1].hash : GENESIS;
    out.push({ ...c, prevHash, hash: eventHash(prevHash, c) });
  }
  return out;
}

const closed: EventContent = {
  projectCode: 'DH-1',
  sequence: 1,
  kind: 'year.closed',
  subjectId: '2025',
  date: '2026-01-05',
  actorLogin: 'zhang',
  recordedAt: '2026-01-05T02:30:00.000Z',
  payload: canonicalPayload({ year: 2025 }),
};

const paid: EventContent = {
  projectCode: 'DH-1',
  sequence: 2,
  kind: 'payment.posted',
  subjectId: 'p-1',
  date: '2026-01-06',
  actorLogin: '王出纳',
  recordedAt: '2026-01-06T01:00:00.000Z',
  // Key order does not matter: the payload is canonical JSON.
  payload: canonicalPayload({
    voucher: '2026-01-0003',
    villageCode: 'V01',
    paymentId: 'p-1',
    kind: 'village',
    date: '2026-01-06',
    bankReference: 'B-7',
    amount: '1200.50',
  }),
};

describe('event chain: canonical encoding and hash', () => {
  it('matches the worked example in docs/ledger.md (computed there with Python hashlib)', () => {
    expect(eventEncoding(GENESIS, closed).toString('utf8')).toBe(
      `23:enclave-ledger/event/v164:${GENESIS}4:DH-11:111:year.closed4:202510:2026-01-055:zhang24:2026-01-05T02:30:00.000Z13:{"year":2025}`,
    );
    const [first, second] = chain([closed, paid]);
    expect(first.hash).toBe('8a77e102b755a06250d038f08e49c887adba30af68e3a79016cd7d85fb44fca7');
    expect(paid.payload).toBe(
      '{"amount":"1200.50","bankReference":"B-7","date":"2026-01-06","kind":"village","paymentId":"p-1","villageCode":"V01","voucher":"2026-01-0003"}',
    );
    // 王出纳 is 9 bytes of UTF-8: lengths count bytes, not characters.
    expect(eventEncoding(first.hash, paid).toString('utf8')).toContain('9:王出纳24:');
    expect(second.hash).toBe('3635b3ef520ca2e42aa454dc8e041a62aceaa8704cca6bad3862c981d274d0e7');
  });

  it('is delimiter-safe: moving text between fields changes the hash', () => {
    const a = eventHash(GENESIS, { ...closed, subjectId: '20', date: '25' });
    const b = eventHash(GENESIS, { ...closed, subjectId: '2', date: '025' });
    expect(a).not.toBe(b);
  });

  it('refuses payloads it cannot encode unambiguously', () => {
    expect(() => canonicalPayload({ amount: 1.5 })).toThrow(/不是安全整数/);
    expect(() => canonicalPayload({ amount: 10n })).toThrow();
  });

  it('hashes a policy document by its canonical JSON, whatever the key order', () => {
    expect(policyDocumentHash({ b: '1', a: { d: 2, c: null } })).toBe(policyDocumentHash({ a: { c: null, d: 2 }, b: '1' }));
    expect(policyDocumentHash({ a: '1' })).not.toBe(policyDocumentHash({ a: '2' }));
  });
});

describe('event chain: verification', () => {
  it('accepts an intact chain and returns its digest', () => {
    const events = chain([closed, paid]);
    expect(verifyEventChain(events)).toEqual({ ok: true, count: 2, digest: { sequence: 2, hash: events[1].hash } });
    expect(verifyEventChain([])).toEqual({ ok: true, count: 0, digest: { sequence: 0, hash: GENESIS } });
  });

  it('names an altered payload', () => {
    const events = chain([closed, paid]);
    events[1] = { ...events[1], payload: events[1].payload.replace('1200.50', '150000.13') };
    expect(verifyEventChain(events)).toMatchObject({
      ok: false,
      firstBadSequence: 2,
      kind: 'payment.posted',
      code: 'EVENT_HASH_MISMATCH',
      reason: expect.stringMatching(/该事件被改动过/),
    });
  });

  it('names a removed event, a broken link and an unknown kind', () => {
    const events = chain([closed, paid, { ...paid, sequence: 3, kind: 'payment.reversed' }]);
    expect(verifyEventChain([events[0], events[2]])).toMatchObject({
      ok: false,
      firstBadSequence: 2,
      code: 'EVENT_SEQUENCE_BROKEN',
      reason: expect.stringMatching(/有事件缺失、重复或顺序错乱/),
    });
    expect(verifyEventChain([events[0], { ...events[1], prevHash: GENESIS }])).toMatchObject({
      ok: false,
      code: 'EVENT_LINK_BROKEN',
      reason: expect.stringMatching(/记录的前一哈希/),
    });
    const odd = chain([{ ...closed, kind: 'year.forgotten' }]);
    expect(verifyEventChain(odd)).toMatchObject({
      ok: false,
      firstBadSequence: 1,
      code: 'EVENT_KIND_UNKNOWN',
      reason: '未知的事件类型 year.forgotten',
    });
  });
});
