import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { NotFoundError, ValidationError } from '../core/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a route parameter can be an id at all (a malformed one is simply not found). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** A record by id, or a 404 naming what was missing. A malformed id is simply not found. */
export async function findByIdOrFail<T extends ObjectLiteral>(
  m: EntityManager, entity: EntityTarget<T>, label: string, id: string, lock = false,
): Promise<T> {
  if (!isUuid(id)) throw new NotFoundError(label, id);
  const found = await m.findOne(entity, {
    where: { id } as never,
    ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!found) throw new NotFoundError(label, id);
  return found;
}

/** A record referenced by code in a request body: an unknown code is bad input (400) naming the field. */
export async function findByCodeOrReject<T extends ObjectLiteral>(
  m: EntityManager, entity: EntityTarget<T>, label: string, field: string, code: string,
): Promise<T> {
  const found = await m.findOne(entity, { where: { code } as never });
  if (!found) throw ValidationError.of(field, `unknown ${label} "${code}"`);
  return found;
}
