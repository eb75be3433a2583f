/**
 * Books and their charts (issue 16): a project's book posts by the project's chart, a village's own book by the village
 * chart (农村集体经济组织会计制度: 102, 112-<project>, 211-<household>, 311, 321, 322…, 502, 522). The writer checks
 * every posting's accounts against its book's chart under the book's lock: a project voucher to 502 is refused, a
 * village voucher to 501 is refused, each 400 naming `account`, and nothing is written.
 */
import { randomUUID } from 'node:crypto';
import { ValidationError } from '../../src/core/errors';
import { buildVillageDeclaration, chartFor, cr, dr, makeVoucher, Voucher } from '../../src/core/ledger';
import { LedgerWriter } from '../../src/ledger/ledger-writer';
import { LedgerRepository } from '../../src/ledger/ledger.repository';
import { VillageBookService } from '../../src/ledger/village-book.service';
import { FixedClock } from '../../src/platform/clock/clock';
import { VillagesService } from '../../src/villages/villages.service';
import { accountant, oneVillageProject } from '../support/seed';
import { createTestModule, TestModule } from '../support/test-module';

describe('books: each posts by the chart of its kind', () => {
  const clerk = accountant('chart-clerk');
  let t: TestModule;
  let projectId: string;
  let projectCode: string;
  let villageId: string;

  beforeAll(async () => {
    t = await createTestModule({ clock: new FixedClock('2026-06-30') });
    const made = await oneVillageProject(t.module, clerk, { project: '科目表', village: '科目村' });
    projectId = made.projectId;
    projectCode = (await t.db.query('SELECT code FROM project WHERE id = $1', [projectId]))[0].code;
    villageId = (await t.get(VillagesService).byCode(made.village, 'village')).id;
    await t.get(VillageBookService).open(clerk, villageId, '2025-01-01');
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (bookId: string, voucher: Voucher) =>
    t.get(LedgerWriter).post(clerk, bookId, [voucher], { type: 'other-income', id: randomUUID(), fiscalYear: 2026 });

  it('the charts: the project chart has 501 and no 502; the village chart 502, 522 and 112-<project>, no 501', () => {
    const project = chartFor('project');
    const village = chartFor('village');
    expect([project.isKnownAccount('501'), project.isKnownAccount('502'), project.isKnownAccount('522')]).toEqual([true, false, false]);
    expect([village.isKnownAccount('501'), village.isKnownAccount('502'), village.isKnownAccount('522')]).toEqual([false, true, true]);
    expect(village.accountName(`112-${projectCode}`)).toBe(`应收款—${projectCode}`);
    expect(village.accountName('322-01-MEMBERS')).toBe('收益分配—各项分配—成员分红');
    expect(village.accountName('322-01-DED-reserve')).toBe('收益分配—各项分配—提取公积公益金');
    expect(village.accountName('211-H001')).toBe('应付款—H001');
    expect(village.isKnownAccount('112-OPERATOR')).toBe(true);
    expect(project.accountName('112-OPERATOR')).toBe('应收款—运营方');
  });

  it('refuses a project voucher to 502, naming the account, and writes nothing', async () => {
    const before = await t.get(LedgerRepository).digest(projectId);
    const voucher = makeVoucher('2026-03-01', '投资收益', [dr('102', 100n), cr('502', 100n)], 'village')!;
    const error = await post(projectId, voucher).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.field)).toEqual(['account']);
    expect((error as Error).message).toContain('"502"');
    expect(await t.get(LedgerRepository).digest(projectId)).toEqual(before);
  });

  it('refuses a village voucher to 501, naming the account, and writes nothing', async () => {
    const before = await t.get(LedgerRepository).digest(villageId);
    const voucher = makeVoucher('2026-03-01', '经营收入', [dr('102', 100n), cr('501', 100n)])!;
    const error = await post(villageId, voucher).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.field)).toEqual(['account']);
    expect((error as Error).message).toContain('"501"');
    expect(await t.get(LedgerRepository).digest(villageId)).toEqual(before);
  });

  it('makeVoucher checks the chart it is built for', () => {
    expect(() => makeVoucher('2026-03-01', 'x', [dr('102', 1n), cr('522', 1n)])).toThrow(ValidationError);
    expect(() => makeVoucher('2026-03-01', 'x', [dr('102', 1n), cr('501', 1n)], 'village')).toThrow(ValidationError);
  });

  it('posts a village voucher by the village chart into the village book, chained from genesis', async () => {
    const [posted] = await post(villageId, buildVillageDeclaration({ projectCode, year: 2025, date: '2026-03-31', amount: 123456n }));
    expect(posted.sequence).toBe(1);
    expect(posted.projectCode).toBe((await t.db.query('SELECT code FROM village WHERE id = $1', [villageId]))[0].code);
    expect(posted.lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
      [`112-${projectCode}`, 123456n, 0n],
      ['502', 0n, 123456n],
    ]);
    const [book] = await t.db.query('SELECT kind, village_id, project_id FROM book WHERE id = $1', [villageId]);
    expect(book).toEqual({ kind: 'village', village_id: villageId, project_id: null });
  });

  it('the database keeps a book id its owner’s: a village book under another id is refused', async () => {
    await expect(
      t.db.query(
        `INSERT INTO book (id, kind, village_id, opened_on, opened_by) VALUES (gen_random_uuid(), 'village', $1, '2025-01-01', 'x')`,
        [villageId],
      ),
    ).rejects.toThrow();
  });
});
