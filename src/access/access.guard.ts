import { CanActivate, ExecutionContext, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_KEY, PUBLIC_KEY, TREASURER_SCOPE_KEY, TreasurerScope } from '../platform/access/access.decorators';
import { ACCESS, AccessLevel, ROLE_LABELS, Role } from '../platform/access/roles';
import { RequestWithActor } from '../platform/context/actor';
import { isUuid } from '../platform/database/ids';
import { noteGuardSnapshot } from '../platform/database/snapshot';
import { ParticipationRepository } from '../projects/participation.repository';
import { TokenHolder } from './revoked-tokens.repository';
import { Tokens } from './tokens';

/**
 * The global guard: default deny. Every request but the explicitly public ones
 * needs a valid bearer token of an enabled user (read from the database on every
 * request, so disabling a user or signing out takes effect at once; tokens.ts), and a role the route
 * allows. It puts the actor on the request for `@CurrentActor()`, and the snapshot its statement read in on the
 * request's context: a report answered in a snapshot of the same identity is answered again from the answer cache
 * (platform/http/answer-cache.ts), only ever after this guard has passed.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: Tokens,
    private readonly participation: ParticipationRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<RequestWithActor>();
    const user = await this.authenticate(req);
    noteGuardSnapshot(user.snapshot);
    req.actor = { userId: user.id, login: user.login, role: user.role, villageId: user.villageId };

    const level = this.reflector.getAllAndOverride<AccessLevel>(ACCESS_KEY, targets);
    if (!level) throw new ForbiddenException('这个接口没有设置访问规则，一律拒绝');
    if (user.mustChangePassword && level !== 'self')
      throw new ForbiddenException('请先修改一次性密码（"POST /api/auth/password"），再做其他操作');
    if (!(ACCESS[level] as readonly string[]).includes(user.role)) throw new ForbiddenException(`${roleLabel(user.role)}无权执行此操作`);
    const scope = this.reflector.getAllAndOverride<TreasurerScope>(TREASURER_SCOPE_KEY, targets);
    assertIdShaped(scope, req);
    if (user.role === 'treasurer' && level !== 'self') await this.holdTreasurer(user, scope, req);
    return true;
  }

  private authenticate(req: RequestWithActor): Promise<TokenHolder> {
    return this.tokens.authenticate(req.header('authorization') ?? '');
  }

  private async holdTreasurer(user: TokenHolder, scope: TreasurerScope | undefined, req: RequestWithActor): Promise<void> {
    const deny = () => new ForbiddenException('村报账员只能查看本村，以及本村参与的项目');
    if (!scope) throw deny();
    if (scope.kind === 'open' || scope.kind === 'filtered') return;
    const id = String(req.params[scope.param] ?? '');
    // assertIdShaped has answered 404 for a malformed id: what is left is a real id that may be someone else's.
    if (!user.villageId) throw deny();
    const allowed =
      scope.kind === 'village'
        ? id === user.villageId
        : scope.kind === 'project'
          ? await this.participation.takesPart(id, user.villageId)
          : await this.participation.shareAProject(id, user.villageId);
    if (!allowed) throw deny();
  }
}

/**
 * The id a route's scope names must look like one, for every role: a code where an id belongs
 * (/villages/V01/statement) is not found, and says so, rather than being refused as someone else's.
 */
function assertIdShaped(scope: TreasurerScope | undefined, req: RequestWithActor): void {
  if (!scope || scope.kind === 'open' || scope.kind === 'filtered') return;
  const value = String(req.params[scope.param] ?? '');
  if (isUuid(value)) return;
  const collection = scope.kind === 'project' ? 'projects' : 'villages';
  throw new NotFoundException({
    message:
      `路径参数 "${scope.param}" 应为 id（UUID，形如 3f6c2a1e-5b7d-4c8e-9f01-23456789abcd），${JSON.stringify(value.slice(0, 64))} 不是 id：` +
      `按代码查找请用 "GET /api/${collection}?q=<代码>"，再用返回的 id`,
    code: 'ID_EXPECTED',
  });
}

/** "乡镇会计（\"accountant\"）": the role's name, and the word the API uses for it. */
function roleLabel(role: string): string {
  return Object.hasOwn(ROLE_LABELS, role) ? `${ROLE_LABELS[role as Role]}（${JSON.stringify(role)}）` : JSON.stringify(role);
}
