/**
 * The member distribution (spec households.md): a village of 程壁村's size shares its income among 260 households by
 * four share kinds, each household's amount checked against an independent largest-remainder computation with exact
 * rationals written here (not the core's); ties as the spec says; the policy's checks; random registers and policies
 * (fast-check): the sums hold, no amount is negative, the order of the input never matters.
 */
import fc from 'fast-check';
import { parsePolicy } from '../../src/core/distribution';
import { ValidationError } from '../../src/core/errors';
import { MemberDistributionInput, distributeToMembers, parseVillagePolicy, villagePolicyJson } from '../../src/core/village-distribution';

/** "12.5" → 12500000n (millionths), "34500.00" → 3450000n (fen): parsed here, not by the core. */
const micro = (s: string) => {
  const [i, d = ''] = s.split('.');
  return BigInt(i) * 1_000_000n + BigInt(d.padEnd(6, '0'));
};
const fen = (s: string) => BigInt(s.replace('.', ''));
const yuan = (x: bigint) => `${x / 100n}.${String(x % 100n).padStart(2, '0')}`;

/** Deterministic pseudo-random integers. */
function rng(seed: number): (n: number) => number {
  let x = seed >>> 0;
  return (n) => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x % n;
  };
}

/**
 * The spec's rule computed independently: quota_h = S × W_h / ΣW; everyone gets the floor; the leftover fen go one
 * each by larger fractional part, then larger quota, then smaller code (plain string order).
 */
function expectedShares(shared: bigint, weights: Map<string, bigint>): Map<string, bigint> {
  const total = [...weights.values()].reduce((a, b) => a + b, 0n);
  const parties = [...weights.entries()].map(([code, w]) => {
    const num = shared * w; // the quota is num / total fen
    return { code, num, floor: num / total, rem: num % total };
  });
  let left = shared - parties.reduce((a, p) => a + p.floor, 0n);
  parties.sort((a, b) =>
    a.rem !== b.rem ? (b.rem > a.rem ? 1 : -1) : a.num !== b.num ? (b.num > a.num ? 1 : -1) : a.code < b.code ? -1 : 1,
  );
  const out = new Map<string, bigint>();
  for (const p of parties) {
    out.set(p.code, p.floor + (left > 0n ? 1n : 0n));
    if (left > 0n) left--;
  }
  return out;
}

const KINDS = [
  { code: 'POP', name: '人口股' },
  { code: 'LAB', name: '劳龄股' },
  { code: 'LAND', name: '土地股' },
  { code: 'AID', name: '帮扶股' },
];
const WEIGHTS = { POP: '1', LAB: '0.5', LAND: '1', AID: '1' };

/** 260 households, four kinds: people 1–6, years of work in halves, land with up to 6 decimals, aid for some. */
function chengbi(): MemberDistributionInput {
  const r = rng(260);
  const households = Array.from({ length: 260 }, (_, i) => ({ code: `H${String(i + 1).padStart(3, '0')}`, name: `户主${i + 1}` }));
  const holdings: MemberDistributionInput['holdings'] = [];
  for (const h of households) {
    holdings.push({ household: h.code, kind: 'POP', units: micro(String(1 + r(6))) });
    const lab = r(80);
    if (lab > 0) holdings.push({ household: h.code, kind: 'LAB', units: micro(`${lab >> 1}.${lab & 1 ? 5 : 0}`) });
    if (r(3) > 0) holdings.push({ household: h.code, kind: 'LAND', units: BigInt(r(5_000_000)) + 1n });
    if (r(10) === 0) holdings.push({ household: h.code, kind: 'AID', units: micro('1') });
  }
  return {
    village: { code: 'CHENGBI', name: '程壁村' },
    year: 2025,
    income: { projects: [{ code: 'P01', name: '飞地产业园', amount: fen('34500.00') }], other: 0n },
    policy: parseVillagePolicy({
      keeps: [
        { code: 'reserve', name: '公积公益金', rate: '0.10' },
        { code: 'welfare', name: '公益事业', amount: '2000.00' },
      ],
      weights: WEIGHTS,
    }),
    kinds: KINDS,
    households,
    holdings,
  };
}

