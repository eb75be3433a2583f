/**
 * The ledger spec: "After a year is distributed, a debit balance on 322-02 is
 * exactly the deficit carried forward (B')". Per year 322-02 moves by
 * -N (close) - T (top-up) + G + S1 (322-01 closed in), i.e. by I - R given the
 * rulebook identity N + T + I = G + R + S1, so balance = B + I - R = B'.
 */
import fc from 'fast-check';
import {
  accountBalance,
  buildDistributionRun,
  buildYearClose,
  buildYearResult,
  deficitFromBalance,
  DistributionResultDocument,
  PostedLine,
  reverse,
  trialBalance,
} from '../../../src/core/ledger';
import { ValidationError } from '../../../src/core/errors';
import { formatFen, parseMoney } from '../../../src/core/money';
import { expectedResult, post, scenario } from './support';

/** Posts one year as the service would: result, close, then the distribution run (top-up included). */
function postYear(books: PostedLine[], year: number, revenue: bigint, costs: bigint, doc: DistributionResultDocument): void {
  post(books, buildYearResult({ year, date: `${year}-12-31`, revenue, costs }));
  post(books, buildYearClose({ year, date: `${year}-12-31`, revenue, costs }));
  post(books, buildDistributionRun(doc, { date: `${year + 1}-03-31` }));
}

describe("322-02 after a distribution is B'", () => {
  it('05a (loss, carried forward) then 05b (recovery)', () => {
    const books: PostedLine[] = [];
    for (const name of ['05a-carry-forward-loss-2024', '05b-carry-forward-recovery-2025']) {
      const s = scenario(name);
      const doc = expectedResult(name);
      // B read from the books is the B the scenario was computed with.
      expect(formatFen(deficitFromBalance(accountBalance(books, '322-02')))).toBe(doc.deficit.broughtForward);
      postYear(books, s.year, parseMoney(s.result.revenue, 'revenue'), parseMoney(s.result.costs, 'costs'), doc);
      expect(formatFen(accountBalance(books, '322-02'))).toBe(doc.deficit.carriedForward);
    }
    // After 05a: -120000.00 loss + 128360.64 guaranteed = 248360.64 debit; after 05b: 0.
    expect(accountBalance(books, '322-01')).toBe(0n);
    expect(accountBalance(books, '311')).toBe(-2216394n); // the 05b reserve, credit
    // Cash is the two years' results, -120000.00 + 650000.00; it is owed to the villages (211) and held in reserve (311).
    const { totals } = trialBalance(books, '2026-12-31');
    expect([totals.closingDebit, totals.closingCredit]).toEqual([53000000n, 53000000n]);
    expect(accountBalance(books, '102')).toBe(53000000n);
    expect(accountBalance(books, '211')).toBe(-50783606n); // 128360.64 (2024) + 379475.42 (2025) owed
  });

  it('05a leaves exactly 248360.64 on the debit side', () => {
    const books: PostedLine[] = [];
    postYear(books, 2024, 98000000n, 110000000n, expectedResult('05a-carry-forward-loss-2024'));
    expect(accountBalance(books, '322-02')).toBe(24836064n);
    expect(deficitFromBalance(accountBalance(books, '322-02'))).toBe(24836064n);
  });

  it('does not hold when the books do not carry B: 05b posted on empty books leaves a credit', () => {
    // The engine was told B = 248360.64 but the books never saw 05a: 322-02 ends
    // with the recovered amount as an undistributed credit, and reading B refuses it.
    const books: PostedLine[] = [];
    postYear(books, 2025, 265000000n, 200000000n, expectedResult('05b-carry-forward-recovery-2025'));
    expect(accountBalance(books, '322-02')).toBe(-24836064n);
    expect(() => deficitFromBalance(accountBalance(books, '322-02'))).toThrow(ValidationError);
  });

  it('a reversed run puts 322-02 back to the undistributed result', () => {
    const books: PostedLine[] = [];
    const doc = expectedResult('06-four-buckets-2025');
    post(books, buildYearClose({ year: 2025, date: '2025-12-31', revenue: 22222222n, costs: 0n }));
    const run = buildDistributionRun(doc, { date: '2026-01-31' });
    post(books, run);
    expect(accountBalance(books, '322-02')).toBe(0n);
    post(
      books,
      run.map((v) => reverse(v, '2026-02-01')),
    );
    expect(accountBalance(books, '322-02')).toBe(-22222222n);
    expect(() => deficitFromBalance(accountBalance(books, '322-02'))).toThrow('贷方余额 222222.22');
  });
});

