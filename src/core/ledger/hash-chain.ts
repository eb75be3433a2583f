/**
 * The hash chain over a project's posted vouchers. Each voucher's SHA-256
 * covers a canonical, length-prefixed encoding of its content and the previous
 * voucher's hash, so changing, removing or reordering any voucher breaks every
 * link after it. The encoding is specified byte for byte in docs/ledger.md so
 * that an auditor can recompute it with another tool.
 */
import { createHash } from 'node:crypto';
import { formatFen } from '../money';
import { assertBalanced, VoucherLine } from './voucher';
import { parseVoucherNumber } from './voucher-number';

export const GENESIS = '0'.repeat(64);
/** Domain tag and version: a future encoding changes this, never the meaning of v1. */
export const ENCODING_TAG = 'enclave-ledger/voucher/v1';

export interface VoucherContent {
  projectCode: string;
  sequence: number;
  voucherNumber: string;
  date: string;
  summary: string;
  preparer: string;
  /** Voucher number of the voucher this one reverses, or null. */
  reversalOf: string | null;
  lines: readonly VoucherLine[];
}

export interface VoucherRecord extends VoucherContent {
  prevHash: string;
  hash: string;
}

export type ChainVerification =
  | { ok: true; count: number; digest: { sequence: number; hash: string } }
  | { ok: false; firstBadSequence: number; voucherNumber: string; reason: string };

/**
 * `<UTF-8 byte length in decimal>:<bytes>`: no value can be mistaken for a delimiter. The one field encoding of the
 * voucher, event and audit chains.
 */
export function lengthPrefixed(value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  return Buffer.concat([Buffer.from(`${bytes.length}:`, 'ascii'), bytes]);
}

export function canonicalEncoding(prevHash: string, v: VoucherContent): Buffer {
  const values = [
    ENCODING_TAG,
    prevHash,
    v.projectCode,
    String(v.sequence),
    v.voucherNumber,
    v.date,
    v.summary,
    v.preparer,
    v.reversalOf ?? '',
    String(v.lines.length),
  ];
  for (const l of v.lines) values.push(l.account, formatFen(l.debit), formatFen(l.credit), l.memo ?? '');
  return Buffer.concat(values.map(lengthPrefixed));
}

export function voucherHash(prevHash: string, v: VoucherContent): string {
  return createHash('sha256').update(canonicalEncoding(prevHash, v)).digest('hex');
}

/** Why record i (0-based) of the chain is bad, or null. */
function problem(records: readonly VoucherRecord[], i: number, seen: Set<string>): string | null {
  const r = records[i];
  if (r.sequence !== i + 1) return `应为第 ${i + 1} 张凭证，实际序号为 ${r.sequence}：有凭证缺失、重复或顺序错乱`;
  if (r.projectCode !== records[0].projectCode) return `属于项目 ${r.projectCode}，不属于项目 ${records[0].projectCode}`;
  const expectedPrev = i === 0 ? GENESIS : records[i - 1].hash;
  if (r.prevHash !== expectedPrev)
    return `记录的前一哈希 ${r.prevHash} 与${i === 0 ? '起始哈希（genesis）' : `第 ${i} 张凭证的哈希`} ${expectedPrev} 不一致`;
  if (voucherHash(r.prevHash, r) !== r.hash) return '存储的哈希与凭证内容不符：该凭证被改动过';
  const number = parseVoucherNumber(r.voucherNumber);
  if (number === null || number.month !== r.date.slice(0, 7)) return `凭证号 ${r.voucherNumber} 与凭证日期 ${r.date} 不符`;
  if (seen.has(r.voucherNumber)) return `凭证号 ${r.voucherNumber} 重复使用`;
  seen.add(r.voucherNumber);
  try {
    assertBalanced(r);
  } catch (e) {
    return (e as Error).message;
  }
  return null;
}

/** Recomputes the chain in sequence order and names the first voucher that does not match. */
export function verifyChain(records: readonly VoucherRecord[]): ChainVerification {
  const seen = new Set<string>();
  for (let i = 0; i < records.length; i++) {
    const reason = problem(records, i, seen);
    if (reason !== null) return { ok: false, firstBadSequence: i + 1, voucherNumber: records[i].voucherNumber, reason };
  }
  const last = records[records.length - 1];
  return { ok: true, count: records.length, digest: last ? { sequence: last.sequence, hash: last.hash } : { sequence: 0, hash: GENESIS } };
}
