import { ClsServiceManager } from 'nestjs-cls';

/**
 * Where a request came from, for the audit trail and the error body: its id
 * (`X-Request-Id`, or a new UUID) and the client's address. Set once per
 * request by the CLS middleware (platform.module.ts); a system task has none.
 */
export interface RequestMeta {
  requestId: string | null;
  ip: string | null;
}

export const REQUEST_IP = 'request.ip';

export function requestMeta(): RequestMeta {
  const cls = ClsServiceManager.getClsService();
  if (!cls.isActive()) return { requestId: null, ip: null };
  return { requestId: cls.getId() ?? null, ip: cls.get<string | null>(REQUEST_IP) ?? null };
}
