import { AsyncLocalStorage } from 'node:async_hooks';

/** Who is acting and from where, for the audit trail; set once per request by middleware. */
export interface Actor {
  userId: string;
  login: string;
  role: string;
  villageId: string | null;
}

export interface RequestContext {
  requestId: string;
  ip: string | null;
  actor: Actor | null;
  /** For work without an HTTP request (the demo, a command): who to name in the audit trail. */
  system?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(ctx: RequestContext, fn: () => T): T {
    return storage.run(ctx, fn);
  },
  get(): RequestContext | undefined {
    return storage.getStore();
  },
};