describe('distributeToMembers: a village of 260 households × 4 kinds receiving 34,500.00', () => {
  const input = chengbi();
  const result = distributeToMembers(input);

  it('keeps 10% and 2,000.00 and shares the rest to the fen', () => {
    expect(result.income).toEqual({
      projects: [{ code: 'P01', name: '飞地产业园', amount: '34500.00' }],
      other: '0.00',
      total: '34500.00',
    });
    expect(result.keeps).toEqual([
      { code: 'reserve', name: '公积公益金', amount: '3450.00' },
      { code: 'welfare', name: '公益事业', amount: '2000.00' },
    ]);
    expect(result.kept).toBe('5450.00');
    expect(result.shared).toBe('29050.00');
    expect(result.households).toHaveLength(260);
    const sum = result.households.reduce((a, h) => a + fen(h.amount), 0n);
    expect(yuan(sum)).toBe('29050.00');
    expect(yuan(sum + fen(result.kept))).toBe('34500.00');
  });

  it("gives each household exactly the independent computation's amount", () => {
    const weightOf = new Map<string, bigint>(input.households.map((h) => [h.code, 0n]));
    for (const h of input.holdings) {
      weightOf.set(h.household, weightOf.get(h.household)! + h.units * micro(WEIGHTS[h.kind as keyof typeof WEIGHTS]));
    }
    const expected = expectedShares(fen('29050.00'), weightOf);
    let leftovers = 0;
    for (const line of result.households) {
      expect([line.code, line.amount]).toEqual([line.code, yuan(expected.get(line.code)!)]);
      const w = weightOf.get(line.code)!;
      const frac = String(w % 10n ** 12n)
        .padStart(12, '0')
        .replace(/0+$/, '');
      expect(line.weight).toBe(`${w / 10n ** 12n}${frac ? '.' + frac : ''}`);
      if (line.trace.includes('余下的分 0.01')) leftovers++;
    }
    const floors = [...weightOf.values()].reduce(
      (a, w) => a + (fen('29050.00') * w) / [...weightOf.values()].reduce((x, y) => x + y, 0n),
      0n,
    );
    expect(BigInt(leftovers)).toBe(fen('29050.00') - floors);
  });

  it('lists the units by kind, the weight and a trace naming every figure', () => {
    const h = result.households[0];
    expect(Object.keys(h.units).sort()).toEqual(['AID', 'LAB', 'LAND', 'POP']);
    expect(h.trace).toMatch(/^户权重 = 劳龄股（LAB）[0-9.]+ 股 × 权重 0\.5 \+ .*人口股（POP）[0-9]+ 股 × 权重 1 = [0-9.]+；/);
    expect(h.trace).toContain(`29050.00 × ${h.weight} / `);
    expect(h.trace).toMatch(/应分额 [0-9.…]+，向下取整/);
    expect(result.kinds).toEqual(
      KINDS.map((k) => ({ ...k, weight: WEIGHTS[k.code as keyof typeof WEIGHTS] })).sort((a, b) => (a.code < b.code ? -1 : 1)),
    );
    expect(result.explanation.keeps[0]).toBe('reserve（公积公益金）：10% × 34500.00 = 应分额 3450.00，恰好到分：3450.00');
    expect(result.explanation.keeps[1]).toBe('welfare（公益事业）：固定金额 2000.00 = 应分额 2000.00，恰好到分：2000.00');
    expect(result.explanation.checks.every((c) => c.endsWith('✓'))).toBe(true);
    expect(result.inputsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(result.resultHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is the same whatever order the households, kinds and holdings come in', () => {
    const shuffled = {
      ...input,
      households: [...input.households].reverse(),
      kinds: [...input.kinds].reverse(),
      holdings: [...input.holdings].reverse(),
    };
    expect(distributeToMembers(shuffled)).toEqual(result);
  });
});

describe('distributeToMembers: ties', () => {
  const base = (shared: string, weights: [string, string][]): MemberDistributionInput => ({
    village: { code: 'V01' },
    year: 2025,
    income: { projects: [], other: fen(shared) },
    policy: parseVillagePolicy({ weights: { POP: '1' } }),
    kinds: [{ code: 'POP', name: '人口股' }],
    households: weights.map(([code]) => ({ code })),
    holdings: weights.map(([household, units]) => ({ household, kind: 'POP', units: micro(units) })),
  });

  it('settles equal fractional parts by the larger quota', () => {
    // 0.10 by 1 : 3 → quotas 2.5 and 7.5 fen, both .5: the one leftover fen goes to the larger quota.
    const r = distributeToMembers(
      base('0.10', [
        ['A', '1'],
        ['B', '3'],
      ]),
    );
    expect(r.households.map((h) => [h.code, h.amount])).toEqual([
      ['A', '0.02'],
      ['B', '0.08'],
    ]);
    expect(r.households[1].trace).toContain('应分额较大者优先');
  });

  it('then by the smaller household code', () => {
    // 0.10 by 1 : 1 : 1 → 3.33… fen each: the one leftover fen goes to the smallest code, whatever the input order.
    const r = distributeToMembers(
      base('0.10', [
        ['H3', '2'],
        ['H10', '2'],
        ['H2', '2'],
      ]),
    );
    expect(r.households.map((h) => [h.code, h.amount])).toEqual([
      ['H10', '0.04'],
      ['H2', '0.03'],
      ['H3', '0.03'],
    ]);
    expect(r.households[0].trace).toContain('代码较小者优先');
  });

  it('lists a household of weight 0 with 0.00', () => {
    const input = base('100.00', [
      ['A', '1'],
      ['B', '1'],
    ]);
    input.households.push({ code: 'C' });
    const r = distributeToMembers(input);
    expect(r.households.map((h) => [h.code, h.amount, h.weight])).toEqual([
      ['A', '50.00', '1'],
      ['B', '50.00', '1'],
      ['C', '0.00', '0'],
    ]);
    expect(r.households[2].trace).toContain('0.00');
  });
});

describe('distributeToMembers: refusals', () => {
  const input = (policy: unknown, other = '1000.00'): MemberDistributionInput => ({
    village: { code: 'V01' },
    year: 2025,
    income: { projects: [], other: fen(other) },
    policy: parseVillagePolicy(policy),
    kinds: [
      { code: 'POP', name: '人口股' },
      { code: 'LAB', name: '劳龄股' },
    ],
    households: [{ code: 'A' }],
    holdings: [{ household: 'A', kind: 'POP', units: micro('1') }],
  });
  const fieldOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      return (e as ValidationError).issues.map((i) => i.field);
    }
    throw new Error('not refused');
  };

  it('refuses keeps beyond the income with a ValidationError on policy.keeps', () => {
    const p = {
      keeps: [
        { code: 'reserve', rate: '0.5' },
        { code: 'welfare', amount: '600.00' },
      ],
      weights: { POP: '1' },
    };
    expect(fieldOf(() => distributeToMembers(input(p)))).toEqual(['policy.keeps']);
    // Exactly the income is fine: nothing left for the members.
    const r = distributeToMembers(
      input({
        ...p,
        keeps: [
          { code: 'reserve', rate: '0.4' },
          { code: 'welfare', amount: '600.00' },
        ],
      }),
    );
    expect([r.kept, r.shared, r.households[0].amount]).toEqual(['1000.00', '0.00', '0.00']);
  });

  it('refuses a kind held without a weight, and weights that give nobody anything', () => {
    const withLab = input({ weights: { POP: '1' } });
    withLab.holdings.push({ household: 'A', kind: 'LAB', units: micro('2') });
    expect(fieldOf(() => distributeToMembers(withLab))).toEqual(['policy.weights.LAB']);
    expect(fieldOf(() => distributeToMembers(input({ weights: { POP: '0', LAB: '1' } })))).toEqual(['policy.weights']);
  });
});

