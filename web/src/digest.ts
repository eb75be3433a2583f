/**
 * The chain digest printed on a report ("账簿摘要 #12 3f5a…"), read back from what an auditor types, and compared
 * with the chain as it stands: the hash of the voucher at that sequence must be the printed one (a report may print
 * only the first characters of it).
 */

export interface PrintedDigest {
  sequence: number;
  /** Lower-case hex, 8 to 64 characters. */
  hash: string;
}

/** "#12 3F5A…", "12 3f5a9c01", "账簿摘要 #12 3f5a9c01…" → { sequence: 12, hash: "3f5a9c01" }; null when it is not one. */
export function parseDigest(text: string): PrintedDigest | null {
  const m = /#?\s*(\d{1,9})\s+([0-9a-fA-F]{8,64})/.exec(text);
  if (!m) return null;
  return { sequence: Number.parseInt(m[1], 10), hash: m[2].toLowerCase() };
}

export type DigestVerdict =
  | { kind: 'same'; message: string }
  | { kind: 'earlier'; message: string }
  | { kind: 'changed'; message: string }
  | { kind: 'unknown'; message: string };

/**
 * The printed digest against the chain: `atSequence` is the hash of the chain's voucher at the printed sequence
 * (null when the chain has no such voucher), `head` the chain's last sequence, `chainOk` the verification's answer.
 */
export function compareDigest(printed: PrintedDigest, atSequence: string | null, head: number, chainOk: boolean): DigestVerdict {
  if (atSequence === null) {
    return {
      kind: 'unknown',
      message: `账簿中没有第 ${printed.sequence} 张凭证（现在共 ${head} 张）：该摘要不是本项目账簿的，或账簿被删改过`,
    };
  }
  if (!atSequence.startsWith(printed.hash)) {
    return { kind: 'changed', message: `账簿第 ${printed.sequence} 张凭证的哈希与报表上印的不同：报表出具之后账簿被改动过，或摘要抄错了` };
  }
  if (!chainOk) return { kind: 'changed', message: '与报表上的摘要相符，但账簿本身校验失败：见上方的问题' };
  if (printed.sequence === head) return { kind: 'same', message: '与当前账簿摘要一致：报表出具后没有新的凭证' };
  return {
    kind: 'earlier',
    message: `与账簿第 ${printed.sequence} 张凭证时的摘要一致：报表出具时的账簿未被改动，之后又记了 ${head - printed.sequence} 张凭证`,
  };
}
