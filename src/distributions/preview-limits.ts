import { PayloadTooLargeException } from '@nestjs/common';
import type { Role } from '../platform/access/roles';
import type { Actor } from '../platform/context/actor';
import { villageCount } from './preview.worker';

/**
 * Villages per POST /distributions/preview, by role (README, "Distribution"): a treasurer checks their own
 * project's few dozen villages, so 2,000 is ample and keeps any one of them from tying up a worker for long;
 * the others may try a whole county's scenario. The body limit (BODY_LIMIT, 5 MB) bounds every role as well.
 */
export const PREVIEW_VILLAGE_LIMITS: Readonly<Record<Role, number>> = {
  treasurer: 2_000,
  accountant: 100_000,
  auditor: 100_000,
  admin: 100_000,
};

const ROLE_NAMES: Readonly<Record<Role, string>> = { treasurer: '村报账员', accountant: '乡镇会计', auditor: '审计', admin: '系统管理员' };

/** The actor's limit; none for the system. */
export function villageLimit(actor: Actor): number | undefined {
  return actor.role === 'system' ? undefined : PREVIEW_VILLAGE_LIMITS[actor.role];
}

/** 413 when the document names more villages than the actor's role may preview at once; checked before any work. */
export function assertPreviewSize(actor: Actor, scenario: unknown): void {
  assertVillageCount(actor, villageCount(scenario));
}

/** 413 when `count` villages are more than the actor's role may preview at once. */
export function assertVillageCount(actor: Actor, count: number): void {
  if (actor.role === 'system') return;
  const limit = PREVIEW_VILLAGE_LIMITS[actor.role];
  if (count <= limit) return;
  const message =
    `${ROLE_NAMES[actor.role]}每次试算最多 ${limit.toLocaleString('en-US')} 个村，本文档有 ${count.toLocaleString('en-US')} 个：` +
    (actor.role === 'treasurer' ? '请分批试算，或请乡镇会计试算' : '请分批试算');
  throw new PayloadTooLargeException({ message: `villages: ${message}`, errors: [{ field: 'villages', message }] });
}
