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

/**
 * The kinds of broken voucher, each a stable English code for programs; the reason beside it is Chinese, for the
 * users, and may be reworded.
 */
export type VoucherChainCode =
  | 'VOUCHER_SEQUENCE_BROKEN'
  | 'VOUCHER_OTHER_PROJECT'
  | 'VOUCHER_LINK_BROKEN'
  | 'VOUCHER_HASH_MISMATCH'
  | 'VOUCHER_NUMBER_DATE_MISMATCH'
  | 'VOUCHER_NUMBER_REUSED'
  | 'VOUCHER_UNBALANCED';

export type ChainVerification =
  | { ok: true; count: number; digest: { sequence: number; hash: string } }
  | { ok: false; firstBadSequence: number; voucherNumber: string; code: VoucherChainCode; reason: string };

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

type Finding = { code: VoucherChainCode; reason: string };

/** Why record i (0-based) of the chain is bad, or null. */
function problem(records: readonly VoucherRecord[], i: number, seen: Set<string>): Finding | null {
  const r = records[i];
  if (r.sequence !== i + 1)
    return { code: 'VOUCHER_SEQUENCE_BROKEN', reason: `应为第 ${i + 1} 张凭证，实际序号为 ${r.sequence}：有凭证缺失、重复或顺序错乱` };
  if (r.projectCode !== records[0].projectCode)
    return { code: 'VOUCHER_OTHER_PROJECT', reason: `属于项目 ${r.projectCode}，不属于项目 ${records[0].projectCode}` };
  const expectedPrev = i === 0 ? GENESIS : records[i - 1].hash;
  if (r.prevHash !== expectedPrev) {
    const previous = i === 0 ? '起始哈希（genesis）' : `第 ${i} 张凭证的哈希`;
    return { code: 'VOUCHER_LINK_BROKEN', reason: `记录的前一哈希 ${r.prevHash} 与${previous} ${expectedPrev} 不一致` };
  }
  if (voucherHash(r.prevHash, r) !== r.hash) return { code: 'VOUCHER_HASH_MISMATCH', reason: '存储的哈希与凭证内容不符：该凭证被改动过' };
  const number = parseVoucherNumber(r.voucherNumber);
  if (number === null || number.month !== r.date.slice(0, 7))
    return { code: 'VOUCHER_NUMBER_DATE_MISMATCH', reason: `凭证号 ${r.voucherNumber} 与凭证日期 ${r.date} 不符` };
  if (seen.has(r.voucherNumber)) return { code: 'VOUCHER_NUMBER_REUSED', reason: `凭证号 ${r.voucherNumber} 重复使用` };
  seen.add(r.voucherNumber);
  try {
    assertBalanced(r);
  } catch (e) {
    return { code: 'VOUCHER_UNBALANCED', reason: (e as Error).message };
  }
  return null;
}

/** Recomputes the chain in sequence order and names the first voucher that does not match. */
export function verifyChain(records: readonly VoucherRecord[]): ChainVerification {
  const seen = new Set<string>();
  for (let i = 0; i < records.length; i++) {
    const found = problem(records, i, seen);
    if (found !== null) return { ok: false, firstBadSequence: i + 1, voucherNumber: records[i].voucherNumber, ...found };
  }
  const last = records[records.length - 1];
  return { ok: true, count: records.length, digest: last ? { sequence: last.sequence, hash: last.hash } : { sequence: 0, hash: GENESIS } };
}
