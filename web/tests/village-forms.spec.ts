import { describe, expect, it } from 'vitest';
import {
  DEFAULT_KINDS,
  defaultVillagePolicy,
  fromVillageDocument,
  householdProblems,
  micro,
  parseHoldings,
  paymentProblems,
  toVillageDocument,
  totalsByKind,
  units,
  villagePolicyIssues,
} from '../src/village/forms';

/** The village pages' form logic: share units exact, a register pasted from a spreadsheet, the village policy form. */
describe('share units', () => {
  it('are exact millionths, and back to the shortest decimal', () => {
    expect(micro('1.5')).toBe(1_500_000n);
    expect(micro('0.000001')).toBe(1n);
    expect(micro('123456789012.123456')).toBe(123456789012123456n);
    expect(micro('1.1234567')).toBeNull();
    expect(micro('-1')).toBeNull();
    expect(micro('1e3')).toBeNull();
    expect(units(1_500_000n)).toBe('1.5');
    expect(units(2_000_000n)).toBe('2');
    expect(units(1n)).toBe('0.000001');
  });

  it('sum by kind without floating point (0.1 + 0.2 is 0.3)', () => {
    const totals = totalsByKind([
      { household: 'H1', kind: 'LAB', units: '0.1' },
      { household: 'H2', kind: 'LAB', units: '0.2' },
      { household: 'H1', kind: 'POP', units: '3' },
    ]);
    expect(totals).toEqual({ LAB: '0.3', POP: '3' });
  });
});

describe('a share register pasted from a spreadsheet', () => {
  it('reads the wide form: a header of kinds (by name or code), a row per household; empty and 0 cells are no holding', () => {
    const text = '户编码\t人口股\t劳龄股\tLAND\t帮扶股\nH001\t4\t12.5\t\t0\nH002\t3\t0\t2.25\t1\n';
    const { holdings, problems } = parseHoldings(text, DEFAULT_KINDS);
    expect(problems).toEqual([]);
    expect(holdings).toEqual([
      { household: 'H001', kind: 'POP', units: '4' },
      { household: 'H001', kind: 'LAB', units: '12.5' },
      { household: 'H002', kind: 'POP', units: '3' },
      { household: 'H002', kind: 'LAND', units: '2.25' },
      { household: 'H002', kind: 'AID', units: '1' },
    ]);
  });

  it('reads the long form, with or without a header, commas or tabs, and a BOM', () => {
    const withHeader = '\ufeff户编码,股种,股数\r\nH001,POP,4\r\nH001,劳龄股,2\r\n';
    expect(parseHoldings(withHeader, DEFAULT_KINDS)).toEqual({
      holdings: [
        { household: 'H001', kind: 'POP', units: '4' },
        { household: 'H001', kind: 'LAB', units: '2' },
      ],
      problems: [],
    });
    expect(parseHoldings('H001\tPOP\t4\nH002\tAID\t1', DEFAULT_KINDS).holdings).toHaveLength(2);
  });

  it('lists every problem with its row, and still reads the good rows', () => {
    const text = '户编码\t人口股\t股份X\nH 1\t2\t1\nH2\t1.1234567\t\nH3\t2\t\nH3\t1\t';
    const { holdings, problems } = parseHoldings(text, DEFAULT_KINDS);
    expect(holdings).toEqual([{ household: 'H3', kind: 'POP', units: '2' }]);
    expect(problems).toEqual([
      { row: 1, message: '第 3 列「股份X」不在本次登记的股种中' },
      { row: 2, message: '户编码「H 1」只能含字母、数字、- 和 _，最多 32 位' },
      { row: 3, message: '户 H2 的 POP 股数「1.1234567」须为正数，最多 6 位小数' },
      { row: 5, message: '户 H3 的 POP 重复' },
    ]);
  });

  it('asks for a header in the wide form, and says when nothing was pasted', () => {
    expect(parseHoldings('H001\t4\t2', DEFAULT_KINDS).problems[0].message).toMatch(/第一行须为表头/);
    expect(parseHoldings('  \n', DEFAULT_KINDS).problems).toEqual([{ row: 0, message: '没有粘贴任何内容' }]);
  });
});

