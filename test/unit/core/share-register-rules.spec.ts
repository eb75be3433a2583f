/** The rules of one version of a share register (core/households/register.ts), shared by the API and the import. */
import { MemberHousehold, registerIssues } from '../../../src/core/households/register';
import { formatUnits, toMicro, unitsIssue } from '../../../src/core/households/shares';

const households = new Map<string, MemberHousehold>([
  ['H001', { id: 'a', code: 'H001', joinedOn: null, leftOn: null }],
  ['H002', { id: 'b', code: 'H002', joinedOn: '2020-01-01', leftOn: '2024-06-30' }],
  ['H003', { id: 'c', code: 'H003', joinedOn: '2025-03-01', leftOn: null }],
]);
const kinds = [
  { code: 'POP', name: '人口股' },
  { code: 'LAB', name: '劳龄股' },
];

describe('registerIssues', () => {
  it('passes a good register', () => {
    const input = {
      registeredOn: '2024-06-30',
      kinds,
      holdings: [
        { household: 'H001', kind: 'POP', units: '3' },
        { household: 'H001', kind: 'LAB', units: '1.5' },
        { household: 'H002', kind: 'POP', units: '0.000001' },
      ],
    };
    expect(registerIssues(input, households)).toEqual([]);
  });

  it('names every broken rule by its field', () => {
    const input = {
      registeredOn: '2024-12-31',
      kinds: [...kinds, { code: 'POP', name: '又一个' }],
      holdings: [
        { household: 'H001', kind: 'AID', units: '1' },
        { household: 'H009', kind: 'POP', units: '1' },
        { household: 'H002', kind: 'POP', units: '1' },
        { household: 'H003', kind: 'POP', units: '1' },
        { household: 'H001', kind: 'POP', units: '0' },
        { household: 'H001', kind: 'LAB', units: '1.1234567' },
        { household: 'H001', kind: 'POP', units: '2' },
      ],
    };
    const issues = registerIssues(input, households);
    expect(issues.map((i) => i.field)).toEqual([
      'kinds[2].code',
      'holdings[0].kind',
      'holdings[1].household',
      'holdings[2].household',
      'holdings[3].household',
      'holdings[4].units',
      'holdings[5].units',
      'holdings[6].kind',
    ]);
    expect(issues[1].message).toContain('"AID" 不在本次登记的股种');
    expect(issues[3].message).toContain('已于 2024-06-30 退出');
    expect(issues[4].message).toContain('2025-03-01 才入社');
    expect(issues[5].message).toContain('大于零');
    expect(issues[6].message).toContain('最多 6 位小数');
    expect(issues[7].message).toContain('只登记一次');
  });
});

describe('units', () => {
  it('are exact millionths', () => {
    expect(toMicro('1.5')).toBe(1_500_000n);
    expect(toMicro('123456789012')).toBe(123_456_789_012_000_000n);
    expect(formatUnits(1_500_000n)).toBe('1.5');
    expect(formatUnits(3_000_000n)).toBe('3');
    expect(formatUnits(1n)).toBe('0.000001');
  });

  it.each([['0'], ['0.0'], ['-1'], ['1e3'], ['1000000000000'], [3]])('refuses %p', (v) => {
    expect(unitsIssue(v)).not.toBeNull();
  });
});
