import { isUtf8 } from 'node:buffer';
// Express's own JSON parser (body-parser), the one Nest's useBodyParser installs for every route.
import { json } from 'express';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import type { OptionsJson } from 'body-parser';
import type { Workers } from '../workers/workers';
import { JSON_BODY_WORKER, vetJsonBodyTask } from './json-body.worker';
import { JsonVetting, MAX_JSON_DEPTH, scanJson } from './json-text';
import { badInput, unsafeInputIssue } from './unsafe-input';

export { jsonDepthExceeds, JsonScan, MAX_JSON_DEPTH, scanJson } from './json-text';

/** An error body-parser and Express pass on: its `type` tells the exception filter what to answer. */
export class RawInputError extends Error {
  // The fields of an http-errors error, which body-parser and Nest's Express adapter recognise (and reassign).
  expose = true;
  statusCode: number;
  constructor(
    public status: number,
    public type: string,
    message: string,
  ) {
    super(message);
    this.statusCode = status;
  }
}

const TOO_DEEP = `请求体中的数组或对象嵌套超过了 ${MAX_JSON_DEPTH} 层`;

/** Set on a request whose body must be walked for values no field may hold. */
const NEEDS_WALK = Symbol('json body needs a walk');
/** Bodies the raw scan found nothing suspicious in: the validation pipe need not walk them again. */
const VETTED = new WeakSet<object>();

/** The charset and encoding checks of verifyJsonBody, which come before anything reads the text. */
function assertUtf8(body: Buffer, encoding: string | null): void {
  if (encoding !== null && encoding !== 'utf-8' && encoding !== 'utf8') {
    throw new RawInputError(415, 'charset.unsupported', '请求体须为 UTF-8 编码的 JSON');
  }
  if (!isUtf8(body)) throw new RawInputError(400, 'entity.encoding.invalid', '请求体不是有效的 UTF-8 文本');
}

/**
 * body-parser's `verify` hook, run on the raw bytes before JSON.parse: the body must be UTF-8 (invalid bytes would
 * otherwise become U+FFFD and be stored silently) and nest at most MAX_JSON_DEPTH levels (deeper ones overflow the
 * stack of whatever walks them next).
 */
export function verifyJsonBody(req: Request, _res: unknown, body: Buffer, encoding: string | null): void {
  assertUtf8(body, encoding);
  const scan = scanJson(body, MAX_JSON_DEPTH);
  if (scan.tooDeep) throw new RawInputError(400, 'entity.too.deep', TOO_DEEP);
  (req as Request & { [NEEDS_WALK]?: boolean })[NEEDS_WALK] = scan.suspicious;
}

/** After the JSON parser: refuses a body holding a value no field may hold, naming it; marks a clean one as vetted. */
export function refuseUnsafeBody(req: Request, _res: Response, next: NextFunction): void {
  const needsWalk = (req as Request & { [NEEDS_WALK]?: boolean })[NEEDS_WALK];
  if (needsWalk === undefined) return next();
  if (needsWalk) {
    const issue = unsafeInputIssue(req.body);
    if (issue) return next(badInput([issue]));
  }
  if (req.body !== null && typeof req.body === 'object') VETTED.add(req.body as object);
  next();
}

/** Whether this value is a whole JSON body already checked by refuseUnsafeBody (or in a worker: a DeferredJson). */
export function isVettedBody(value: unknown): boolean {
  return value !== null && typeof value === 'object' && VETTED.has(value);
}

/** Above this size, a body of a route taking whole documents to a worker is checked and parsed there (deferredJsonBody). */
export const DEFER_ABOVE = 64 * 1024;

/**
 * A JSON body left as its bytes, after the checks every body gets (UTF-8, depth, parse, values no field may hold),
 * which a worker thread made. What the route's @Body() receives instead of the parsed value: the handler sends the
 * bytes to the worker that uses them, which parses them again there (parseJsonBody, as body-parser would have).
 */
export class DeferredJson {
  constructor(readonly bytes: Uint8Array) {}
}

/** Thrown by the verify hook to stop body-parser before JSON.parse; carries the bytes (body-parser adds `body` too). */
class DeferBody extends Error {
  constructor(readonly bytes: Buffer) {
    super('deferred to a worker');
  }
}

/**
 * The JSON body parser of a route that takes a whole document to a worker thread (POST /distributions/preview,
 * up to the body limit of 5 MB): parsing and scanning 4 MB on the event loop held it 150–300 ms. body-parser reads
 * the body as for every route (content type, charset, compression, limit: the same errors in the same order), and
 * the verify hook checks the charset and UTF-8 as verifyJsonBody does; a body above DEFER_ABOVE then stops there,
 * and the depth scan, the parse and the walk for values no field may hold run in a worker (vetJsonBody), whose
 * fault becomes the very error the inline checks raise. Smaller bodies go the ordinary way. Register it on the
 * route's path before the application's JSON parser, which then finds the body read.
 */
export function deferredJsonBody(workers: Workers, options: Omit<OptionsJson, 'verify'>): Array<RequestHandler | ErrorRequestHandler> {
  const parser = json({
    ...options,
    verify: (req, res, body, encoding) => {
      assertUtf8(body, encoding);
      if (body.length > DEFER_ABOVE) throw new DeferBody(body);
      verifyJsonBody(req as Request, res, body, encoding);
    },
  });
  const parse: RequestHandler = (req, res, next) => (req.method === 'POST' ? parser(req, res, next) : next());
  const vet: ErrorRequestHandler = (err, req, _res, next) => {
    if (!(err instanceof DeferBody)) return next(err);
    workers.run(JSON_BODY_WORKER, vetJsonBodyTask, { bytes: err.bytes }).then((found: JsonVetting) => {
      if ('fault' in found) {
        const message = found.fault === 'entity.too.deep' ? TOO_DEEP : '请求体不是有效的 JSON';
        return next(new RawInputError(400, found.fault, message));
      }
      if ('issue' in found) return next(badInput([found.issue]));
      const body = new DeferredJson(err.bytes);
      VETTED.add(body);
      req.body = body;
      next();
    }, next);
  };
  return [parse, vet];
}

/**
 * Refuses a URL whose percent-encoding is not UTF-8 (`%FF`, `%ED%A0%80`): Node's query parser would turn those
 * bytes into U+FFFD without a word.
 */
export function refuseMalformedUrl(req: Request, _res: Response, next: NextFunction): void {
  try {
    decodeURIComponent(req.originalUrl ?? req.url);
    next();
  } catch {
    next(new RawInputError(400, 'url.encoding.invalid', '网址中的百分号编码不是有效的 UTF-8'));
  }
}
