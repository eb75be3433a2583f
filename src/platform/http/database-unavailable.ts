/** Socket errors of a database that cannot be reached (node's codes, as pg passes them on). */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/**
 * PostgreSQL's: admin_shutdown, crash_shutdown, cannot_connect_now (starting or stopping), too_many_connections;
 * and class 08, connection exceptions.
 */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
/** pg and pg-pool say these without a code: the connection died under a query, or none came from the pool in time. */
const MESSAGES = [
  /^Connection terminated/,
  // TypeORM's, when the connection of the request's transaction died under it and was released: the next query fails so.
  /^Database connection provided by a query runner was already released/,
  // …and when it died during COMMIT itself (whether the commit landed is unknown: the client retries with its Idempotency-Key).
  /^Query runner already released/,
  /timeout exceeded when trying to connect/,
  /Client has encountered a connection error/,
  /Client was closed and is not queryable/,
];

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/**
 * Whether an error means "the database is unreachable" rather than "this request is wrong": the answer is then 503
 * with Retry-After, as /api/health's. Looks through TypeORM's driverError, `cause` and AggregateError's errors.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (error === null || typeof error !== 'object' || depth > 4) return false;
  const e = error as ErrorLike;
  if (typeof e.code === 'string' && (SOCKET_CODES.has(e.code) || SERVER_CODES.has(e.code) || /^08[0-9A-Z]{3}$/.test(e.code))) return true;
  if (typeof e.message === 'string' && MESSAGES.some((m) => m.test(e.message as string))) return true;
  const inner = [e.driverError, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])];
  return inner.some((x) => x !== error && isDatabaseUnavailable(x, depth + 1));
}
