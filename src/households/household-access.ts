import { ForbiddenException } from '@nestjs/common';
import { Actor } from '../platform/context/actor';

/**
 * Who may read the whole bank accounts of a payment file: the village's treasurer, or the accountant preparing the
 * file (the routes' `@Access('villageMoney')` already says so; this holds every other caller of
 * `HouseholdsService.unmaskedAccounts` to the same rule). Everyone else sees accounts masked (roles.ts).
 */
export function assertMayReadPayeeAccounts(actor: Actor, villageId: string): void {
  if (actor.role === 'accountant' || actor.role === 'system') return;
  if (actor.role === 'treasurer' && actor.villageId === villageId) return;
  throw new ForbiddenException({
    message: '完整的银行账号只有本村的村报账员和编制支付文件的乡镇会计可以读取',
    code: 'UNMASKED_NOT_ALLOWED',
  });
}
