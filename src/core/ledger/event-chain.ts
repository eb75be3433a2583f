/**
 * The event chain (事件链): every state change that is not a voucher but
 * decides what a village is owed or was paid, or when the books may change,
 * is an event in a per-project hash chain kept next to the voucher chain
 * (same head row, same lock). Each event's SHA-256 covers a length-prefixed
 * encoding of its content and the previous event's hash; the encoding is
 * specified byte for byte in docs/ledger.md ("The event chain").
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../distribution/hash';
import { GENESIS, lengthPrefixed } from './hash-chain';

/** Domain tag and version of the event encoding: a future encoding changes this, never the meaning of v1. */
export const EVENT_ENCODING_TAG = 'enclave-ledger/event/v1';

export const LEDGER_EVENT_KINDS = [
  'run.prepared',
  'run.approved',
  'run.posted',
  'run.reversed',
  'payment.posted',
  'payment.reversed',
  'year.closed',
  'year.reopen-requested',
  'year.reopened',
  'policy.set',
  'opening.prepared',
  'opening.approved',
  'opening.posted',
  'opening.reversed',
  'book.opened',
] as const;

export type LedgerEventKind = (typeof LEDGER_EVENT_KINDS)[number];

export function isLedgerEventKind(kind: string): kind is LedgerEventKind {
  return (LEDGER_EVENT_KINDS as readonly string[]).includes(kind);
}

/** What a caller records: the kind, the record it is about, its business date and a JSON payload. */
export interface LedgerEventInput {
  kind: LedgerEventKind;
  subjectId: string;
  /** Business date, YYYY-MM-DD. */
  date: string;
  payload: Record<string, unknown>;
}

/** An event's hashed content; `payload` is its canonical JSON text, stored as is. */
export interface EventContent {
  projectCode: string;
  sequence: number;
  kind: string;
  subjectId: string;
  date: string;
  actorLogin: string;
  /** When it was recorded: an ISO 8601 instant in UTC with milliseconds (`Date.prototype.toISOString`). */
  recordedAt: string;
  payload: string;
}

export interface EventRecord extends EventContent {
  prevHash: string;
  hash: string;
}

/** The kinds of broken event, each a stable English code; the reason beside it is Chinese and may be reworded. */
export type EventChainCode =
  'EVENT_SEQUENCE_BROKEN' | 'EVENT_OTHER_PROJECT' | 'EVENT_LINK_BROKEN' | 'EVENT_HASH_MISMATCH' | 'EVENT_KIND_UNKNOWN';

export type EventChainVerification =
  | { ok: true; count: number; digest: { sequence: number; hash: string } }
  | { ok: false; firstBadSequence: number; kind: string; subjectId: string; code: EventChainCode; reason: string };

/** Canonical JSON (docs/hashing.md): sorted keys, no whitespace, integers only; amounts are decimal strings. */
export function canonicalPayload(payload: Record<string, unknown>): string {
  return canonicalJson(payload);
}

export function eventEncoding(prevHash: string, e: EventContent): Buffer {
  const values = [
    EVENT_ENCODING_TAG,
    prevHash,
    e.projectCode,
    String(e.sequence),
    e.kind,
    e.subjectId,
    e.date,
    e.actorLogin,
    e.recordedAt,
    e.payload,
  ];
  return Buffer.concat(values.map(lengthPrefixed));
}

export function eventHash(prevHash: string, e: EventContent): string {
  return createHash('sha256').update(eventEncoding(prevHash, e)).digest('hex');
}

/** Why event i (0-based) of the chain is bad, or null. */
function problem(records: readonly EventRecord[], i: number): { code: EventChainCode; reason: string } | null {
  const r = records[i];
  if (r.sequence !== i + 1)
    return { code: 'EVENT_SEQUENCE_BROKEN', reason: `应为第 ${i + 1} 个事件，实际序号为 ${r.sequence}：有事件缺失、重复或顺序错乱` };
  if (r.projectCode !== records[0].projectCode)
    return { code: 'EVENT_OTHER_PROJECT', reason: `属于项目 ${r.projectCode}，不属于项目 ${records[0].projectCode}` };
  const expectedPrev = i === 0 ? GENESIS : records[i - 1].hash;
  if (r.prevHash !== expectedPrev) {
    const previous = i === 0 ? '起始哈希（genesis）' : `第 ${i} 个事件的哈希`;
    return { code: 'EVENT_LINK_BROKEN', reason: `记录的前一哈希 ${r.prevHash} 与${previous} ${expectedPrev} 不一致` };
  }
  if (eventHash(r.prevHash, r) !== r.hash) return { code: 'EVENT_HASH_MISMATCH', reason: '存储的哈希与事件内容不符：该事件被改动过' };
  if (!isLedgerEventKind(r.kind)) return { code: 'EVENT_KIND_UNKNOWN', reason: `未知的事件类型 ${r.kind}` };
  return null;
}

/** Recomputes the event chain in sequence order and names the first event that does not match. */
export function verifyEventChain(records: readonly EventRecord[]): EventChainVerification {
  for (let i = 0; i < records.length; i++) {
    const found = problem(records, i);
    if (found !== null) return { ok: false, firstBadSequence: i + 1, kind: records[i].kind, subjectId: records[i].subjectId, ...found };
  }
  const last = records[records.length - 1];
  return { ok: true, count: records.length, digest: last ? { sequence: last.sequence, hash: last.hash } : { sequence: 0, hash: GENESIS } };
}

/** The documentHash of a policy.set event: SHA-256 of the canonical JSON of the policy document as stored. */
export function policyDocumentHash(document: unknown): string {
  return createHash('sha256').update(canonicalJson(document), 'utf8').digest('hex');
}
