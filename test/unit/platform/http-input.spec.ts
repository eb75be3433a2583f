import 'reflect-metadata';
import { ArgumentsHost, BadRequestException, ForbiddenException, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { ConflictError, ValidationError } from '../../../src/core/errors';
import type { Refusal, RefusalAudit } from '../../../src/platform/audit/refusal-audit';
import { isDatabaseUnavailable } from '../../../src/platform/http/database-unavailable';
import { HttpExceptionFilter } from '../../../src/platform/http/http-exception.filter';
import { jsonDepthExceeds, MAX_JSON_DEPTH, scanJson } from '../../../src/platform/http/raw-input';
import { unsafeInputIssue } from '../../../src/platform/http/unsafe-input';
import { instantIssue, yearIssue } from '../../../src/platform/http/validators';

const bytes = (s: string) => Buffer.from(s, 'utf8');

describe('JSON depth, scanned on the raw bytes', () => {
  it('counts arrays and objects, and skips brackets inside strings and after escapes', () => {
    expect(jsonDepthExceeds(bytes('[[[]]]'), 3)).toBe(false);
    expect(jsonDepthExceeds(bytes('[[[[]]]]'), 3)).toBe(true);
    expect(jsonDepthExceeds(bytes('{"a":{"b":[1]}}'), 3)).toBe(false);
    expect(jsonDepthExceeds(bytes('{"a":{"b":[{}]}}'), 3)).toBe(true);
    expect(jsonDepthExceeds(bytes(JSON.stringify({ a: '[[[[[[{{{{{' })), 1)).toBe(false);
    expect(jsonDepthExceeds(bytes(JSON.stringify({ a: 'quote \\" [[[[[ \\\\' })), 1)).toBe(false);
    expect(jsonDepthExceeds(bytes('['.repeat(10_000) + ']'.repeat(10_000)), MAX_JSON_DEPTH)).toBe(true);
    expect(jsonDepthExceeds(bytes('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH)), MAX_JSON_DEPTH)).toBe(false);
  });
});

describe('values no field may hold', () => {
  it.each([
    [{ name: 'a\u0000b' }, 'name', /NUL/],
    [{ name: '\ud800' }, 'name', /落单的 UTF-16 代理项/],
    [{ name: 'x\udc00' }, 'name', /代理项/],
    [{ policy: { deductions: [{ name: '\udfff\ud800' }] } }, 'policy.deductions[0].name', /代理项/],
    [JSON.parse('{"__proto__":{"admin":true}}'), '__proto__', /不认识的字段/],
    [{ nested: JSON.parse('{"__proto__":1}') }, 'nested.__proto__', /不认识的字段/],
    [{ constructor: { prototype: {} } }, 'constructor', /不认识的字段/],
    [{ jobs: 1e300 }, 'jobs', /9007199254740991/],
    [JSON.parse('{"mushroomLogs":9007199254740993}'), 'mushroomLogs', /丢失位数/],
    [{ n: -1e308 }, 'n', /绝对值/],
    [{ ['k\u0000']: 1 }, 'body', /字段名/],
  ])('refuses %j at %s', (value, field, message) => {
    const issue = unsafeInputIssue(value);
    expect(issue?.field).toBe(field);
    expect(issue?.message).toMatch(message);
  });

  it('accepts ordinary text, pairs of surrogates, safe integers and fractions', () => {
    expect(unsafeInputIssue({ name: '程壁村 😀', n: Number.MAX_SAFE_INTEGER, f: 0.06, list: [1, 'a', null, true] })).toBeNull();
    expect(unsafeInputIssue('text', 'id')).toBeNull();
    expect(unsafeInputIssue('a\u0000', 'id')).toEqual({ field: 'id', message: expect.stringContaining('NUL') });
  });

  it('walks a long body without recursion', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 50_000; i++) deep = [deep];
    const field = unsafeInputIssue(deep)?.field ?? '';
    expect([field.startsWith('body[0][0]'), field.length]).toEqual([true, 'body'.length + 50_000 * 3]);
  });
});

describe('years and instants', () => {
  it('says one thing about a year', () => {
    expect(yearIssue(undefined)).toBe('必填');
    expect(yearIssue('2025')).toBe('须为整数年份，例如 2025');
    expect(yearIssue(2025.5)).toBe('须为整数年份，例如 2025');
    expect(yearIssue(2147483648)).toBe('须在 1900 到 9999 之间');
    expect(yearIssue(2025)).toBeNull();
  });

  it('takes dates and ISO instants PostgreSQL reads, and explains the others', () => {
    for (const ok of ['2025-01-31', '2025-01-31T08:00', '2025-01-31T08:00:00Z', '2025-01-31T08:00:00.123+08:00'])
      expect(instantIssue(ok)).toBeNull();
    expect(instantIssue('2025-02-30')).toContain('2025-02-30');
    expect(instantIssue('2025-01-31T24:00')).toMatch(/不是有效的时刻/);
    expect(instantIssue('2025-01-31T08:00+15:00')).toMatch(/不是有效的时刻/);
    expect(instantIssue('yesterday')).toMatch(/须为日期（例如 2025-01-31）/);
    expect(instantIssue(5)).toMatch(/须为日期/);
  });
});

describe('database outages', () => {
  const aggregate = Object.assign(
    new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })]),
    {
      code: 'ECONNREFUSED',
    },
  );
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['both addresses refused (AggregateError)', aggregate],
    ['a reset connection', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['an administrator shutdown (57P01), wrapped by TypeORM', { name: 'QueryFailedError', driverError: { code: '57P01' } }],
    ['a server starting or stopping (57P03)', { code: '57P03', message: 'the database system is shutting down' }],
    ['a connection exception (08006)', { code: '08006' }],
    ['a connection terminated under a query', new Error('Connection terminated unexpectedly')],
    ['a pool that gave no connection in time', new Error('timeout exceeded when trying to connect')],
    ['a cause chain', new Error('query failed', { cause: new Error('Connection terminated due to connection timeout') })],
  ])('recognises %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', { code: '23505' }],
    ['bad input', { code: '22P02' }],
    ['a plain error', new Error('boom')],
    ['nothing', undefined],
  ])('does not take %s for an outage', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('the exception filter', () => {
  function run(exception: unknown, recorded: Refusal[] = []) {
    const sent: { status?: number; body?: Record<string, unknown>; headers: Record<string, string> } = { headers: {} };
    const res = {
      headersSent: false,
      setHeader: (name: string, value: string) => (sent.headers[name] = value),
      status(code: number) {
        sent.status = code;
        return this;
      },
      json: (body: Record<string, unknown>) => (sent.body = body),
    };
    const req = {
      method: 'POST',
      originalUrl: '/api/projects/p1/runs?x=1',
      ip: '10.0.0.9',
      actor: { userId: 'u1', login: 'kuaiji', role: 'accountant', villageId: null },
      header: () => undefined,
    };
    const host = { switchToHttp: () => ({ getResponse: () => res, getRequest: () => req }) } as unknown as ArgumentsHost;
    const audit = { record: async (r: Refusal) => void recorded.push(r) } as unknown as RefusalAudit;
    return { done: new HttpExceptionFilter(audit).catch(exception, host), sent, recorded };
  }

  it('answers an unreachable database with 503, Retry-After and a Chinese message', async () => {
    const { done, sent } = run(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    await done;
    expect(sent.status).toBe(503);
    expect(sent.headers['Retry-After']).toBe('5');
    expect(sent.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', message: '数据库暂时不可用，请稍后重试' });
    expect(typeof sent.body?.requestId).toBe('string');
  });

  it.each([
    [new UnauthorizedException('missing or invalid bearer token'), 401],
    [new ForbiddenException('not allowed'), 403],
    [new ConflictError('the year is closed', 'year'), 409],
  ])('records a refusal (%s) through RefusalAudit before answering', async (exception, status) => {
    const { done, sent, recorded } = run(exception);
    await done;
    expect(sent.status).toBe(status);
    expect(recorded).toEqual([
      {
        status,
        method: 'POST',
        path: '/api/projects/p1/runs',
        ip: '10.0.0.9',
        requestId: sent.body?.requestId,
        actor: expect.objectContaining({ userId: 'u1' }),
        message: sent.body?.message,
      },
    ]);
  });

  it.each([
    [new BadRequestException('bad'), 400],
    [ValidationError.of('year', 'is required'), 400],
    [new NotFoundException('nothing'), 404],
    [new Error('boom'), 500],
  ])('does not record other answers (%s)', async (exception, status) => {
    const { done, sent, recorded } = run(exception);
    await done;
    expect(sent.status).toBe(status);
    expect(recorded).toEqual([]);
  });
});

describe('the raw scan flags what the parsed body must be walked for', () => {
  it.each([
    ['{"name":"a\\u0000b"}', true],
    ['{"name":"\\ud800"}', true],
    ['{"name":"\\ud83d\\ude00"}', true],
    ['{"\\u005f_proto__":{}}', true],
    ['{"__proto__":{}}', true],
    ['{"constructor":1}', true],
    ['{"n":9007199254740993}', true],
    ['{"n":1e300}', true],
    ['{"n":-1.5E+3}', true],
    ['{"name":"程壁村","n":2147483648,"ok":true,"f":false,"x":null,"r":"0.06","list":[1,2.5]}', false],
    ['{"text":"quote \\" and \\\\ and 1e300 and \\"__proto__\\""}', false],
    ['{"name":"\\u4e2d\\n"}', false],
  ])('%s → %s', (text, suspicious) => {
    expect(scanJson(bytes(text), MAX_JSON_DEPTH)).toEqual({ tooDeep: false, suspicious });
  });
});
