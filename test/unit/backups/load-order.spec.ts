import { loadOrder } from '../../../src/backups/load-order';

const table = (name: string, references: string[] = []) => ({ name, columns: ['id'], key: ['id'], references });

describe('the order a restore loads tables in', () => {
  it('puts every table after those its foreign keys name, and year_close after voucher (its trigger reads year_close)', () => {
    const order = loadOrder([
      table('voucher_line', ['voucher']),
      table('year_close', ['project']),
      table('voucher', ['project', 'voucher']),
      table('project', ['village', 'township']),
      table('village', ['township']),
      table('township'),
      table('audit_log'),
    ]).map((t) => t.name);
    const before = (a: string, b: string) => expect(order.indexOf(a)).toBeLessThan(order.indexOf(b));
    before('township', 'village');
    before('village', 'project');
    before('project', 'voucher');
    before('voucher', 'voucher_line');
    before('voucher', 'year_close');
    expect(order).toHaveLength(7);
  });

  it('refuses a cycle of foreign keys instead of loading in a wrong order', () => {
    expect(() => loadOrder([table('a', ['b']), table('b', ['a'])])).toThrow(/相互引用成环/);
  });
});
