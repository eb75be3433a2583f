import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import { ConflictError, ERROR_CODES, FieldIssue, InvariantError, NotFoundError, ValidationError } from '../../core/errors';
import { RefusalAudit } from '../audit/refusal-audit';
import { RequestWithActor } from '../context/actor';
import { requestMeta } from '../context/request-meta';
import { isDatabaseUnavailable } from './database-unavailable';
import { labelContext, labelled } from './field-labels';
import { MAX_JSON_DEPTH } from './raw-input';

/** Seconds a client should wait before retrying while the database is unreachable. */
export const RETRY_AFTER_SECONDS = 5;

/** What body-parser's and raw-input.ts's errors say, by their `type`, instead of their own text (which may quote the body). */
const BODY_ERRORS: Readonly<Record<string, { code: string; message: string }>> = {
  'entity.parse.failed': { code: 'BAD_JSON', message: '请求体不是有效的 JSON' },
  'entity.too.large': { code: 'PAYLOAD_TOO_LARGE', message: '请求体太大，超过了允许的大小' },
  'entity.too.deep': { code: 'BAD_JSON', message: `请求体中的数组或对象嵌套超过了 ${MAX_JSON_DEPTH} 层` },
  'entity.encoding.invalid': { code: 'BAD_ENCODING', message: '请求体不是有效的 UTF-8 文本' },
  'entity.verify.failed': { code: 'BAD_JSON', message: '请求体不是有效的 JSON' },
  'charset.unsupported': { code: 'UNSUPPORTED_MEDIA_TYPE', message: '请求体须为 UTF-8 编码的 JSON' },
  'encoding.unsupported': { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持请求头 "Content-Encoding" 指定的压缩方式' },
  'request.size.invalid': { code: 'BAD_REQUEST', message: '请求体的长度与请求头 "Content-Length" 不符' },
  'request.aborted': { code: 'BAD_REQUEST', message: '请求体没有传完，连接就断开了' },
  'url.encoding.invalid': { code: 'BAD_URL', message: '网址中的百分号编码不是有效的 UTF-8' },
};

/** The code and the Chinese words of an HTTP status, for answers that bring neither (Nest's own, a library's). */
const STATUS: Readonly<Record<number, { code: string; message: string }>> = {
  400: { code: 'BAD_REQUEST', message: '请求有误' },
  401: { code: 'UNAUTHORIZED', message: '请先登录' },
  403: { code: 'FORBIDDEN', message: '无权执行此操作' },
  404: { code: 'NOT_FOUND', message: '要找的记录不存在' },
  405: { code: 'METHOD_NOT_ALLOWED', message: '这个接口不支持该请求方法' },
  406: { code: 'NOT_ACCEPTABLE', message: '无法按请求的格式作答' },
  408: { code: 'REQUEST_TIMEOUT', message: '请求超时' },
  409: { code: 'CONFLICT', message: '请求与当前数据冲突' },
  410: { code: 'GONE', message: '要找的记录已不存在' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: '请求体太大，超过了允许的大小' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '请求体须为 UTF-8 编码的 JSON' },
  422: { code: 'UNPROCESSABLE', message: '请求无法处理' },
  429: { code: 'TOO_MANY_REQUESTS', message: '请求太频繁，请稍后再试' },
  500: { code: 'INTERNAL', message: '服务器内部错误，本次请求没有保存任何内容；请稍后重试，或把请求编号告诉管理员' },
  501: { code: 'NOT_IMPLEMENTED', message: '这个功能尚未提供' },
  502: { code: 'BAD_GATEWAY', message: '上游服务出错，请稍后重试' },
  503: { code: 'SERVICE_UNAVAILABLE', message: '服务暂时不可用，请稍后重试' },
  504: { code: 'GATEWAY_TIMEOUT', message: '上游服务超时，请稍后重试' },
};

/** Refusals the audit trail records (issue 10: who was refused what, when and from where). */
const AUDITED = new Set([401, 403, 409]);

/** A message meant for people: it holds Chinese. Libraries' English texts are replaced by the status's words. */
const CJK = /[\u3400-\u9fff]/;
/** A code given with an HttpException's body (`{ message, code }`): upper-case words joined by underscores. */
const CODE = /^[A-Z][A-Z0-9_]*$/;

interface Answer {
  status: number;
  code: string;
  message: string;
  /** Issues as raised: machine path and reason; the filter prefixes each reason with the field's label. */
  errors?: FieldIssue[];
  /** The field a 409 is about: its issue is the message itself. */
  clash?: string;
  headers?: Record<string, string>;
}

function byStatus(status: number): { code: string; message: string } {
  return STATUS[status] ?? (status >= 500 ? STATUS[500] : { code: 'ERROR', message: '请求未能完成' });
}

/**
 * The one error shape of the API:
 * `{ statusCode, error, code, message, errors?: [{field, message}], requestId }`.
 * `code` is stable and machine-readable (README, "Errors"); `message` and each `errors[].message` are Chinese, each
 * issue as `字段名：说明` (field-labels.ts), while `errors[].field` stays the machine path.
 * Domain code throws core errors; this filter alone decides the HTTP status.
 * Nothing internal (stack, SQL) ever reaches the client. Refusals (401, 403, 409)
 * are recorded by RefusalAudit before the answer leaves.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(private readonly refusals?: RefusalAudit) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<RequestWithActor>();
    const answer = this.describe(exception);
    const { status, code, headers } = answer;
    if (status >= 500 && status !== 503) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    const path = (req.originalUrl ?? req.url ?? '').split('?')[0];
    const context = labelContext(path);
    const errors = answer.clash
      ? [{ field: answer.clash, message: answer.message }]
      : answer.errors?.map((i) => ({ field: i.field, message: labelled(i.field, i.message, context) }));
    const message = answer.message || (errors ?? []).map((i) => i.message).join('；');
    const body: Record<string, unknown> = {
      statusCode: status,
      error: STATUS_CODES[status] ?? 'Error',
      code,
      message,
    };
    if (errors?.length) body.errors = errors;
    const meta = requestMeta();
    const ip = meta.ip;
    // Errors raised before the request-id middleware (body parsing, a malformed URL) get an id here.
    const requestId = meta.requestId ?? ownRequestId(req, res);
    body.requestId = requestId;
    if (AUDITED.has(status) && this.refusals) {
      // RefusalAudit never throws; awaited so that the entry exists once the client has its answer.
      await this.refusals.record({
        status,
        method: req.method,
        path,
        ip: ip ?? req.ip ?? null,
        requestId,
        actor: req.actor,
        message,
      });
    }
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
    res.status(status).json(body);
  }

  /** Status, code and words of an exception; `message` empty means "the issues, joined". */
  private describe(e: unknown): Answer {
    if (e instanceof ValidationError) return { status: 400, code: e.code, message: '', errors: e.issues };
    if (e instanceof NotFoundError) return { status: 404, code: e.code, message: e.message };
    // A clash is one sentence that names what it is about: its issue keeps it as it is.
    if (e instanceof ConflictError) return { status: 409, code: e.code, message: e.message, clash: e.field };
    if (e instanceof InvariantError)
      return { status: 500, code: e.code, message: '内部校验未通过，本次请求没有保存任何内容；请把请求编号告诉管理员' };
    if (e instanceof HttpException) return this.describeHttp(e);
    if (isDatabaseUnavailable(e)) {
      this.logger.warn(`database unavailable: ${e instanceof Error ? e.message : String(e)}`);
      return {
        status: 503,
        code: 'DATABASE_UNAVAILABLE',
        message: '数据库暂时不可用，请稍后重试',
        headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
      };
    }
    const pg = e as { code?: string; constraint?: string; type?: string };
    if (pg?.code === '23505') {
      const name = pg.constraint ? `（唯一约束 ${JSON.stringify(pg.constraint)}）` : '';
      return { status: 409, code: 'ALREADY_EXISTS', message: `记录已存在${name}` };
    }
    if (typeof pg?.type === 'string' && Object.hasOwn(BODY_ERRORS, pg.type)) {
      const status = pg.type === 'entity.too.large' ? 413 : pg.type.endsWith('unsupported') ? 415 : 400;
      return { status, ...BODY_ERRORS[pg.type] };
    }
    return { status: 500, ...STATUS[500] };
  }

  private describeHttp(e: HttpException): Answer {
    const status = e.getStatus();
    const fallback = byStatus(status);
    const cause = e.cause as { type?: unknown; code?: unknown } | undefined;
    if (typeof cause?.type === 'string' && Object.hasOwn(BODY_ERRORS, cause.type)) return { status, ...BODY_ERRORS[cause.type] };
    if (typeof cause?.code === 'string' && cause.code.startsWith('Z_')) return { status, code: 'BAD_ENCODING', message: '请求体无法解压' };
    const r = e.getResponse() as { message?: unknown; errors?: FieldIssue[]; code?: unknown } | string;
    const text = typeof r === 'string' ? r : Array.isArray(r.message) ? r.message.join('；') : String(r.message ?? e.message);
    const code = typeof r === 'object' && typeof r.code === 'string' && CODE.test(r.code) ? r.code : undefined;
    if (typeof r === 'object' && Array.isArray(r.errors)) {
      return { status, code: code ?? (status === 400 ? ERROR_CODES.validation : fallback.code), message: '', errors: r.errors };
    }
    // Nest's own 404 for a path no route has: "Cannot GET /api/x".
    const route = status === 404 ? /^Cannot ([A-Z]+) (.*)$/.exec(text) : null;
    if (route)
      return { status, code: 'ROUTE_NOT_FOUND', message: `没有这个接口：${JSON.stringify(`${route[1]} ${route[2].split('?')[0]}`)}` };
    return { status, code: code ?? fallback.code, message: CJK.test(text) ? text : fallback.message };
  }
}

/** The client's X-Request-Id when well-formed (as the request-id middleware takes it), else a new one; echoed in the header. */
function ownRequestId(req: Request, res: Response): string {
  const header = req.header('x-request-id');
  const id = header && /^[A-Za-z0-9._-]{1,64}$/.test(header) ? header : randomUUID();
  if (!res.headersSent) res.setHeader('X-Request-Id', id);
  return id;
}
