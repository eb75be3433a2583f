import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import VillageTrace from '../src/components/VillageTrace.vue';
import { namedLine, policyNames } from '../src/explanation';

describe('the explanation under the policy’s Chinese names', () => {
  const names = policyNames({
    deductions: [{ code: 'reserve', name: '公积公益金', rate: '0.10' }],
    sharing: [{ code: 'capital', name: '按出资比例', share: '1' }, { code: 'x1' }],
  });

  it('names deductions and buckets, and leaves an unnamed code and other lines alone', () => {
    expect(names).toEqual({ reserve: '公积公益金', capital: '按出资比例' });
    expect(namedLine('reserve：10% × 30000.00 = 应分额 3000.00', names)).toBe('公积公益金：10% × 30000.00 = 应分额 3000.00');
    expect(namedLine('capital：提取后余额 27000.00 × 比例 1.00', names)).toBe('按出资比例：提取后余额 27000.00 × 比例 1.00');
    expect(namedLine('x1：提取后余额 0.00', names)).toBe('x1：提取后余额 0.00');
    expect(namedLine('本年净收益 N = 210000.00', names)).toBe('本年净收益 N = 210000.00');
    expect(policyNames(null)).toEqual({});
  });
});

describe('a village’s trace', () => {
  const trace = {
    capital: ['2024-04-15 出资 500000.00 × 365/365'],
    capitalBase: '出资基数 C = 500000.00',
    guaranteed: '500000.00 × 6% = 30000.00',
    shares: { capital: '27000.00 × C / ΣC = 4500.00', x1: '0.00' },
    total: '保底 30000.00 + 分成 4500.00 = 34500.00',
  };

  it('heads each share with its bucket’s Chinese name, or its code when the policy gives none', () => {
    const w = mount(VillageTrace, { props: { trace: trace as never, names: { capital: '按出资比例' } } });
    const lines = w.findAll('li').map((l) => l.text());
    expect(lines).toContain('按出资比例：27000.00 × C / ΣC = 4500.00');
    expect(lines).toContain('x1：0.00');
    expect(lines.some((l) => l.startsWith('capital'))).toBe(false);
  });
});
