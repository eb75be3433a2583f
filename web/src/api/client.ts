/**
 * The one way the console talks to the service: openapi-fetch typed by src/api/schema.d.ts, which is generated from
 * the service's OpenAPI document (openapi.json, kept current by `npm run api:snapshot`). Every request carries the
 * session's token; a 401 ends the session and sends the user to sign in, back to the same page afterwards.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type ErrorBody = Schemas['ErrorBody'];

/** An answer of 4xx or 5xx: the service's Chinese message, its stable code, and the message for each named field. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string>;
  /** Every issue in order (an import's row errors name the sheet, row and column in `field`). */
  readonly issues: Array<{ field: string; message: string }>;

  constructor(status: number, body: Partial<ErrorBody> | undefined) {
    super(body?.message ?? `服务返回错误（${status}）`);
    this.status = status;
    this.code = body?.code ?? 'UNKNOWN';
    this.fields = {};
    this.issues = (body?.errors ?? []).map((i) => ({ field: i.field ?? '', message: i.message }));
    for (const issue of body?.errors ?? []) if (issue.field) this.fields[issue.field] ??= issue.message;
  }
}

interface SessionHooks {
  token(): string | null;
  expired(): void;
}

let hooks: SessionHooks = { token: () => null, expired: () => undefined };

/** Called once by the session store: where the token comes from, and what to do when the service refuses it. */
export function connectSession(h: SessionHooks): void {
  hooks = h;
}

const auth: Middleware = {
  onRequest({ request }) {
    const token = hooks.token();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && !request.url.endsWith('/api/auth/login')) hooks.expired();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

/** The data of an openapi-fetch answer, or an ApiError carrying the service's message. */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, error as Partial<ErrorBody> | undefined);
  return data as T;
}

/**
 * A document (PDF, XLSX, CSV) of a report route, fetched with the token: saved under the name the service gives,
 * or, for `print`, opened in a new tab where the browser's own print works.
 */
export async function download(url: string, fallbackName: string, print = false): Promise<void> {
  const token = hooks.token();
  const response = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (response.status === 401) hooks.expired();
  if (!response.ok) {
    const body = await response.json().catch(() => undefined);
    throw new ApiError(response.status, body);
  }
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  if (print) {
    window.open(href, '_blank');
  } else {
    const a = document.createElement('a');
    a.href = href;
    a.download = fileNameOf(response.headers.get('content-disposition')) ?? fallbackName;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

/** The file name of a Content-Disposition header, preferring RFC 5987's UTF-8 form (Chinese names). */
export function fileNameOf(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain ? plain[1] : null;
}
