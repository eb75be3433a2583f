import { SetMetadata } from '@nestjs/common';
import { AccessLevel } from './roles';

export const PUBLIC_KEY = 'access:public';
export const ACCESS_KEY = 'access:level';
export const TREASURER_SCOPE_KEY = 'access:treasurer-scope';

/** No sign-in needed. Only login and health carry it. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Which roles may call the route (roles.ts). A route without it is refused to everyone. */
export const Access = (level: AccessLevel) => SetMetadata(ACCESS_KEY, level);

/**
 * How a treasurer (村报账员) is held to their own village. A read route without
 * a scope is refused to treasurers.
 * - project: the route param is a project id their village takes part in;
 * - village: the route param is their own village's id;
 * - sharedVillage: the route param is a village in one of their projects;
 * - filtered: the service narrows the list to their projects and village;
 * - open: the data belongs to no village (townships).
 */
export type TreasurerScope =
  | { kind: 'project'; param: string }
  | { kind: 'village'; param: string }
  | { kind: 'sharedVillage'; param: string }
  | { kind: 'filtered' }
  | { kind: 'open' };

export const TreasurerScoped = (scope: TreasurerScope) => SetMetadata(TREASURER_SCOPE_KEY, scope);
