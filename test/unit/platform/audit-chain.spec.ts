import {
  AUDIT_GENESIS,
  auditEncoding,
  auditHash,
  auditHeadMismatch,
  AuditRecord,
  stableJson,
  unchainedAuditEntry,
  verifyAuditChain,
} from '../../../src/platform/audit/audit-chain';

const entry = {
  id: '41',
  sequence: 1,
  at: '2026-01-05T02:30:00.123Z',
  actorId: null,
  actorLogin: 'zhang',
  action: 'close',
  entity: 'year',
  entityId: 'p:2025',
  ip: '127.0.0.1',
  requestId: 'r-1',
  changes: { year: 2025, vouchers: [] },
};

function chain(entries: Array<Omit<AuditRecord, 'prevHash' | 'hash'>>): AuditRecord[] {
  const out: AuditRecord[] = [];
  for (const e of entries) {
    const prevHash = out.length ? out[out.length - 1].hash : AUDIT_GENESIS;
    out.push({ ...e, prevHash, hash: auditHash(prevHash, e) });
  }
  return out;
}

describe('audit chain', () => {
  it('matches the worked example in docs/ledger.md (computed there with Python hashlib)', () => {
    expect(auditEncoding(AUDIT_GENESIS, entry).toString('utf8')).toBe(
      `23:enclave-ledger/audit/v164:${AUDIT_GENESIS}1:124:2026-01-05T02:30:00.123Z163:` +
        '{"action":"close","actorId":null,"actorLogin":"zhang","changes":{"vouchers":[],"year":2025},"entity":"year","entityId":"p:2025","ip":"127.0.0.1","requestId":"r-1"}',
    );
    expect(auditHash(AUDIT_GENESIS, entry)).toBe('ee5fd8c282bc6a15c5573b8e0376e8334c002162fbb7248935caa115915d078b');
  });

  it('writes a value read back from jsonb as it was written: key order and spacing do not matter, null is not ""', () => {
    expect(stableJson(JSON.parse('{ "b": 0.1, "a": [1, {"d": null, "c": "x"}] }'))).toBe('{"a":[1,{"c":"x","d":null}],"b":0.1}');
    expect(stableJson({ a: null })).not.toBe(stableJson({ a: '' }));
  });

  it('names the first altered, missing or re-linked entry, and checks in pages', () => {
    const entries = chain([entry, { ...entry, id: '42', sequence: 2, action: 'reopen' }, { ...entry, id: '43', sequence: 3 }]);
    expect(verifyAuditChain(entries)).toEqual({ ok: true, count: 3, digest: { sequence: 3, hash: entries[2].hash } });
    const first = verifyAuditChain(entries.slice(0, 2));
    expect(first.ok && verifyAuditChain(entries.slice(2), first.digest)).toMatchObject({ ok: true, count: 1 });
    expect(verifyAuditChain([entries[0], { ...entries[1], action: 'nothing' }])).toMatchObject({
      ok: false,
      id: '42',
      code: 'AUDIT_HASH_MISMATCH',
      reason: '存储的哈希与审计记录的内容不符：该审计记录被改动过',
    });
    expect(verifyAuditChain([entries[0], entries[2]])).toMatchObject({
      ok: false,
      id: '43',
      code: 'AUDIT_SEQUENCE_BROKEN',
      reason: '应为第 2 条审计记录，实际序号为 3：有记录缺失或顺序错乱',
    });
    expect(verifyAuditChain([entries[0], { ...entries[1], prevHash: AUDIT_GENESIS }])).toMatchObject({
      ok: false,
      code: 'AUDIT_LINK_BROKEN',
      reason: expect.stringMatching(/^记录的前一哈希 0{64} 与第 1 条审计记录的哈希 [0-9a-f]{64} 不一致$/),
    });
  });

  it('names a chain that ends elsewhere than its head, and an entry written without a hash', () => {
    expect(auditHeadMismatch({ sequence: 3 }, { sequence: 5 })).toEqual({
      ok: false,
      id: 'audit_head',
      sequence: 4,
      code: 'AUDIT_HEAD_MISMATCH',
      reason: '审计链止于第 3 条，审计链头（audit_head）却记为第 5 条：有记录缺失，或链头被改动过',
    });
    expect(unchainedAuditEntry('99')).toMatchObject({ ok: false, id: '99', sequence: null, code: 'AUDIT_ENTRY_UNCHAINED' });
  });
});
