import {
  buildYearResult,
  canonicalEncoding,
  cr,
  dr,
  GENESIS,
  reverse,
  verifyChain,
  voucherHash,
  VoucherContent,
  VoucherRecord,
} from '../../../src/core/ledger';

/** Links contents into a chain the way the posting transaction does. */
function chain(contents: VoucherContent[]): VoucherRecord[] {
  const out: VoucherRecord[] = [];
  for (const c of contents) {
    const prevHash = out.length ? out[out.length - 1].hash : GENESIS;
    out.push({ ...c, prevHash, hash: voucherHash(prevHash, c) });
  }
  return out;
}

const revenue: VoucherContent = {
  projectCode: 'DH-1',
  sequence: 1,
  voucherNumber: '2025-12-0001',
  date: '2025-12-31',
  summary: '2025年度经营收入',
  preparer: 'zhang',
  reversalOf: null,
  lines: [dr('102', 186000000n), cr('501', 186000000n)],
};

describe('canonical encoding and hash', () => {
  it('matches the worked example in docs/ledger.md (computed there with Python hashlib)', () => {
    expect(canonicalEncoding(GENESIS, revenue).toString('utf8')).toBe(
      `25:enclave-ledger/voucher/v164:${GENESIS}4:DH-11:112:2025-12-000110:2025-12-3122:2025年度经营收入5:zhang0:1:2` +
        '3:10210:1860000.004:0.000:3:5014:0.0010:1860000.000:',
    );
    expect(voucherHash(GENESIS, revenue)).toBe('f353e5645b2fd26d11b55a81e3872f2909a4e29a4d9d217c57d2d254ffd1f105');
    const reversal = reverse({ date: revenue.date, summary: revenue.summary, lines: revenue.lines }, '2026-01-05');
    const second = {
      ...reversal,
      projectCode: 'DH-1',
      sequence: 2,
      voucherNumber: '2026-01-0001',
      preparer: 'li',
      reversalOf: '2025-12-0001',
    };
    expect(voucherHash('f353e5645b2fd26d11b55a81e3872f2909a4e29a4d9d217c57d2d254ffd1f105', second)).toBe(
      '786de24685d0a92f4a9d5e2d1dba637e5b5349a55d2ca7c11b71d6bbeb30d5a6',
    );
  });

  it('is delimiter-safe: moving text between fields changes the hash', () => {
    // With naive joining, summary "ab"+preparer "c" and "a"+"bc" would hash alike.
    const a = voucherHash(GENESIS, { ...revenue, summary: 'ab', preparer: 'c' });
    const b = voucherHash(GENESIS, { ...revenue, summary: 'a', preparer: 'bc' });
    expect(a).not.toBe(b);
    const m1 = voucherHash(GENESIS, { ...revenue, lines: [dr('102', 1n, 'x'), cr('501', 1n)] });
    const m2 = voucherHash(GENESIS, { ...revenue, lines: [dr('102', 1n), cr('501', 1n, 'x')] });
    expect(m1).not.toBe(m2);
  });
});