describe("the fixed-amount keep is the member distribution's only", () => {
  it('the project policy parser still refuses an amount deduction', () => {
    expect(() => parsePolicy({ guaranteed: { type: 'rate', rate: '0.06' }, deductions: [{ code: 'welfare', amount: '2000.00' }] })).toThrow(
      expect.objectContaining({ issues: expect.arrayContaining([expect.objectContaining({ field: 'policy.deductions[0].amount' })]) }),
    );
  });

  it('says which weights of the policy name no kind of the register', () => {
    const r = distributeToMembers({
      village: { code: 'V01' },
      year: 2025,
      income: { projects: [], other: fen('10.00') },
      policy: parseVillagePolicy({ weights: { POP: '1', OLD: '2' } }),
      kinds: [{ code: 'POP', name: '人口股' }],
      households: [{ code: 'A' }],
      holdings: [{ household: 'A', kind: 'POP', units: micro('1') }],
    });
    expect(r.households[0].amount).toBe('10.00');
    expect(r.explanation.shares).toContain('分配方案中的股种 OLD 不在本次股权登记中，不参与计算');
  });
});

describe('parseVillagePolicy', () => {
  const fields = (doc: unknown, kinds?: string[]) => {
    try {
      parseVillagePolicy(doc, kinds && new Set(kinds));
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      return (e as ValidationError).issues.map((i) => [i.field, i.message]);
    }
    return [];
  };

  it('reads the spec example and writes its canonical JSON', () => {
    const p = parseVillagePolicy({
      keeps: [
        { code: 'reserve', name: '公积公益金', rate: '0.10' },
        { code: 'welfare', name: '公益事业', amount: '2000.00' },
      ],
      weights: { POP: '1', LAB: '0.5' },
    });
    expect(p.keeps).toEqual([
      { code: 'reserve', name: '公积公益金', kind: 'rate', rate: 100_000n },
      { code: 'welfare', name: '公益事业', kind: 'amount', amount: 200_000n },
    ]);
    expect(villagePolicyJson(p)).toBe(
      '{"keeps":[{"code":"reserve","name":"公积公益金","rate":"0.1"},{"amount":"2000.00","code":"welfare","name":"公益事业"}],"weights":{"LAB":"0.5","POP":"1"}}',
    );
    expect(parseVillagePolicy({ weights: { POP: '1' } }).keeps).toEqual([]);
  });

  it('names each field in Chinese', () => {
    const issues = fields({
      keeps: [{ code: 'a', rate: '0.6' }, { code: 'b', amount: '-1.00' }, { code: 'a', rate: '0.5', amount: '1.00' }, { code: 'c' }],
      weights: { POP: '1.0000001', 'bad code': '1' },
      extra: 1,
    }).map(([f]) => f);
    expect(issues).toEqual(
      expect.arrayContaining([
        'policy.keeps[1].amount',
        'policy.keeps[2].code',
        'policy.keeps[2]',
        'policy.keeps[3]',
        'policy.weights.POP',
        'policy.weights.bad code',
        'policy.extra',
      ]),
    );
    expect(
      fields({
        keeps: [
          { code: 'a', rate: '0.6' },
          { code: 'b', rate: '0.4' },
        ],
        weights: { POP: '1' },
      }),
    ).toEqual([['policy.keeps', expect.stringContaining('比例之和须小于 1')]]);
    expect(fields({ weights: { POP: '0', LAB: '0' } })).toEqual([
      ['policy.weights', expect.stringContaining('至少要有一个股种的权重大于零')],
    ]);
    expect(fields({ weights: {} })).toEqual([['policy.weights', expect.any(String)]]);
    expect(fields({ keeps: [] })).toEqual([['policy.weights', '必填']]);
    expect(fields({ weights: { POP: 1 } })).toEqual([['policy.weights.POP', expect.stringContaining('引号')]]);
    expect(fields({ weights: { POP: '1', XYZ: '1' } }, ['POP'])).toEqual([['policy.weights.XYZ', expect.stringContaining('未知的股种')]]);
    expect(fields('x')).toEqual([['policy', expect.any(String)]]);
  });
});

