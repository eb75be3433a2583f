import { requestContext } from '../common/request-context';

/** Who prepares a voucher or acts on a run: the signed-in user, else the system task named in the context. */
export function currentActor(): { userId: string | null; login: string } {
  const ctx = requestContext.get();
  if (ctx?.actor) return { userId: ctx.actor.userId, login: ctx.actor.login };
  return { userId: null, login: ctx?.system ?? 'system' };
}

/** Today in the server's calendar as YYYY-MM-DD: the default date of postings made "now". */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