describe('verifyChain', () => {
  const contents: VoucherContent[] = [
    revenue,
    ...buildYearResult({ year: 2025, date: '2025-12-31', revenue: 0n, costs: 165000000n }).map((v) => ({
      ...v,
      projectCode: 'DH-1',
      sequence: 2,
      voucherNumber: '2025-12-0002',
      preparer: 'zhang',
      reversalOf: null,
    })),
    { ...revenue, sequence: 3, voucherNumber: '2025-12-0003', summary: '收到程壁村现金出资', lines: [dr('102', 5n), cr('301-V01', 5n)] },
    { ...revenue, sequence: 4, voucherNumber: '2026-01-0001', date: '2026-01-05', lines: [dr('102', 7n), cr('501', 7n)] },
  ];
  const good = chain(contents);

  it('accepts an intact chain and returns its digest', () => {
    expect(verifyChain(good)).toEqual({ ok: true, count: 4, digest: { sequence: 4, hash: good[3].hash } });
    expect(verifyChain([])).toEqual({ ok: true, count: 0, digest: { sequence: 0, hash: GENESIS } });
  });

  /** The stable code of each kind of finding below. */
  const CODES: Record<string, string> = {
    该凭证被改动过: 'VOUCHER_HASH_MISMATCH',
    '应为第 2 张凭证，实际序号为 3': 'VOUCHER_SEQUENCE_BROKEN',
    记录的前一哈希: 'VOUCHER_LINK_BROKEN',
    '起始哈希（genesis）': 'VOUCHER_LINK_BROKEN',
  };

  it.each<[string, (r: VoucherRecord[]) => VoucherRecord[], number, string, string]>([
    [
      'an amount changed',
      (r) => {
        r[1] = { ...r[1], lines: [dr('511', 165000001n), cr('102', 165000001n)] };
        return r;
      },
      2,
      '2025-12-0002',
      '该凭证被改动过',
    ],
    [
      'a summary changed',
      (r) => {
        r[2] = { ...r[2], summary: '收到东岭村现金出资' };
        return r;
      },
      3,
      '2025-12-0003',
      '该凭证被改动过',
    ],
    [
      'a voucher deleted',
      (r) => {
        r.splice(1, 1);
        return r;
      },
      2,
      '2025-12-0003',
      '应为第 2 张凭证，实际序号为 3',
    ],
    [
      'two vouchers swapped',
      (r) => {
        [r[1], r[2]] = [r[2], r[1]];
        return r;
      },
      2,
      '2025-12-0003',
      '应为第 2 张凭证，实际序号为 3',
    ],
    // An insider who renumbers after swapping still breaks the links.
    [
      'swapped and renumbered',
      (r) => {
        [r[1], r[2]] = [
          { ...r[2], sequence: 2 },
          { ...r[1], sequence: 3 },
        ];
        return r;
      },
      2,
      '2025-12-0003',
      '记录的前一哈希',
    ],
    [
      'the first voucher not linked to genesis',
      (r) => {
        r[0] = { ...r[0], prevHash: 'f'.repeat(64) };
        return r;
      },
      1,
      '2025-12-0001',
      '起始哈希（genesis）',
    ],
    [
      'a stored hash replaced',
      (r) => {
        r[3] = { ...r[3], hash: 'a'.repeat(64) };
        return r;
      },
      4,
      '2026-01-0001',
      '该凭证被改动过',
    ],
    [
      'the preparer changed',
      (r) => {
        r[0] = { ...r[0], preparer: 'wang' };
        return r;
      },
      1,
      '2025-12-0001',
      '该凭证被改动过',
    ],
  ])('names the first bad voucher when %s', (_name, tamper, seq, number, reason) => {
    const result = verifyChain(tamper(good.map((r) => ({ ...r }))));
    expect(result).toMatchObject({ ok: false, firstBadSequence: seq, voucherNumber: number });
    expect(result.ok === false && result.reason).toContain(reason);
    expect(result.ok === false && result.code).toBe(CODES[reason]);
  });

  it('catches an altered voucher even when every later hash was recomputed, through the balance check', () => {
    // Rehashing hides the edit from the links (only the published digest shows it); an unbalanced voucher still fails.
    const edited = contents.map((c) => ({ ...c }));
    edited[1] = { ...edited[1], lines: [dr('511', 2n), cr('102', 1n)] };
    expect(verifyChain(chain(edited))).toMatchObject({
      ok: false,
      firstBadSequence: 2,
      code: 'VOUCHER_UNBALANCED',
      reason: expect.stringContaining('借贷不平'),
    });
  });

  it.each([
    [
      'a voucher number from another month',
      { voucherNumber: '2025-11-0003' },
      'VOUCHER_NUMBER_DATE_MISMATCH',
      '与凭证日期 2025-12-31 不符',
    ],
    ['a reused voucher number', { voucherNumber: '2025-12-0001' }, 'VOUCHER_NUMBER_REUSED', '凭证号 2025-12-0001 重复使用'],
    ['another project', { projectCode: 'DH-2' }, 'VOUCHER_OTHER_PROJECT', '属于项目 DH-2'],
  ])('refuses %s (hash recomputed)', (_name, change, code, reason) => {
    const edited = contents.map((c) => ({ ...c }));
    edited[2] = { ...edited[2], ...change };
    expect(verifyChain(chain(edited))).toMatchObject({ ok: false, firstBadSequence: 3, code, reason: expect.stringContaining(reason) });
  });
});
