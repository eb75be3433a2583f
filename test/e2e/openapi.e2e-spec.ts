import type { Response } from 'supertest';
import { buildPark, fixture } from './ledger.fixture';
import {
  disagreements,
  isDescriptive,
  OpenApiDocument as Document,
  Operation,
  operationOf,
  resolve,
  Schema,
} from '../support/openapi-schema';
import { createTestApp, TEST_PASSWORD, TestApp, uniqueCode } from '../support/test-app';

/**
 * The OpenAPI document (/api/docs-json) as clients read it: a Chinese summary and a documented success for every
 * operation, the one error shape on every refusal, sign-in required everywhere but on login and health, and
 * examples that the API itself accepts (examples of request DTOs: test/unit/platform/dto-examples.spec.ts).
 * Every success answer has a schema that says what it holds (a response class of `src/<feature>/<feature>.responses.ts`),
 * and real answers of every kind are checked against it: each required property there, none undocumented.
 */
const PUBLIC = new Set(['POST /api/auth/login', 'GET /api/health']);
const CJK = /[\u4e00-\u9fff]/;
const ERROR_REF = '#/components/schemas/ErrorBody';

describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: Document;
  let operations: Array<{ name: string; op: Operation }>;

  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.anonymous().get('/api/docs-json').expect(200)).body;
    operations = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists the operations', () => {
    expect(operations.length).toBeGreaterThan(50);
    for (const name of PUBLIC) expect(operations.map((o) => o.name)).toContain(name);
  });

  it('gives every operation a summary in Chinese, each different', () => {
    const missing = operations.filter(({ op }) => !CJK.test(op.summary ?? '')).map((o) => o.name);
    expect(missing).toEqual([]);
    const summaries = operations.map(({ op }) => op.summary);
    expect(new Set(summaries).size).toBe(summaries.length);
  });

  it('documents a success answer, described in Chinese, with its schema (but for 204), on every operation', () => {
    const wrong: string[] = [];
    for (const { name, op } of operations) {
      const successes = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
      if (!successes.length) wrong.push(`${name}: no 2xx documented`);
      for (const [status, r] of successes) {
        if (!CJK.test(r.description ?? '')) wrong.push(`${name} ${status}: no Chinese description`);
        const media = Object.keys(r.content ?? {});
        const download = media.length > 0 && !media.includes('application/json'); // a file (PDF, XLSX, CSV, text)
        if (status !== '204' && !download && !r.content?.['application/json']?.schema) wrong.push(`${name} ${status}: no schema`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('documents pages as pages', () => {
    const page = doc.paths['/api/villages'].get.responses['200'].content!['application/json'].schema!;
    expect(page.required).toEqual(['items', 'total', 'page', 'pageSize']);
    expect(page.properties!.items.type).toBe('array');
  });

  it('documents the error shape, with a Chinese message, a stable code and the fields', () => {
    const schema = doc.components.schemas.ErrorBody;
    expect(Object.keys(schema.properties ?? {}).sort()).toEqual(['code', 'error', 'errors', 'message', 'requestId', 'statusCode']);
    expect(schema.required?.sort()).toEqual(['code', 'error', 'message', 'requestId', 'statusCode']);
    const issue = schema.properties!.errors.items!;
    const issueSchema = issue.$ref ? doc.components.schemas[issue.$ref.split('/').pop()!] : issue;
    expect(Object.keys(issueSchema.properties ?? {}).sort()).toEqual(['field', 'message']);
  });

  it('refers every 4xx answer of every operation to the error shape', () => {
    const wrong: string[] = [];
    for (const { name, op } of operations) {
      const errors = Object.entries(op.responses).filter(([status]) => /^4\d\d$/.test(status));
      // Health answers 200 or 503 and nothing else.
      if (!errors.length && name !== 'GET /api/health') wrong.push(`${name}: no 4xx documented`);
      for (const [status, r] of errors) {
        if (r.content?.['application/json']?.schema?.$ref !== ERROR_REF) wrong.push(`${name} ${status}`);
        if (!CJK.test(r.description ?? '')) wrong.push(`${name} ${status}: no Chinese description`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('asks for a bearer token, and documents 401 and 403, on every operation but login and health', () => {
    expect(doc.components.securitySchemes).toHaveProperty('bearer');
    const wrong: string[] = [];
    for (const { name, op } of operations) {
      if (PUBLIC.has(name)) {
        if (op.security?.length) wrong.push(`${name} is public but asks for ${JSON.stringify(op.security)}`);
        continue;
      }
      if (!op.security?.some((s) => 'bearer' in s)) wrong.push(`${name}: no bearer security`);
      for (const status of ['401', '403']) if (!op.responses[status]) wrong.push(`${name}: no ${status}`);
    }
    expect(wrong).toEqual([]);
    expect(doc.paths['/api/auth/login'].post.security).toEqual([]);
  });

  it('answers refusals in the documented shape: 400, 401, 404', async () => {
    const login = doc.paths['/api/auth/login'].post;
    expect(resolve(doc, login.responses['200'].content!['application/json'].schema!).properties).toHaveProperty('accessToken');
    expect(login.responses['401'].content?.['application/json']?.schema?.$ref).toBe(ERROR_REF);
    const shape = doc.components.schemas.ErrorBody;
    const refusals = [
      await t.http().post('/api/townships').send({ code: '', name: 'x', extra: 1 }).expect(400),
      await t.anonymous().get('/api/townships').expect(401),
      await t.http().get('/api/townships/00000000-0000-4000-8000-000000000000').expect(404),
    ];
    for (const { body } of refusals) {
      expect(Object.keys(body).filter((k) => !(k in shape.properties!))).toEqual([]);
      for (const k of shape.required!) expect(body).toHaveProperty(k);
      expect(body.message).toMatch(CJK);
      expect(body.code).toMatch(/^[A-Z][A-Z_]*$/);
    }
    expect(refusals[0].body.errors.length).toBeGreaterThan(0);
  });

  it('gives every success answer a schema that says what it holds (204 and file downloads aside)', () => {
    const vague: string[] = [];
    for (const { name, op } of operations) {
      for (const [status, r] of Object.entries(op.responses)) {
        if (!/^2\d\d$/.test(status) || status === '204') continue;
        const media = Object.keys(r.content ?? {});
        if (media.length && !media.includes('application/json')) continue; // a file download (PDF, XLSX, CSV)
        const schema = r.content?.['application/json']?.schema;
        if (!schema || !isDescriptive(doc, schema)) vague.push(`${name} ${status}`);
      }
    }
    expect(vague).toEqual([]);
  });

  it('documents the answers as they are: real answers of every kind checked against their schemas', async () => {
    const answers: Response[] = [];
    /** Keeps an answer for the check; the walk below only makes sure each step succeeded. */
    const keep = async (req: PromiseLike<Response>, status: number): Promise<Response> => {
      const res = await req;
      expect([res.status, res.body?.message]).toEqual([status, undefined]);
      answers.push(res);
      return res;
    };
    const http = () => t.http();
    const checker = await t.signIn('accountant');
    const admin = await t.signIn('admin');
    const auditor = await t.signIn('auditor');

    // Records.
    const township = (
      await keep(
        http()
          .post('/api/townships')
          .send({ code: uniqueCode('T'), name: '韩洪乡' }),
        201,
      )
    ).body;
    await keep(http().get('/api/townships').query({ q: township.code }), 200);
    await keep(http().get(`/api/townships/${township.id}`), 200);
    await keep(http().patch(`/api/townships/${township.id}`).send({ name: '韩洪镇' }), 200);
    const village = (
      await keep(
        http()
          .post('/api/villages')
          .send({ code: uniqueCode('V'), name: '程壁村', townshipCode: township.code }),
        201,
      )
    ).body;
    await keep(http().get('/api/villages').query({ pageSize: 3 }), 200);
    await keep(http().get(`/api/villages/${village.id}`), 200);
    await keep(http().patch(`/api/villages/${village.id}`).send({ name: '程壁村委会' }), 200);

    const other = (
      await keep(
        http()
          .post('/api/projects')
          .send({ code: uniqueCode('P'), name: '二期', startDate: '2024-01-01' }),
        201,
      )
    ).body;
    await keep(http().post(`/api/projects/${other.id}/villages`).send({ villageCode: village.code }), 201);
    const contribution = { villageCode: village.code, date: '2024-04-15', amount: '500000.00', kind: 'cash', fundSource: '衔接资金' };
    await keep(http().post(`/api/projects/${other.id}/capital-events`).send(contribution), 201);
    const rate = { guaranteed: { type: 'rate', rate: '0.06' } };
    await keep(http().post(`/api/projects/${other.id}/policies`).send({ effectiveFromYear: 2024, policy: rate }), 201);

    // A project with six villages, capital and a policy (scenario 05a), then its money.
    const park = await buildPark(t);
    const base = `/api/projects/${park.projectId}`;
    const treasurer = await t.signIn('treasurer', park.villages[0].code);
    await keep(http().get('/api/projects').query({ pageSize: 3 }), 200);
    await keep(http().get(`/api/projects/${park.projectId}`), 200);
    await keep(http().patch(`/api/projects/${park.projectId}`).send({ phase: '一期', townshipCode: township.code }), 200);
    await keep(http().post(`${base}/villages`).send({ villageCode: village.code, joinedOn: '2024-05-01' }), 201);
    await keep(http().get(`${base}/villages`), 200);
    const events = await keep(http().get(`${base}/capital-events`).query({ pageSize: 2 }), 200);
    await keep(http().get(`${base}/capital-events/${events.body.items[0].id}`), 200);
    await keep(http().patch(`${base}/capital-events/${events.body.items[0].id}`).send({ memo: '出资协议第 3 条' }), 200);
    await keep(http().post(`${base}/results`).send({ year: 2024, revenue: '980000.00', costs: '1100000.00', jobs: 12 }), 201);
    await keep(http().get(`${base}/results`), 200);
    await keep(http().patch(`${base}/results/2024`).send({ memo: '经审计' }), 200);
    await keep(http().get(`${base}/results/2024`), 200);
    const policies = await keep(http().get(`${base}/policies`), 200);
    await keep(http().get(`${base}/policies/in-force`).query({ year: 2024 }), 200);
    await keep(http().put(`${base}/policies/2024`).send({ policy: policies.body[0].document, memo: '联席会议决议' }), 200);
    await keep(http().get(`${base}/policies/2024`), 200);
    await keep(http().get(`${base}/distributions/scenario`).query({ year: 2024 }), 200);
    await keep(http().get(`${base}/distributions/preview`).query({ year: 2024 }), 200);
    await keep(http().post('/api/distributions/preview').send(fixture('05a-carry-forward-loss-2024.json')), 200);

    const run = (await keep(http().post(`${base}/runs`).send({ year: 2024 }), 201)).body;
    await keep(checker.http().post(`${base}/runs/${run.id}/approve`), 200);
    await keep(checker.http().post(`${base}/runs/${run.id}/post`).send({ date: '2025-03-31' }), 200);
    await keep(http().get(`${base}/runs`), 200);
    await keep(http().get(`${base}/runs/${run.id}`), 200);
    await keep(http().get(`${base}/runs/${run.id}/recompute`), 200);
    const pay = { villageCode: park.villages[0].code, amount: '0.14', date: '2025-04-02', bankReference: uniqueCode('B') };
    const payment = (await keep(http().post(`${base}/payments`).send(pay), 201)).body;
    // The same bank reference again: recorded, with a warning.
    const again = await keep(
      http()
        .post(`${base}/payments`)
        .send({ ...pay, villageCode: park.villages[1].code, amount: '0.01' }),
      201,
    );
    expect(again.body.warnings).toHaveLength(1);
    await keep(http().post(`${base}/payments/${again.body.id}/reverse`).send({ date: '2025-04-03' }), 200);
    await keep(http().get(`${base}/payments`), 200);
    await keep(http().get(`${base}/payments/${payment.id}`), 200);
    await keep(http().get(`${base}/operator-payments`), 200);
    await keep(http().get(`${base}/ledger/vouchers`).query({ pageSize: 5 }), 200);
    await keep(http().get(`${base}/ledger/verify`), 200);
    await keep(http().get(`${base}/reports/trial-balance`).query({ asOf: '2025-12-31' }), 200);
    await keep(http().get(`${base}/runs/${run.id}/statement`).query({ asOf: '2025-12-31' }), 200);
    await keep(http().get(`/api/villages/${park.villages[0].id}/statement`).query({ asOf: '2025-12-31' }), 200);
    await keep(http().post(`${base}/years/2024/close`), 200);
    await keep(http().post(`${base}/years/2024/reopen`), 200);
    await keep(checker.http().post(`${base}/years/2024/reopen/approve`), 200);

    // What a treasurer sees: their own village's lines, and a note saying so.
    for (const url of [
      `${base}/runs/${run.id}`,
      `${base}/runs/${run.id}/recompute`,
      `${base}/runs/${run.id}/statement`,
      `${base}/ledger/vouchers`,
      `${base}/ledger/verify`,
      `${base}/reports/trial-balance`,
      `${base}/distributions/scenario?year=2024`,
      `${base}/distributions/preview?year=2024`,
      `${base}/villages`,
      `${base}/policies`,
      `${base}/payments`,
    ]) {
      await keep(treasurer.http().get(url), 200);
    }

    // Users, sign-in, the audit trail.
    const user = (
      await keep(
        admin
          .http()
          .post('/api/users')
          .send({ login: uniqueCode('u').toLowerCase(), displayName: '李报账', role: 'auditor' }),
        201,
      )
    ).body;
    expect(user.initialPassword).toEqual(expect.any(String));
    await keep(admin.http().get('/api/users').query({ pageSize: 3 }), 200);
    await keep(admin.http().get(`/api/users/${user.id}`), 200);
    await keep(admin.http().patch(`/api/users/${user.id}`).send({ displayName: '李审计' }), 200);
    await keep(admin.http().post(`/api/users/${user.id}/reset-password`), 200);
    await keep(t.anonymous().post('/api/auth/login').send({ login: auditor.login, password: TEST_PASSWORD }), 200);
    await keep(auditor.http().get('/api/auth/me'), 200);
    await keep(auditor.http().get('/api/audit').query({ pageSize: 5 }), 200);
    await keep(auditor.http().get('/api/audit/verify'), 200);
    await keep(t.anonymous().get('/api/health'), 200);

    const wrong: string[] = [];
    const checked = new Set<string>();
    for (const res of answers) {
      const { method, path } = (res as unknown as { req: { method: string; path: string } }).req;
      const found = operationOf(doc, method, path);
      if (!found) {
        wrong.push(`${method} ${path}: no operation in the document`);
        continue;
      }
      const name = `${method} ${found.path}`;
      checked.add(name);
      const schema: Schema | undefined = found.op.responses[String(res.status)]?.content?.['application/json']?.schema;
      if (!schema) wrong.push(`${name} ${res.status}: not documented`);
      else wrong.push(...disagreements(doc, schema, res.body).map((d) => `${name}: ${d}`));
    }
    expect(wrong).toEqual([]);
    // The walk reaches most operations; those it does not are named, for whoever adds the next walk step.
    const unchecked = operations.map((o) => o.name).filter((n) => !checked.has(n));
    console.log(`OpenAPI answers checked: ${answers.length} answers of ${checked.size} operations; not walked: ${unchecked.join(', ')}`);
    expect(checked.size).toBeGreaterThanOrEqual(55);
  });

  it('carries valid examples: the credit code passes its own check', () => {
    const village = doc.components.schemas.CreateVillageDto as Schema & { properties: Record<string, { example?: unknown }> };
    expect(village.properties.creditCode.example).toBe('N2140431MF00000009');
  });
});