// ---- random years, computed by a stand-in for the engine's waterfall ----

const MILLION = 1_000_000n;

/** Splits `total` into parts by random cut points (any split; the identity must not depend on it). */
function split(total: bigint, cuts: number[]): bigint[] {
  const points = cuts.map((c) => (total * BigInt(c)) / MILLION).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const parts: bigint[] = [];
  let prev = 0n;
  for (const p of [...points, total]) {
    parts.push(p - prev);
    prev = p;
  }
  return parts;
}

const yearArb = fc.record({
  net: fc.bigInt({ min: -50_000_000n, max: 100_000_000n }),
  costs: fc.bigInt({ min: 0n, max: 100_000_000n }),
  guaranteed: fc.array(fc.bigInt({ min: 0n, max: 3_000_000n }), { minLength: 1, maxLength: 4 }),
  carryForward: fc.boolean(),
  cuts: fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 6, maxLength: 6 }),
});
type YearArb = typeof yearArb extends fc.Arbitrary<infer T> ? T : never;

/** The rulebook's waterfall (distribution.md steps 2-6) on fen; allocations are random splits. */
function resultDocument(year: number, B: bigint, y: YearArb): DistributionResultDocument {
  const villages = y.guaranteed.map((g, i) => ({ code: `V0${i + 1}`, g }));
  const G = villages.reduce((a, v) => a + v.g, 0n);
  const N = y.net;
  let T = 0n,
    I = 0n,
    R = 0n,
    S1 = 0n;
  if (N >= G) {
    R = N - G < B ? N - G : B;
    S1 = N - G - R;
  } else if (y.carryForward) I = G - N;
  else T = G - N;
  // S1 → reserve, operator deduction, a capital bucket over villages, a payee bucket.
  const [reserve, operator, capital, fund] = split(S1, y.cuts.slice(0, 3));
  const shares = split(capital, y.cuts.slice(3, 3 + villages.length - 1));
  return {
    year,
    netProfit: formatFen(N),
    guaranteedTotal: formatFen(G),
    operatorTopUp: formatFen(T),
    deficit: { broughtForward: formatFen(B), recovered: formatFen(R), incurred: formatFen(I), carriedForward: formatFen(B - R + I) },
    surplus: formatFen(S1),
    deductions: [
      { code: 'reserve', amount: formatFen(reserve) },
      { code: 'operator', amount: formatFen(operator) },
    ],
    buckets: [
      { code: 'capital', amount: formatFen(capital) },
      { code: 'poor', amount: formatFen(fund) },
    ],
    villages: villages.map((v, i) => ({
      code: v.code,
      guaranteed: formatFen(v.g),
      shares: { capital: formatFen(shares[i]), poor: '0.00' },
      total: formatFen(v.g + shares[i]),
    })),
    payees: [{ code: 'FUND-POOR', bucket: 'poor', amount: formatFen(fund) }],
  };
}

describe("322-02 = B' on random sequences of years", () => {
  it('holds after every year, and B read from the books feeds the next year', () => {
    fc.assert(
      fc.property(fc.array(yearArb, { minLength: 1, maxLength: 5 }), (years) => {
        const books: PostedLine[] = [];
        years.forEach((y, i) => {
          const year = 2020 + i;
          const B = deficitFromBalance(accountBalance(books, '322-02'));
          const doc = resultDocument(year, B, y);
          const revenue = y.costs + y.net >= 0n ? y.costs + y.net : 0n;
          const costs = revenue - y.net;
          postYear(books, year, revenue, costs, doc);
          expect(formatFen(accountBalance(books, '322-02'))).toBe(doc.deficit.carriedForward);
          expect(accountBalance(books, '322-01')).toBe(0n);
          expect(accountBalance(books, '321')).toBe(0n);
          trialBalance(books, `${year + 1}-12-31`); // throws if the books stop balancing
        });
      }),
      { numRuns: 300 },
    );
  });
});