describe('the village policy form', () => {
  const SPEC = {
    keeps: [
      { code: 'reserve', name: '公积公益金', rate: '0.10' },
      { code: 'welfare', name: '公益事业', amount: '2000.00' },
    ],
    weights: { POP: '1', LAB: '0.5', LAND: '1', AID: '1' },
  };

  it('reads and writes back the contract’s example unchanged, and finds nothing wrong with it', () => {
    const state = fromVillageDocument(SPEC);
    expect(toVillageDocument(state)).toEqual(SPEC);
    expect(villagePolicyIssues(state)).toEqual({});
  });

  it('offers 10% to 公积公益金 and weight 1 for each kind', () => {
    expect(toVillageDocument(defaultVillagePolicy())).toEqual({
      keeps: [{ code: 'reserve', name: '公积公益金', rate: '0.10' }],
      weights: { POP: '1', LAB: '1', LAND: '1', AID: '1' },
    });
  });

  it('keys each problem as the service does, so either side’s message lands under the same field', () => {
    const state = fromVillageDocument({
      keeps: [
        { code: 'reserve', name: '公积公益金', rate: '1.2' },
        { code: 'reserve', name: '', amount: '20.001' },
      ],
      weights: { POP: '-1', LAB: 'x' },
    });
    expect(villagePolicyIssues(state)).toEqual({
      'policy.keeps[0].rate': '比例须大于 0、小于 1，最多 6 位小数，如 0.10',
      'policy.keeps[1].code': '代码 reserve 重复',
      'policy.keeps[1].name': '请填写名称',
      'policy.keeps[1].amount': '金额须为大于 0 的数，最多两位小数，如 2000.00',
      'policy.weights.POP': '权重须为不小于 0 的数，最多 6 位小数，如 0.5',
      'policy.weights.LAB': '权重须为不小于 0 的数，最多 6 位小数，如 0.5',
    });
  });

  it('refuses rates that keep everything, and weights that are all zero', () => {
    const state = fromVillageDocument({
      keeps: [
        { code: 'a', name: 'A', rate: '0.6' },
        { code: 'b', name: 'B', rate: '0.4' },
      ],
      weights: { POP: '0', LAB: '0.000' },
    });
    expect(villagePolicyIssues(state)).toEqual({ 'policy.keeps': '提取比例合计须小于 1', 'policy.weights': '至少一个股种的权重须大于 0' });
  });
});

describe('a household before it is sent', () => {
  const ok = {
    code: 'H001',
    headName: '弓长东',
    idLast4: '123x',
    bankName: '沁县农村信用合作联社',
    bankAccount: '6217 0000 1234 1234',
    joinedOn: '',
  };

  it('passes a good one (spaces in the account and a lower-case x are the service’s to tidy)', () => {
    expect(householdProblems(ok, true)).toEqual({});
  });

  it('refuses a whole identity number: only the last four are kept', () => {
    expect(householdProblems({ ...ok, idLast4: '14043019800101123X' }, true)).toEqual({ idLast4: '只保存身份证号的后四位，请只填后四位' });
    expect(householdProblems({ ...ok, idLast4: '12A4' }, true).idLast4).toMatch(/4 位数字/);
  });

  it('names each bad field, and does not check the code of a correction (it is not changed there)', () => {
    const bad = { ...ok, code: 'H 1', headName: ' ', bankAccount: '6217-0000', joinedOn: '2025/01/01' };
    expect(Object.keys(householdProblems(bad, true)).sort()).toEqual(['bankAccount', 'code', 'headName', 'joinedOn']);
    expect(householdProblems(bad, false).code).toBeUndefined();
  });
});

describe('a single household’s payment', () => {
  const v = { amount: '1745.49', date: '2026-04-15', bankReference: 'NX-1' };

  it('may be all that is owed, never a fen more', () => {
    expect(paymentProblems(v, '1745.49')).toEqual({});
    expect(paymentProblems({ ...v, amount: '1745.50' }, '1745.49')).toEqual({ amount: '不能超过尚未支付的 ¥1,745.49' });
  });

  it('needs a positive amount of at most two decimals, a date and the bank’s reference', () => {
    expect(paymentProblems({ amount: '0', date: '', bankReference: ' ' }, '10.00')).toEqual({
      amount: '金额须为大于 0 的数，最多两位小数',
      date: '请选择支付日期',
      bankReference: '请填写银行流水号',
    });
    expect(paymentProblems({ ...v, amount: '1.005' }, '10.00').amount).toBe('金额须为大于 0 的数，最多两位小数');
  });
});
