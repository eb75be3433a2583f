import { runScenario } from '../../../src/core/distribution';
import {
  policyForView,
  redactionNote,
  resultForView,
  rowsForView,
  scenarioForView,
  VillageView,
  voucherLinesForView,
} from '../../../src/core/village-view';
import { FIXTURES, readJson } from '../../support/scenarios';

/** Fixture 06: seven villages H1…H7, weights per village, two payee funds. */
const scenario = readJson(`${FIXTURES}/06-four-buckets-2025.json`);
const h2: VillageView = { own: 'H2' };
const nobody: VillageView = { own: null };
const isVillage = (code: string) => /^H\d$/.test(code);

/** Every village code named anywhere in the document: as a value, a key or inside a text. */
function villagesNamed(doc: unknown): string[] {
  return [...new Set(JSON.stringify(doc).match(/\bH\d\b/g) ?? [])].sort();
}

describe('village view: a treasurer sees their own village and the project totals', () => {
  it('cuts a scenario to the own village, its events and its policy terms; the project stays', () => {
    const cut = scenarioForView(scenario, h2);
    expect(villagesNamed(cut)).toEqual(['H2']);
    expect(cut.villages).toEqual([{ code: 'H2', name: '小寨村' }]);
    expect(cut.contributions).toEqual([{ village: 'H2', date: '2025-02-28', amount: '333333.33' }]);
    expect(cut.policy.sharing[1].weights).toEqual({ H2: '30' });
    expect(cut.policy.sharing[0].weights).toBe('capital');
    expect(cut.result).toEqual(scenario.result);
    expect(cut.project).toEqual(scenario.project);
    expect(villagesNamed(scenarioForView(scenario, nobody))).toEqual([]);
    // Every other role: the document itself.
    expect(scenarioForView(scenario, undefined)).toBe(scenario);
  });

  it('cuts a result to the own village line; totals, buckets, payees and hashes stay', () => {
    const result = runScenario(scenario);
    const cut = resultForView(result, h2);
    expect(cut.villages.map((v) => v.code)).toEqual(['H2']);
    expect(cut.villages[0]).toEqual(result.villages.find((v) => v.code === 'H2'));
    const { villages: _a, ...totals } = result;
    const { villages: _b, ...cutTotals } = cut;
    expect(cutTotals).toEqual(totals);
    expect(villagesNamed(cut)).toEqual(['H2']);
  });

  it('keeps only the own village among fixed guaranteed amounts', () => {
    const policy = { guaranteed: { type: 'fixed', amounts: { H1: '1000.00', H2: '2000.00' } }, shortfall: 'carry_forward' };
    expect(policyForView(policy, h2)).toEqual({ guaranteed: { type: 'fixed', amounts: { H2: '2000.00' } }, shortfall: 'carry_forward' });
    expect(policyForView(policy, undefined)).toBe(policy);
  });

  it("merges other villages' voucher lines into their parent account, so the voucher still balances", () => {
    const lines = [
      { account: '322-01-GUAR', debit: 600n, credit: 0n },
      { account: '211-H1', debit: 0n, credit: 100n },
      { account: '211-H2', debit: 0n, credit: 200n },
      { account: '211-H3', debit: 0n, credit: 250n },
      { account: '211-FUND-POOR', debit: 0n, credit: 50n, memo: 'poor' },
    ];
    const { lines: shown, merged } = voucherLinesForView(lines, h2, isVillage);
    expect(merged).toBe(2);
    expect(shown).toEqual([
      { account: '322-01-GUAR', debit: 600n, credit: 0n },
      { account: '211', debit: 0n, credit: 350n, memo: '其他村合计' },
      { account: '211-H2', debit: 0n, credit: 200n },
      { account: '211-FUND-POOR', debit: 0n, credit: 50n, memo: 'poor' },
    ]);
    expect(voucherLinesForView(lines.slice(2, 3), h2, isVillage)).toEqual({ lines: lines.slice(2, 3), merged: 0 });
  });

  it("drops other villages' sub-accounts from the trial balance; parents and payees stay", () => {
    const rows = ['211', '211-FUND-POOR', '211-H1', '211-H2', '301', '301-H1', '301-H2', '501'].map((account) => ({ account }));
    expect(rowsForView(rows, h2, isVillage).map((r) => r.account)).toEqual(['211', '211-FUND-POOR', '211-H2', '301', '301-H2', '501']);
    expect(rowsForView(rows, nobody, isVillage).map((r) => r.account)).toEqual(['211', '211-FUND-POOR', '301', '501']);
    expect(rowsForView(rows, undefined, isVillage)).toEqual(rows);
  });

  it('says what was left out, in Chinese', () => {
    expect(redactionNote(h2)).toContain('只列本村（H2）的明细和项目合计');
  });
});
