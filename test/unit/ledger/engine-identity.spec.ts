/**
 * 322-02 = B' with the real distribution engine (src/core/distribution): random
 * scenarios, each year's B read from the books and fed to the engine, the
 * engine's result document posted, and the balance compared with its B'.
 */
import fc from 'fast-check';
import { runScenario } from '../../../src/core/distribution';
import {
  accountBalance,
  buildDistributionRun,
  buildYearClose,
  buildYearResult,
  deficitFromBalance,
  PostedLine,
  trialBalance,
} from '../../../src/core/ledger';
import { formatFen } from '../../../src/core/money';
import { post } from './support';

const villagesArb = fc.array(fc.bigInt({ min: 1n, max: 100_000_000n }), { minLength: 1, maxLength: 4 });
const yearArb = fc.record({ revenue: fc.bigInt({ min: 0n, max: 60_000_000n }), costs: fc.bigInt({ min: 0n, max: 60_000_000n }) });
const policyArb = fc.record({
  rate: fc.constantFrom('0', '0.03', '0.06', '0.08'),
  shortfall: fc.constantFrom('operator_tops_up', 'carry_forward'),
  reserve: fc.boolean(),
  operator: fc.boolean(),
  fund: fc.boolean(),
});

describe("322-02 = B' of the engine's result document", () => {
  it('holds year after year on random scenarios', () => {
    fc.assert(
      fc.property(villagesArb, policyArb, fc.array(yearArb, { minLength: 1, maxLength: 4 }), (capital, p, years) => {
        const villages = capital.map((_, i) => ({ code: `V0${i + 1}` }));
        const contributions = capital.map((amount, i) => ({ village: `V0${i + 1}`, date: '2020-03-01', amount: formatFen(amount) }));
        const policy = {
          guaranteed: { type: 'rate', rate: p.rate },
          shortfall: p.shortfall,
          deductions: [
            ...(p.reserve ? [{ code: 'reserve', rate: '0.10' }] : []),
            ...(p.operator ? [{ code: 'operator', brackets: [{ upTo: '100000.00', rate: '0.05' }, { rate: '0.10' }] }] : []),
          ],
          sharing: p.fund
            ? [
                { code: 'capital', share: '0.7', weights: 'capital' },
                { code: 'poor', share: '0.3', payee: { code: 'FUND-POOR' } },
              ]
            : [{ code: 'capital', share: '1', weights: 'capital' }],
        };
        const books: PostedLine[] = [];
        years.forEach((y, i) => {
          const year = 2020 + i;
          const B = deficitFromBalance(accountBalance(books, '322-02'));
          const doc = runScenario({
            project: { code: 'P-1' },
            year,
            policy,
            villages,
            contributions,
            result: { revenue: formatFen(y.revenue), costs: formatFen(y.costs) },
            deficitBroughtForward: formatFen(B),
          });
          post(books, buildYearResult({ year, date: `${year}-12-31`, ...y }));
          post(books, buildYearClose({ year, date: `${year}-12-31`, ...y }));
          post(books, buildDistributionRun(doc, { date: `${year + 1}-03-31` }));
          expect(formatFen(accountBalance(books, '322-02'))).toBe(doc.deficit.carriedForward);
          trialBalance(books, `${year + 1}-12-31`);
        });
      }),
      { numRuns: 150 },
    );
  });
});
