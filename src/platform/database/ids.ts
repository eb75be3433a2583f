const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a route parameter can be an id at all (a malformed one is simply not found, never a database error). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
