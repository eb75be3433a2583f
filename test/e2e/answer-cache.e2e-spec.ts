/**
 * Issue 14, part 3: report answers cached by database snapshot identity (platform/http/answer-cache.ts). The cluster
 * is shared with other tests, whose commits move every snapshot, so a test that needs a hit reads until it gets one
 * (two requests in a row without a commit anywhere in between); a miss is always allowed, a wrong answer never.
 */
import type { Response } from 'supertest';
import { LedgerRepository } from '../../src/ledger/ledger.repository';
import { FixedClock } from '../../src/platform/clock/clock';
import { ANSWER_CACHE_HEADER } from '../../src/platform/http/answer-cache';
import { createTestApp, SignedInUser, TestApp, uniqueCode } from '../support/test-app';
import { buildPark, Park } from './ledger.fixture';

const TODAY = '2026-06-30';
const HEADER = ANSWER_CACHE_HEADER.toLowerCase();

type Row = { account: string; name: string; closing: { side: string; amount: string } };

describe('answer cache: report answers by snapshot identity', () => {
  const clock = new FixedClock(TODAY);
  let t: TestApp;
  let park: Park;
  let tb: string;

  beforeAll(async () => {
    t = await createTestApp({ clock });
    park = await buildPark(t);
    tb = `/api/projects/${park.projectId}/reports/trial-balance`;
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  /** Reads `path` until an answer comes from the cache (at most 200 reads); returns the hit and the read before it. */
  async function untilHit(user: SignedInUser, path: string): Promise<{ hit: Response; before: Response }> {
    let before = await user.http().get(path).expect(200);
    expect(before.headers[HEADER]).toMatch(/^(hit|miss)$/);
    for (let i = 0; i < 200; i++) {
      const res = await user.http().get(path).expect(200);
      if (res.headers[HEADER] === 'hit') return { hit: res, before };
      before = res;
    }
    throw new Error(`no cache hit in 200 reads of ${path}`);
  }

  const row = (body: { rows: Row[] }, account: string) => body.rows.find((r) => r.account === account);

  it('answers a second read in the same snapshot with the same bytes and headers', async () => {
    const { hit, before } = await untilHit(t.accountant, tb);
    expect(hit.text).toBe(before.text);
    for (const h of ['content-type', 'content-length', 'etag']) expect(hit.headers[h]).toBe(before.headers[h]);
    expect(hit.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(hit.status).toBe(200);
    // The same answer with If-None-Match: 304, as res.json would have answered.
    await t.http().get(tb).set('If-None-Match', hit.headers.etag).expect(304);
  });

  it('a capital event committed between two reads changes the answer, to the fen', async () => {
    const v = park.villages[0];
    const { hit } = await untilHit(t.accountant, tb);
    const was = row(hit.body, `301-${v.code}`)!.closing;
    expect(was.side).toBe('credit');
    await t
      .http()
      .post(`/api/projects/${park.projectId}/capital-events`)
      .send({ villageCode: v.code, date: '2024-06-01', amount: '1234.56', kind: 'cash' })
      .expect(201);
    const after = await t.http().get(tb).expect(200);
    expect(after.headers[HEADER]).toBe('miss');
    const fen = (s: string) => BigInt(s.replace('.', ''));
    expect(fen(row(after.body, `301-${v.code}`)!.closing.amount) - fen(was.amount)).toBe(123456n);
    expect(after.body.digest.sequence).toBe(hit.body.digest.sequence + 1);
  });

  it('a village renamed between two reads is named anew in the next answer', async () => {
    const v = park.villages[1];
    const { hit } = await untilHit(t.accountant, tb);
    const name = `改名村${uniqueCode('N')}`;
    expect(row(hit.body, `211-${v.code}`)?.name ?? row(hit.body, `301-${v.code}`)!.name).not.toContain(name);
    await t.http().patch(`/api/villages/${v.id}`).send({ name }).expect(200);
    const after = await t.http().get(tb).expect(200);
    expect(row(after.body, `301-${v.code}`)!.name).toContain(name);
  });

  it('never gives one treasurer the cached view of another, nor a treasurer the accountant’s', async () => {
    const [a, b] = park.villages;
    const ta = await t.signIn('treasurer', a.code);
    const tbr = await t.signIn('treasurer', b.code);
    const views = [
      { user: t.accountant, own: [a.code, b.code], others: [] as string[], hits: 0 },
      { user: ta, own: [a.code], others: [b.code], hits: 0 },
      { user: tbr, own: [b.code], others: [a.code], hits: 0 },
    ];
    // In turn, mostly in one snapshot: each must get its own cut, from the cache or not, and each gets hits.
    for (let i = 0; i < 200 && views.some((v) => v.hits < 3); i++) {
      for (const v of views) {
        const res = await v.user.http().get(tb).expect(200);
        if (res.headers[HEADER] === 'hit') v.hits++;
        for (const code of v.own) expect(row(res.body, `301-${code}`)).toBeDefined();
        for (const code of v.others) expect(row(res.body, `301-${code}`)).toBeUndefined();
        expect(res.body.redacted === undefined).toBe(v.others.length === 0);
      }
    }
    expect(views.map((v) => v.hits >= 3)).toEqual([true, true, true]);
  });

  it('concurrent reads of one answer wait for the first, and each caller still gets its own view', async () => {
    const [a] = park.villages;
    const ta = await t.signIn('treasurer', a.code);
    const at = `${tb}?periodStart=2024-01-01`;
    const reads = await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 3 === 2 ? ta : t.accountant).http().get(at).expect(200)));
    const whole = reads.filter((_, i) => i % 3 !== 2);
    const cut = reads.filter((_, i) => i % 3 === 2);
    for (const r of whole) expect(r.body.rows).toHaveLength(whole[0].body.rows.length);
    for (const r of whole) expect(r.body.redacted).toBeUndefined();
    for (const r of cut) expect(r.body.redacted).toBeDefined();
    for (const r of cut) expect(r.body.rows.length).toBeLessThan(whole[0].body.rows.length);
    expect(new Set(whole.map((r) => r.body.totals.closingDebit)).size).toBe(1);
  });

  it('asOf omitted: a new day in Beijing is a new answer, even in the same snapshot', async () => {
    try {
      const { hit } = await untilHit(t.accountant, tb);
      expect(hit.body.asOf).toBe(TODAY);
      clock.set('2026-07-01');
      const next = await t.http().get(tb).expect(200);
      expect(next.body.asOf).toBe('2026-07-01');
      expect(next.headers[HEADER]).toBe('miss');
      const again = await untilHit(t.accountant, tb);
      expect(again.hit.body.asOf).toBe('2026-07-01');
    } finally {
      clock.set(TODAY);
    }
  });

  it('a signed-out token gets 401 at its next read, however often its answer was cached', async () => {
    const u = await t.signIn('accountant');
    await untilHit(u, tb);
    await u.http().post('/api/auth/logout').expect(204);
    const res = await u.http().get(tb).expect(401);
    expect(res.headers[HEADER]).toBeUndefined();
    expect(res.body.message).toBe('令牌无效或已过期，请重新登录');
  });

  it('a disabled user gets 401 at the next read, and a user without the read role never gets the cached answer', async () => {
    const u = await t.signIn('accountant');
    const admin = await t.signIn('admin');
    await untilHit(u, tb);
    await admin.http().patch(`/api/users/${u.id}`).send({ enabled: false }).expect(200);
    await u.http().get(tb).expect(401);
    await t.anonymous().get(tb).expect(401);
  });

  it('a commit during a report: the answer is of the report’s one snapshot, and the next read sees the commit', async () => {
    const v = park.villages[2];
    const name = `快照中改名${uniqueCode('S')}`;
    // A URL no earlier read asked for, so that this read computes its answer.
    const at = `${tb}?asOf=${TODAY}`;
    // The rename commits on the owner's connection after the report's snapshot began (before it reads the digest).
    const books = t.app.get(LedgerRepository);
    const digest = books.digest.bind(books);
    const spy = jest.spyOn(books, 'digest').mockImplementationOnce(async (id: string) => {
      await t.db.query('UPDATE village SET name = $1 WHERE id = $2', [name, v.id]);
      return digest(id);
    });
    const during = await t.http().get(at).expect(200);
    expect(spy).toHaveBeenCalled();
    expect(during.headers[HEADER]).toBe('miss');
    expect(row(during.body, `301-${v.code}`)!.name).not.toContain(name);
    const headNow = await t.db.query('SELECT last_sequence AS sequence FROM ledger_head WHERE book_id = $1', [park.projectId]);
    expect(during.body.digest.sequence).toBe(Number(headNow[0].sequence));
    // Every later read's guard sees the rename: never the answer read before it.
    for (let i = 0; i < 5; i++) {
      const later = await t.http().get(at).expect(200);
      expect(row(later.body, `301-${v.code}`)!.name).toContain(name);
    }
    expect((await untilHit(t.accountant, at)).hit.body.rows).toEqual(
      expect.arrayContaining([expect.objectContaining({ account: `301-${v.code}`, name: expect.stringContaining(name) })]),
    );
  });

  it('caches the journal page and a voucher by their URL, and never a document', async () => {
    const journal = `/api/projects/${park.projectId}/ledger/vouchers`;
    const { hit } = await untilHit(t.accountant, `${journal}?pageSize=2`);
    expect(hit.body.items).toHaveLength(2);
    const other = await t.http().get(`${journal}?pageSize=3`).expect(200);
    expect(other.body.items).toHaveLength(3);
    const number = hit.body.items[0].number as string;
    const { hit: voucher } = await untilHit(t.accountant, `${journal}/${number}`);
    expect(voucher.body.number).toBe(number);
    const csv = await t.http().get(`${tb}?format=csv`).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers[HEADER]).toBeUndefined();
    const pdf = await t.http().get(tb).set('Accept', 'application/pdf').expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
  });

  it('a bad query is still a 400 naming the field, cached answers or not', async () => {
    await untilHit(t.accountant, tb);
    const res = await t.http().get(`${tb}?asOf=2026-13-01`).expect(400);
    expect(JSON.stringify(res.body)).toContain('asOf');
  });
});
