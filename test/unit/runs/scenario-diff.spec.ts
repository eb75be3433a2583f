import { scenarioDifferences } from '../../../src/runs/scenario-diff';

const stored = {
  project: { code: 'P', name: '园区' },
  year: 2024,
  policy: {
    guaranteed: { type: 'rate', rate: '0.06' },
    deductions: [
      { code: 'reserve', name: '公积公益金', rate: '0.10' },
      { code: 'fund', name: '基金', rate: '0.02' },
    ],
  },
  villages: [
    { code: 'V01', name: '程壁村' },
    { code: 'V02', name: '定湖村' },
  ],
  contributions: [
    { village: 'V01', date: '2024-04-15', amount: '500000.00' },
    { village: 'V02', date: '2024-04-15', amount: '300000.00' },
    { village: 'V02', date: '2024-04-15', amount: '200000.00' },
  ],
  result: { revenue: '980000.00', costs: '1100000.00' },
  deficitBroughtForward: '0.00',
};
const copy = () => JSON.parse(JSON.stringify(stored));

describe('scenarioDifferences: what a rebuilt scenario changed, by path', () => {
  it('finds nothing in an equal document, whatever the order of keys and of same-day contributions', () => {
    const now = copy();
    now.policy = { deductions: now.policy.deductions, guaranteed: { rate: '0.06', type: 'rate' } };
    now.contributions = [now.contributions[0], now.contributions[2], now.contributions[1]];
    expect(scenarioDifferences(stored, now)).toEqual([]);
  });

  it.each([
    // A changed rate would change every village's guaranteed dividend.
    [
      'a policy rate',
      (d: typeof stored) => (d.policy.guaranteed.rate = '0.07'),
      [{ path: 'policy.guaranteed.rate', stored: '0.06', now: '0.07' }],
    ],
    // Deductions are matched by code: removing one names it, not every later index.
    [
      'a deduction removed',
      (d: typeof stored) => d.policy.deductions.splice(0, 1),
      [{ path: 'policy.deductions[reserve]', stored: { code: 'reserve', name: '公积公益金', rate: '0.10' }, now: null }],
    ],
    // A village that joined later takes a share of the pool.
    [
      'a village added',
      (d: typeof stored) => d.villages.push({ code: 'V03', name: '东岭村' }),
      [{ path: 'villages[V03]', stored: null, now: { code: 'V03', name: '东岭村' } }],
    ],
    // One of two same-day contributions edited: the day's amounts are shown, as a list.
    [
      'a same-day contribution',
      (d: typeof stored) => (d.contributions[2].amount = '100000.00'),
      [{ path: 'contributions[V02 2024-04-15]', stored: ['200000.00', '300000.00'], now: ['100000.00', '300000.00'] }],
    ],
    // A back-dated contribution changes the capital base.
    [
      'a contribution added',
      (d: typeof stored) => d.contributions.push({ village: 'V01', date: '2024-06-01', amount: '1.00' }),
      [{ path: 'contributions[V01 2024-06-01]', stored: null, now: '1.00' }],
    ],
    [
      'the result and B',
      (d: typeof stored) => ((d.result.costs = '1000000.00'), (d.deficitBroughtForward = '5.00')),
      [
        { path: 'deficitBroughtForward', stored: '0.00', now: '5.00' },
        { path: 'result.costs', stored: '1100000.00', now: '1000000.00' },
      ],
    ],
  ])('names %s', (_name, change, expected) => {
    const now = copy();
    change(now);
    expect(scenarioDifferences(stored, now)).toEqual(expected);
  });
});
