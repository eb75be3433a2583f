import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';
import { ConflictError, FieldIssue, InvariantError, NotFoundError, ValidationError } from '../../core/errors';
import { requestMeta } from '../context/request-meta';

/**
 * The one error shape of the API:
 * `{ statusCode, error, message, errors?: [{field, message}], requestId }`.
 * Domain code throws core errors; this filter alone decides the HTTP status.
 * Nothing internal (stack, SQL) ever reaches the client.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, message, errors } = this.describe(exception);
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    const body: Record<string, unknown> = {
      statusCode: status,
      error: STATUS_CODES[status] ?? 'Error',
      message,
    };
    if (errors?.length) body.errors = errors;
    const { requestId } = requestMeta();
    if (requestId) body.requestId = requestId;
    res.status(status).json(body);
  }

  private describe(e: unknown): { status: number; message: string; errors?: FieldIssue[] } {
    if (e instanceof ValidationError) return { status: 400, message: e.message, errors: e.issues };
    if (e instanceof NotFoundError) return { status: 404, message: e.message };
    if (e instanceof ConflictError) {
      return { status: 409, message: e.message, errors: e.field ? [{ field: e.field, message: e.message }] : undefined };
    }
    if (e instanceof InvariantError) return { status: 500, message: 'Internal invariant violated; nothing was stored' };
    if (e instanceof HttpException) {
      const status = e.getStatus();
      const r = e.getResponse() as { message?: unknown; errors?: FieldIssue[] } | string;
      if (typeof r === 'string') return { status, message: r };
      if (r.errors) return { status, message: String(r.message ?? e.message), errors: r.errors };
      if (status === 413) return { status, message: 'Request body too large' };
      const msg = Array.isArray(r.message) ? r.message.join('; ') : String(r.message ?? e.message);
      return { status, message: msg };
    }
    const pg = e as { code?: string; constraint?: string; detail?: string; type?: string; status?: number };
    if (pg?.code === '23505') return { status: 409, message: `Already exists (${pg.constraint ?? 'unique constraint'})` };
    if (pg?.type === 'entity.parse.failed') return { status: 400, message: 'Body is not valid JSON' };
    if (pg?.type === 'entity.too.large') return { status: 413, message: 'Request body too large' };
    return { status: 500, message: 'Internal server error' };
  }
}
