import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Role } from '../../platform/access/roles';

/**
 * Who acts: a signed-in user (set on the request by the access guard), or a
 * named system task (the first start, the demo, a command). Services receive it
 * as a parameter; nothing reads it from ambient state.
 */
export interface Actor {
  userId: string | null;
  login: string;
  role: Role | 'system';
  /** A treasurer's own village; null for everyone else. */
  villageId: string | null;
}

export function systemActor(task: string): Actor {
  return { userId: null, login: task, role: 'system', villageId: null };
}

/** The actor's identity for maker-checker comparisons and idempotency keys. */
export function actorKey(actor: Actor): string {
  return actor.userId ?? actor.login;
}

/** The village a treasurer is held to, or undefined for roles that see everything. */
export function treasurerVillage(actor: Actor): string | undefined {
  return actor.role === 'treasurer' ? (actor.villageId ?? undefined) : undefined;
}

export type RequestWithActor = Request & { actor?: Actor };

/** The signed-in user of this request, as the access guard found them. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw new Error('CurrentActor on a route without a signed-in user');
  return actor;
});