describe('distributeToMembers: random registers and policies', () => {
  const kindCodes = ['AID', 'LAB', 'LAND', 'POP', 'X_1'];
  const scenarioArb = fc
    .record({
      kinds: fc.subarray(kindCodes, { minLength: 1 }),
      weights: fc.array(fc.integer({ min: 0, max: 3_000_000 }), { minLength: 5, maxLength: 5 }),
      households: fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9_-]{1,5}$/), { minLength: 1, maxLength: 25 }),
      units: fc.array(fc.array(fc.option(fc.integer({ min: 1, max: 50_000_000 }), { nil: undefined }), { minLength: 5, maxLength: 5 }), {
        minLength: 25,
        maxLength: 25,
      }),
      projects: fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { maxLength: 3 }),
      other: fc.bigInt({ min: 0n, max: 10n ** 7n }),
      rate: fc.option(fc.integer({ min: 0, max: 400_000 }), { nil: undefined }),
      amount: fc.option(fc.bigInt({ min: 1n, max: 10n ** 6n }), { nil: undefined }),
      seed: fc.integer(),
    })
    .map((s) => {
      const weights: Record<string, string> = {};
      s.kinds.forEach((k, i) => (weights[k] = `${Math.floor(s.weights[i] / 1e6)}.${String(s.weights[i] % 1e6).padStart(6, '0')}`));
      weights[s.kinds[0]] = weights[s.kinds[0]] === '0.000000' ? '1' : weights[s.kinds[0]];
      const keeps = [
        ...(s.rate !== undefined ? [{ code: 'reserve', rate: `0.${String(s.rate).padStart(6, '0')}` }] : []),
        ...(s.amount !== undefined ? [{ code: 'welfare', amount: yuan(s.amount) }] : []),
      ];
      const input: MemberDistributionInput = {
        village: { code: 'V' },
        year: 2025,
        income: { projects: s.projects.map((amount, i) => ({ code: `P${i}`, name: `项目${i}`, amount })), other: s.other },
        policy: parseVillagePolicy({ keeps, weights }),
        kinds: s.kinds.map((code) => ({ code, name: code })),
        households: s.households.map((code) => ({ code })),
        holdings: s.households.flatMap((household, h) =>
          s.kinds.flatMap((kind, k) => (s.units[h][k] === undefined ? [] : [{ household, kind, units: BigInt(s.units[h][k]!) }])),
        ),
      };
      return { input, seed: s.seed };
    });

  const shuffle = <T>(list: T[], seed: number): T[] => {
    const r = rng(seed);
    const out = [...list];
    for (let i = out.length - 1; i > 0; i--) {
      const j = r(i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };

  it('keeps the sums, never pays a negative amount, and does not depend on the input order', () => {
    fc.assert(
      fc.property(scenarioArb, ({ input, seed }) => {
        let result;
        try {
          result = distributeToMembers(input);
        } catch (e) {
          // Only the two refusals a random policy can meet: keeps beyond the income, or nobody with a weight.
          expect(e).toBeInstanceOf(ValidationError);
          expect(['policy.keeps', 'policy.weights']).toContain((e as ValidationError).issues[0].field);
          return;
        }
        const total = input.income.projects.reduce((a, p) => a + p.amount, input.income.other);
        const paid = result.households.reduce((a, h) => a + fen(h.amount), 0n);
        const kept = result.keeps.reduce((a, k) => a + fen(k.amount), 0n);
        expect(fen(result.income.total)).toBe(total);
        expect(paid).toBe(fen(result.shared));
        expect(kept).toBe(fen(result.kept));
        expect(paid + kept).toBe(total);
        expect(result.households.every((h) => !h.amount.startsWith('-'))).toBe(true);
        expect(result.households).toHaveLength(input.households.length);
        // Each amount is the independent largest remainder's.
        const weights = new Map<string, bigint>(input.households.map((h) => [h.code, 0n]));
        for (const h of input.holdings) weights.set(h.household, weights.get(h.household)! + h.units * input.policy.weights.get(h.kind)!);
        if ([...weights.values()].some((w) => w > 0n)) {
          const expected = expectedShares(fen(result.shared), weights);
          for (const h of result.households) expect(fen(h.amount)).toBe(expected.get(h.code));
        }
        const reordered = {
          ...input,
          households: shuffle(input.households, seed),
          kinds: shuffle(input.kinds, seed + 1),
          holdings: shuffle(input.holdings, seed + 2),
          income: { ...input.income, projects: shuffle(input.income.projects, seed + 3) },
        };
        expect(distributeToMembers(reordered)).toEqual(result);
      }),
      { numRuns: 300 },
    );
  });
});
