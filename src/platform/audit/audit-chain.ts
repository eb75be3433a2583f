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

export type AuditChainVerification =
  { ok: true; count: number; digest: { sequence: number; hash: string } } | { ok: false; id: string; sequence: number; reason: string };

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
    let reason: string | null = null;
    if (r.sequence !== sequence + 1)
      reason = `expected audit sequence ${sequence + 1}, found ${r.sequence}: an entry is missing or out of order`;
    else if (r.prevHash !== hash) reason = `previous hash ${r.prevHash} does not match entry ${sequence}'s hash ${hash}`;
    else if (auditHash(r.prevHash, r) !== r.hash) reason = 'stored hash does not match the entry: the audit entry was altered';
    if (reason !== null) return { ok: false, id: r.id, sequence: r.sequence, reason };
    sequence = r.sequence;
    hash = r.hash;
  }
  return { ok: true, count: sequence - from.sequence, digest: { sequence, hash } };
}
