/**
 * The audit trail's own hash chain: one global chain over audit_log, so that
 * an entry changed, removed or inserted behind the service's back (by a
 * superuser with the append-only trigger disabled) is named by verification.
 * The encoding is specified byte for byte in docs/ledger.md ("The audit chain").
 */
import { createHash } from 'node:crypto';
import { lengthPrefixed } from '../../core/ledger/hash-chain';

export const AUDIT_ENCODING_TAG = 'enclave-ledger/audit/v1';
export const AUDIT_GENESIS = '0'.repeat(64);

/** An entry's hashed content. `changes` is the JSON value as stored (jsonb), or null. */
export interface AuditContent {
  sequence: number;
  /** ISO 8601 instant in UTC with milliseconds (`Date.prototype.toISOString`). */
  at: string;
  actorId: string | null;
  actorLogin: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  ip: string | null;
  requestId: string | null;
  changes: unknown;
}

export interface AuditRecord extends AuditContent {
  id: string;
  prevHash: string;
  hash: string;
}

/**
 * The kinds of audit-chain finding, each a stable English code for programs; the reason beside it is Chinese, for
 * the users, and may be reworded. The last two are found against audit_head and the unchained entries.
 */
export type AuditChainCode =
  'AUDIT_SEQUENCE_BROKEN' | 'AUDIT_LINK_BROKEN' | 'AUDIT_HASH_MISMATCH' | 'AUDIT_HEAD_MISMATCH' | 'AUDIT_ENTRY_UNCHAINED';

/** The first entry that fails (or audit_head), with the kind of failure and why. */
export interface AuditChainFailure {
  ok: false;
  id: string;
  sequence: number | null;
  code: AuditChainCode;
  reason: string;
}

export type AuditChainVerification =
  { ok: true; count: number; digest: { sequence: number; hash: string } } | (AuditChainFailure & { sequence: number });

/**
 * JSON with object keys sorted (UTF-16 code unit order), no whitespace, and
 * every primitive as JSON.stringify writes it (numbers in ECMAScript's
 * shortest round-trip form), so a value read back from jsonb, whose key
 * order and spacing PostgreSQL chooses, writes the same text.
 */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stableJson(v))).join(',')}]`;
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`).join(',')}}`;
}

/** The tag, the previous hash, the sequence, the instant, then the entry's fields as one stable JSON object (nulls kept). */
export function auditEncoding(prevHash: string, e: AuditContent): Buffer {
  const body = stableJson({
    actorId: e.actorId,
    actorLogin: e.actorLogin,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    ip: e.ip,
    requestId: e.requestId,
    changes: e.changes,
  });
  return Buffer.concat([AUDIT_ENCODING_TAG, prevHash, String(e.sequence), e.at, body].map(lengthPrefixed));
}

export function auditHash(prevHash: string, e: AuditContent): string {
  return createHash('sha256').update(auditEncoding(prevHash, e)).digest('hex');
}

/**
 * Checks a run of consecutive chained entries, starting after (prevSequence,
 * prevHash): gapless sequence, linked hashes, each hash recomputed. Called in
 * pages; the result's digest is where the next page starts.
 */
export function verifyAuditChain(
  records: readonly AuditRecord[],
  from: { sequence: number; hash: string } = { sequence: 0, hash: AUDIT_GENESIS },
): AuditChainVerification {
  let { sequence, hash } = from;
  for (const r of records) {
    let found: { code: AuditChainCode; reason: string } | null = null;
    if (r.sequence !== sequence + 1)
      found = {
        code: 'AUDIT_SEQUENCE_BROKEN',
        reason: `应为第 ${sequence + 1} 条审计记录，实际序号为 ${r.sequence}：有记录缺失或顺序错乱`,
      };
    else if (r.prevHash !== hash)
      found = { code: 'AUDIT_LINK_BROKEN', reason: `记录的前一哈希 ${r.prevHash} 与第 ${sequence} 条审计记录的哈希 ${hash} 不一致` };
    else if (auditHash(r.prevHash, r) !== r.hash)
      found = { code: 'AUDIT_HASH_MISMATCH', reason: '存储的哈希与审计记录的内容不符：该审计记录被改动过' };
    if (found !== null) return { ok: false, id: r.id, sequence: r.sequence, ...found };
    sequence = r.sequence;
    hash = r.hash;
  }
  return { ok: true, count: sequence - from.sequence, digest: { sequence, hash } };
}

/** The chain, verified to its end, stops elsewhere than audit_head says: entries were removed, or the head changed. */
export function auditHeadMismatch(end: { sequence: number }, head: { sequence: number }): AuditChainFailure {
  return {
    ok: false,
    id: 'audit_head',
    sequence: end.sequence + 1,
    code: 'AUDIT_HEAD_MISMATCH',
    reason: `审计链止于第 ${end.sequence} 条，审计链头（audit_head）却记为第 ${head.sequence} 条：有记录缺失，或链头被改动过`,
  };
}

/** An entry without a hash, written after the chain began: it was inserted behind the service's back. */
export function unchainedAuditEntry(id: string): AuditChainFailure {
  return { ok: false, id, sequence: null, code: 'AUDIT_ENTRY_UNCHAINED', reason: '审计链开始之后写入了一条没有哈希的审计记录' };
}
