/**
 * Every error the API returns, in Chinese, with a stable code (issue 10, "In Chinese"): error bodies sampled from many
 * routes (bad input, unknown ids and routes, clashes, no or a bad token, a role refused, bodies refused before any
 * route) each carry a `code` of upper-case words, and a `message` (and each `errors[].message`) that holds Chinese
 * and no English word of three or more letters, but for identifiers and codes in quotes.
 */
import type { Response } from 'supertest';
import { createTestApp, SignedInUser, TestApp, uniqueCode } from '../support/test-app';

/** The English words of a message, outside quotes ("…", 「…」); ids and upper-case words (UUID, JSON, codes) are identifiers. */
function englishWords(message: string): string[] {
  const unquoted = message
    .replace(/"(?:[^"\\]|\\.)*"/g, ' ')
    .replace(/「[^」]*」/g, ' ')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ' ');
  return (unquoted.match(/[A-Za-z]+/g) ?? []).filter((w) => w.length >= 3 && /[a-z]/.test(w));
}

const CJK = /[\u4e00-\u9fff]/;

describe('error bodies: a code and Chinese words, on every route', () => {
  let t: TestApp;
  let treasurer: SignedInUser;
  let admin: SignedInUser;
  let projectId: string;
  let villageId: string;
  /** Upper-case codes: a code echoed in a message reads as an identifier. */
  const villageCode = uniqueCode('V').toUpperCase();
  const townshipCode = uniqueCode('T').toUpperCase();
  const samples: Array<{ name: string; res: Response }> = [];

  beforeAll(async () => {
    t = await createTestApp();
    await t.http().post('/api/townships').send({ code: townshipCode, name: '韩洪乡' }).expect(201);
    villageId = (await t.http().post('/api/villages').send({ code: villageCode, name: '程壁村' }).expect(201)).body.id;
    projectId = (
      await t
        .http()
        .post('/api/projects')
        .send({ code: uniqueCode('P').toUpperCase(), name: '园区', startDate: '2024-04-15' })
        .expect(201)
    ).body.id;
    await t.http().post(`/api/projects/${projectId}/villages`).send({ villageCode }).expect(201);
    treasurer = await t.signIn('treasurer', villageCode);
    admin = await t.signIn('admin');

    const base = `/api/projects/${projectId}`;
    const unknownId = '3f6c2a1e-5b7d-4c8e-9f01-23456789abcd';
    const cases: Array<[string, () => Promise<Response>, number]> = [
      ['a village with bad fields', () => t.http().post('/api/villages').send({ code: 'V 1', name: 5, shares: '1' }), 400],
      ['a township with nothing', () => t.http().post('/api/townships').send({}), 400],
      ['a null name', () => t.http().patch(`/api/villages/${villageId}`).send({ name: null }), 400],
      ['a page out of range', () => t.http().get('/api/villages?page=0&pageSize=abc'), 400],
      ['a filter id that is not one', () => t.http().get('/api/villages?townshipId=T01'), 400],
      [
        'a capital event with a bad date, amount and kind',
        () => t.http().post(`${base}/capital-events`).send({ villageCode, date: '2025-02-30', amount: '1.234', kind: 'gold' }),
        400,
      ],
      [
        'a capital event of an unknown village',
        () => t.http().post(`${base}/capital-events`).send({ villageCode: 'NOPE', date: '2025-01-01', amount: '1.00', kind: 'cash' }),
        400,
      ],
      [
        'a payment with a number for money',
        () => t.http().post(`${base}/payments`).send({ villageCode, date: '2026-01-01', amount: 5, bankReference: '' }),
        400,
      ],
      [
        'a result with overlong integers',
        () => t.http().post(`${base}/results`).send({ year: 2025, revenue: '1.00', costs: '-1', jobs: 2147483648 }),
        400,
      ],
      ['a run without a year', () => t.http().post(`${base}/runs`).send({}), 400],
      ['a year in a path beyond the books', () => t.http().get(`${base}/results/99999`), 400],
      [
        'a policy that breaks the rulebook',
        () =>
          t
            .http()
            .post(`${base}/policies`)
            .send({ effectiveFromYear: 2025, policy: { guaranteed: { type: 'x' }, deductions: [{ code: 'r', rate: '2' }] } }),
        400,
      ],
      [
        'a preview of a broken scenario',
        () =>
          t
            .http()
            .post('/api/distributions/preview')
            .send({ year: 'x', villages: [{ code: '' }], contributions: [{}] }),
        400,
      ],
      [
        'a user with a bad login and role',
        () => admin.http().post('/api/users').send({ login: 'A B', displayName: '张', role: 'boss' }),
        400,
      ],
      ['a login with a number', () => t.anonymous().post('/api/auth/login').send({ login: 1, password: 'x' }), 400],
      ['a short new password', () => t.http().post('/api/auth/password').send({ currentPassword: 'x', newPassword: 'short' }), 400],
      [
        'a bad Idempotency-Key',
        () =>
          t
            .http()
            .post(`${base}/payments`)
            .set('Idempotency-Key', 'a b')
            .send({ villageCode, date: '2025-01-01', amount: '1.00', bankReference: 'X' }),
        400,
      ],
      ['an audit filter with a malformed date', () => admin.http().get('/api/audit?to=yesterday'), 400],
      ['text that is not JSON', () => t.http().post('/api/villages').set('content-type', 'application/json').send('{"code":'), 400],
      ['a URL that is not UTF-8', () => t.http().get('/api/villages/%FF'), 400],
      [
        'a NUL in a name',
        () =>
          t
            .http()
            .post('/api/townships')
            .send({ code: uniqueCode('T'), name: 'a\u0000b' }),
        400,
      ],
      [
        'a body in another charset',
        () => t.http().post('/api/villages').set('content-type', 'application/json; charset=latin1').send('{}'),
        415,
      ],
      ['an unknown village', () => t.http().get(`/api/villages/${unknownId}`), 404],
      ['an unknown project', () => t.http().get(`/api/projects/${unknownId}`), 404],
      ['an unknown result', () => t.http().get(`${base}/results/2025`), 404],
      ['an unknown route', () => t.http().get('/api/nowhere/to/go'), 404],
      ['a code where an id belongs', () => t.http().get(`/api/villages/${villageCode}/statement`), 404],
      ['a duplicate township code', () => t.http().post('/api/townships').send({ code: townshipCode, name: '乡' }), 409],
      ['a village taking part twice', () => t.http().post(`${base}/villages`).send({ villageCode }), 409],
      [
        'removing a participant with capital',
        async () => {
          await t
            .http()
            .post(`${base}/capital-events`)
            .send({ villageCode, date: '2024-05-01', amount: '100.00', kind: 'cash' })
            .expect(201);
          return t.http().delete(`${base}/villages/${villageId}`);
        },
        409,
      ],
      ['no token', () => t.anonymous().get('/api/villages'), 401],
      ['a bad token', () => t.anonymous().get('/api/villages').set('Authorization', 'Bearer not.a.token'), 401],
      ['a wrong password', () => t.anonymous().post('/api/auth/login').send({ login: 'nobody-here', password: 'wrong-password' }), 401],
      [
        'a treasurer writing records',
        () =>
          treasurer
            .http()
            .post('/api/villages')
            .send({ code: uniqueCode('V'), name: '村' }),
        403,
      ],
      ['the admin moving money', () => admin.http().post(`${base}/runs`).send({ year: 2025 }), 403],
      ['a treasurer reading users', () => treasurer.http().get('/api/users'), 403],
    ];
    for (const [name, send, status] of cases) {
      const res = await send();
      expect([name, res.status]).toEqual([name, status]);
      samples.push({ name, res });
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives every error a stable code of upper-case words, in the one shape', () => {
    for (const { name, res } of samples) {
      expect([name, res.body.code]).toEqual([name, expect.stringMatching(/^[A-Z_]+$/)]);
      expect([name, Object.keys(res.body).filter((k) => k !== 'errors')]).toEqual([
        name,
        ['statusCode', 'error', 'code', 'message', 'requestId'],
      ]);
      expect(res.body.statusCode).toBe(res.status);
    }
  });

  it('says every message in Chinese, with no English word outside quotes', () => {
    for (const { name, res } of samples) {
      const messages: string[] = [res.body.message, ...(res.body.errors ?? []).map((e: { message: string }) => e.message)];
      for (const m of messages) {
        expect([name, m, CJK.test(m)]).toEqual([name, m, true]);
        expect([name, m, englishWords(m)]).toEqual([name, m, []]);
      }
    }
  });

  it('names each field as people know it, and keeps the machine path in errors[].field', () => {
    const issues = (name: string) => samples.find((s) => s.name === name)!.res.body.errors;
    expect(issues('a capital event with a bad date, amount and kind')).toEqual(
      expect.arrayContaining([
        { field: 'date', message: '出资日期：2025-02-30 不是有效日期（2025-02 只有 28 天）' },
        { field: 'amount', message: expect.stringMatching(/^出资金额："1\.234"：最多两位小数/) },
        { field: 'kind', message: '出资方式：须为 "cash"、"asset" 之一' },
      ]),
    );
    expect(issues('a village with bad fields')).toEqual(
      expect.arrayContaining([
        { field: 'shares', message: '"shares"：不认识的字段' },
        { field: 'name', message: '村名称：须为字符串' },
        { field: 'code', message: expect.stringMatching(/^村代码："V 1" 不是有效代码/) },
      ]),
    );
    expect(issues('a payment with a number for money')).toEqual(
      expect.arrayContaining([
        { field: 'amount', message: expect.stringMatching(/^支付金额：须写成带引号的金额字符串/) },
        { field: 'bankReference', message: '银行流水号：不能为空' },
      ]),
    );
    expect(issues('a preview of a broken scenario')).toEqual(
      expect.arrayContaining([
        { field: 'villages[0].code', message: expect.stringMatching(/^第 1 个村的代码：/) },
        { field: 'contributions[0].amount', message: '第 1 笔出资的金额：必填' },
      ]),
    );
    expect(issues('a run without a year')).toEqual([{ field: 'year', message: '年度：必填' }]);
  });

  it('codes what clients may act on', () => {
    const code = (name: string) => samples.find((s) => s.name === name)!.res.body.code;
    expect(code('a village with bad fields')).toBe('VALIDATION_FAILED');
    expect(code('a capital event of an unknown village')).toBe('UNKNOWN_VILLAGE');
    expect(code('text that is not JSON')).toBe('BAD_JSON');
    expect(code('a body in another charset')).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(code('an unknown village')).toBe('NOT_FOUND');
    expect(code('an unknown route')).toBe('ROUTE_NOT_FOUND');
    expect(code('a code where an id belongs')).toBe('ID_EXPECTED');
    expect(code('a duplicate township code')).toBe('CODE_TAKEN');
    expect(code('a village taking part twice')).toBe('ALREADY_PARTICIPANT');
    expect(code('removing a participant with capital')).toBe('HAS_CAPITAL_EVENTS');
    expect(code('no token')).toBe('UNAUTHORIZED');
    expect(code('the admin moving money')).toBe('FORBIDDEN');
    expect(samples.find((s) => s.name === 'an unknown route')!.res.body.message).toBe('没有这个接口："GET /api/nowhere/to/go"');
  });
});
