import { describe, expect, it } from 'vitest';
import { compareDigest, parseDigest } from '../src/digest';

const HASH = '3f5a9c01'.padEnd(64, 'e');

describe('a digest printed on an earlier report', () => {
  it('is read from what the auditor types, with or without the # and the label', () => {
    expect(parseDigest(`账簿摘要 #12 ${HASH.toUpperCase()}`)).toEqual({ sequence: 12, hash: HASH });
    expect(parseDigest('12 3f5a9c01…')).toEqual({ sequence: 12, hash: '3f5a9c01' });
    expect(parseDigest('#12 3f5a')).toBeNull();
    expect(parseDigest('随便写的')).toBeNull();
  });

  it('matches the chain at its sequence: the same head, or an earlier one with vouchers since', () => {
    expect(compareDigest({ sequence: 12, hash: '3f5a9c01' }, HASH, 12, true).kind).toBe('same');
    const later = compareDigest({ sequence: 12, hash: '3f5a9c01' }, HASH, 15, true);
    expect(later).toEqual({ kind: 'earlier', message: '与账簿第 12 张凭证时的摘要一致：报表出具时的账簿未被改动，之后又记了 3 张凭证' });
  });

  it('says the books changed when the hash at that sequence differs, or the sequence is missing', () => {
    expect(compareDigest({ sequence: 12, hash: '3f5a9c02' }, HASH, 12, true).kind).toBe('changed');
    expect(compareDigest({ sequence: 12, hash: '3f5a9c01' }, HASH, 12, false).kind).toBe('changed');
    expect(compareDigest({ sequence: 40, hash: '3f5a9c01' }, null, 15, true).kind).toBe('unknown');
  });
});
