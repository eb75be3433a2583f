import { createTestApp, TestApp } from '../support/test-app';

/**
 * The OpenAPI document (/api/docs-json) as clients read it: a Chinese summary and a documented success for every
 * operation, the one error shape on every refusal, sign-in required everywhere but on login and health, and
 * examples that the API itself accepts (examples of request DTOs: test/unit/platform/dto-examples.spec.ts).
 */
interface Operation {
  summary?: string;
  security?: Array<Record<string, string[]>>;
  responses: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
}
interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes?: Record<string, unknown> };
}

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
        if (status !== '204' && !r.content?.['application/json']?.schema) wrong.push(`${name} ${status}: no schema`);
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
    expect(login.responses['200'].content?.['application/json']?.schema?.properties).toHaveProperty('accessToken');
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

  it('carries valid examples: the credit code passes its own check', () => {
    const village = doc.components.schemas.CreateVillageDto as Schema & { properties: Record<string, { example?: unknown }> };
    expect(village.properties.creditCode.example).toBe('N2140431MF00000009');
  });
});
