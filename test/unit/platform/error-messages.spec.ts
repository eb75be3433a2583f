/**
 * Errors in Chinese (issue 10): fields named as people know them, class-validator's English rules replaced by
 * constraint name, and a stable `code` on every error body.
 */
import 'reflect-metadata';
import { ArgumentsHost, BadRequestException, ForbiddenException, HttpException, NotFoundException } from '@nestjs/common';
import { IsBoolean, IsIn, IsNotEmpty, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { ConflictError, NotFoundError, ValidationError } from '../../../src/core/errors';
import { fieldLabel, labelContext, labelled } from '../../../src/platform/http/field-labels';
import { HttpExceptionFilter } from '../../../src/platform/http/http-exception.filter';
import { RawInputError } from '../../../src/platform/http/raw-input';
import { createValidationPipe } from '../../../src/platform/http/validation.pipe';
import { IsIntegerIn, IsMoney, IsOptionalNonNull, IsYear } from '../../../src/platform/http/validators';

describe('field labels', () => {
  it.each([
    ['amount', undefined, '金额'],
    ['date', 'capital', '出资日期'],
    ['date', 'payment', '支付日期'],
    ['date', 'reversal', '冲销日期'],
    ['code', 'village', '村代码'],
    ['bankReference', undefined, '银行流水号'],
    ['Idempotency-Key', undefined, '幂等键'],
    ['contributions[3].amount', undefined, '第 4 笔出资的金额'],
    ['villages[0].code', undefined, '第 1 个村的代码'],
    ['policy.deductions[1].brackets[0].upTo', undefined, '分配方案的第 2 项提取的第 1 档的上限'],
    ['policy.sharing[0].weights.V01', undefined, '分配方案的第 1 个分配项的权重（村 "V01"）'],
    ['result.revenue', undefined, '经营成果的经营收入'],
    ['holdings[2].units', undefined, '第 3 条股权的股数'],
    ['policy.keeps[1].amount', 'memberPolicy', '分配方案的第 2 项提留的金额'],
    ['policy.weights.POP', 'memberPolicy', '分配方案的权重（股种 "POP"）'],
    ['bankAccount', undefined, '银行账号'],
    ['shares', undefined, '"shares"'],
    ['', undefined, '请求体'],
  ] as const)('%s (%s) → %s', (path, context, label) => {
    expect(fieldLabel(path, context)).toBe(label);
  });

  it('takes the context from the route, and only for the top-level field', () => {
    expect(labelContext('/api/projects/p/capital-events/e')).toBe('capital');
    expect(labelContext('/api/projects/p/payments')).toBe('payment');
    expect(labelContext('/api/projects/p/operator-payments/x/reverse')).toBe('reversal');
    expect(labelContext('/api/projects/p/runs/r/post')).toBe('posting');
    expect(labelContext('/api/villages?q=1')).toBe('village');
    expect(labelContext('/api/villages/v/policies/2025')).toBe('memberPolicy');
    expect(labelContext('/api/villages/v/runs/r/payments')).toBe('payment');
    expect(labelContext('/api/projects/p/results')).toBeUndefined();
    expect(fieldLabel('contributions[0].date', 'capital')).toBe('第 1 笔出资的日期');
  });

  it('prefixes a reason with the label once, and names an unknown field as sent', () => {
    expect(labelled('date', '2025-02-30 不是有效日期', 'capital')).toBe('出资日期：2025-02-30 不是有效日期');
    expect(labelled('newPassword', '新密码不能与当前密码相同')).toBe('新密码不能与当前密码相同');
    expect(labelled('code', '不认识的字段', 'township')).toBe('"code"：不认识的字段');
  });
});

class Sample {
  @IsString() @IsNotEmpty() @MaxLength(5) name: string;
  @IsIn(['cash', 'asset']) kind: string;
  @IsUUID() villageId: string;
  @IsBoolean() enabled: boolean;
  @Matches(/^[a-z]+$/) nickname: string;
  @IsMoney() amount: string;
  @IsYear() year: number;
  @IsIntegerIn(0, 10) jobs: number;
  @IsOptionalNonNull() @IsString() memo?: string;
}

describe('the validation pipe in Chinese', () => {
  const pipe = createValidationPipe();
  async function issues(body: Record<string, unknown>): Promise<Array<{ field: string; message: string }>> {
    try {
      await pipe.transform(body, { type: 'body', metatype: Sample, data: '' });
    } catch (e) {
      return ((e as BadRequestException).getResponse() as { errors: Array<{ field: string; message: string }> }).errors;
    }
    throw new Error('accepted');
  }

  it('says each class-validator rule in Chinese, by constraint name', async () => {
    const found = await issues({
      name: 'abcdefg',
      kind: 'gold',
      villageId: 'V01',
      enabled: 'yes',
      nickname: 'A',
      amount: '1.234',
      year: '2025',
      jobs: 11,
      memo: null,
      extra: 1,
    });
    expect(found).toEqual([
      { field: 'extra', message: '不认识的字段' },
      { field: 'name', message: '最多 5 个字符' },
      { field: 'kind', message: '须为 "cash"、"asset" 之一' },
      { field: 'villageId', message: expect.stringMatching(/^须为 id（UUID/) },
      { field: 'enabled', message: '须为 "true" 或 "false"' },
      { field: 'nickname', message: '格式不对' },
      { field: 'amount', message: expect.stringContaining('最多两位小数') },
      { field: 'year', message: '须为整数年份，例如 2025' },
      { field: 'jobs', message: '须为 0 到 10 之间的整数' },
      { field: 'memo', message: expect.stringContaining('不能为 "null"') },
    ]);
    for (const i of found) expect(i.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('says once that a field is missing, or of the wrong type, not once per rule it also breaks', async () => {
    const found = await issues({ kind: 'cash', villageId: '3f6c2a1e-5b7d-4c8e-9f01-23456789abcd', enabled: true, nickname: 'a' });
    expect(found.filter((i) => ['name', 'amount', 'year', 'jobs'].includes(i.field))).toEqual([
      { field: 'name', message: '必填' },
      { field: 'amount', message: '必填' },
      { field: 'year', message: '必填' },
      { field: 'jobs', message: '必填' },
    ]);
    const typed = await issues({ name: 5, kind: 'cash', villageId: '3f6c2a1e-5b7d-4c8e-9f01-23456789abcd', enabled: true, nickname: 'a' });
    expect(typed.filter((i) => i.field === 'name')).toEqual([{ field: 'name', message: '须为字符串' }]);
  });
});

describe('the error body: a code and Chinese words for every error', () => {
  async function answer(exception: unknown, url = '/api/projects/p1/capital-events') {
    const sent: { status?: number; body?: Record<string, unknown> } = {};
    const res = {
      headersSent: false,
      setHeader: () => undefined,
      status(code: number) {
        sent.status = code;
        return this;
      },
      json: (body: Record<string, unknown>) => (sent.body = body),
    };
    const req = { method: 'POST', originalUrl: url, ip: '10.0.0.9', header: () => undefined };
    const host = { switchToHttp: () => ({ getResponse: () => res, getRequest: () => req }) } as unknown as ArgumentsHost;
    await new HttpExceptionFilter().catch(exception, host);
    return sent;
  }

  it('labels each issue of a core ValidationError, keeping the machine path, and joins them in the message', async () => {
    const e = new ValidationError([
      { field: 'date', message: '2025-02-30 不是有效日期（2025-02 只有 28 天）' },
      { field: 'amount', message: '"1.234"：最多两位小数（到分），例如 "500000.00"' },
    ]);
    const { status, body } = await answer(e);
    expect(status).toBe(400);
    expect(body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      code: 'VALIDATION_FAILED',
      message: '出资日期：2025-02-30 不是有效日期（2025-02 只有 28 天）；出资金额："1.234"：最多两位小数（到分），例如 "500000.00"',
      errors: [
        { field: 'date', message: '出资日期：2025-02-30 不是有效日期（2025-02 只有 28 天）' },
        { field: 'amount', message: '出资金额："1.234"：最多两位小数（到分），例如 "500000.00"' },
      ],
    });
    expect(Object.keys(body!)).toEqual(['statusCode', 'error', 'code', 'message', 'errors', 'requestId']);
  });

  it.each([
    [ValidationError.of('villageCode', '没有代码为 "V9" 的村', 'UNKNOWN_VILLAGE'), 400, 'UNKNOWN_VILLAGE', '村代码：没有代码为 "V9" 的村'],
    [new NotFoundError('project', 'x'), 404, 'NOT_FOUND', '项目 x 不存在'],
    [new ConflictError('2024 年度已经结账', 'year', 'YEAR_CLOSED'), 409, 'YEAR_CLOSED', '2024 年度已经结账'],
    [new ConflictError('冲突'), 409, 'CONFLICT', '冲突'],
    [new HttpException('Unauthorized', 401), 401, 'UNAUTHORIZED', '请先登录'],
    [new ForbiddenException('Forbidden resource'), 403, 'FORBIDDEN', '无权执行此操作'],
    [new NotFoundException('Cannot GET /api/nowhere?x=1'), 404, 'ROUTE_NOT_FOUND', '没有这个接口："GET /api/nowhere"'],
    [new NotFoundException({ message: '路径参数 "id" 应为 id', code: 'ID_EXPECTED' }), 404, 'ID_EXPECTED', '路径参数 "id" 应为 id'],
    [
      new HttpException({ message: '密码错误次数太多，请 15 分钟后再试' }, 429),
      429,
      'TOO_MANY_REQUESTS',
      '密码错误次数太多，请 15 分钟后再试',
    ],
    [new HttpException('Payload Too Large', 413), 413, 'PAYLOAD_TOO_LARGE', '请求体太大，超过了允许的大小'],
    [new Error('boom'), 500, 'INTERNAL', expect.stringMatching(/^服务器内部错误/)],
    [
      Object.assign(new Error('duplicate key'), { code: '23505', constraint: 'village_code_key' }),
      409,
      'ALREADY_EXISTS',
      expect.stringMatching(/^记录已存在/),
    ],
    [Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 503, 'DATABASE_UNAVAILABLE', '数据库暂时不可用，请稍后重试'],
  ])('%s → %i %s', async (exception, status, code, message) => {
    const sent = await answer(exception, '/api/villages');
    expect([sent.status, sent.body?.code, sent.body?.message]).toEqual([status, code, message]);
  });

  it.each([
    ['entity.parse.failed', 400, 'BAD_JSON', '请求体不是有效的 JSON'],
    ['entity.too.large', 413, 'PAYLOAD_TOO_LARGE', '请求体太大，超过了允许的大小'],
    ['entity.too.deep', 400, 'BAD_JSON', '请求体中的数组或对象嵌套超过了 64 层'],
    ['entity.encoding.invalid', 400, 'BAD_ENCODING', '请求体不是有效的 UTF-8 文本'],
    ['charset.unsupported', 415, 'UNSUPPORTED_MEDIA_TYPE', '请求体须为 UTF-8 编码的 JSON'],
    ['url.encoding.invalid', 400, 'BAD_URL', '网址中的百分号编码不是有效的 UTF-8'],
  ])('a body or URL refused before any route (%s) → %i %s', async (type, status, code, message) => {
    // As Nest's Express adapter passes them on: an HttpException caused by the http-errors error.
    const cause = new RawInputError(status, type, 'English words from the library');
    const sent = await answer(new HttpException(cause.message, status, { cause }));
    expect([sent.status, sent.body?.code, sent.body?.message]).toEqual([status, code, message]);
  });
});
