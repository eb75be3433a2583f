import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ACCESS_KEY, PUBLIC_KEY, TREASURER_SCOPE_KEY, TreasurerScope } from '../platform/access/access.decorators';
import { ACCESS, AccessLevel } from '../platform/access/roles';
import { RequestWithActor } from '../platform/context/actor';
import { isUuid } from '../platform/database/ids';
import { ParticipationRepository } from '../projects/participation.repository';
import { User, UsersRepository } from '../users/users.repository';

export interface TokenPayload {
  sub: string;
  /** The user's token version when signed: a password change or reset makes older tokens fail. */
  ver: number;
}

/**
 * The global guard: default deny. Every request but the explicitly public ones
 * needs a valid bearer token of an enabled user (read from the database on every
 * request, so disabling a user takes effect at once), and a role the route
 * allows. It puts the actor on the request for `@CurrentActor()`.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersRepository,
    private readonly participation: ParticipationRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<RequestWithActor>();
    const user = await this.authenticate(req);
    req.actor = { userId: user.id, login: user.login, role: user.role, villageId: user.villageId };

    const level = this.reflector.getAllAndOverride<AccessLevel>(ACCESS_KEY, targets);
    if (!level) throw new ForbiddenException('this route has no access rule');
    if (user.mustChangePassword && level !== 'self')
      throw new ForbiddenException('change your one-time password first (POST /api/auth/password)');
    if (!(ACCESS[level] as readonly string[]).includes(user.role)) throw new ForbiddenException(`role ${user.role} may not do this`);
    if (user.role === 'treasurer' && level !== 'self') {
      await this.holdTreasurer(user, this.reflector.getAllAndOverride<TreasurerScope>(TREASURER_SCOPE_KEY, targets), req);
    }
    return true;
  }

  private async authenticate(req: RequestWithActor): Promise<User> {
    const header = req.header('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9._-]+)$/.exec(header);
    if (!match) throw new UnauthorizedException('sign in first: Authorization: Bearer <token> (POST /api/auth/login)');
    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(match[1], { algorithms: ['HS256'] });
    } catch {
      throw new UnauthorizedException('invalid or expired token');
    }
    const user = await this.users.findById(payload.sub ?? '');
    if (!user || !user.enabled || user.tokenVersion !== payload.ver) throw new UnauthorizedException('invalid or expired token');
    return user;
  }

  private async holdTreasurer(user: User, scope: TreasurerScope | undefined, req: RequestWithActor): Promise<void> {
    const deny = () => new ForbiddenException('a treasurer sees only their own village and the projects it takes part in');
    if (!scope) throw deny();
    if (scope.kind === 'open' || scope.kind === 'filtered') return;
    const id = String(req.params[scope.param] ?? '');
    if (!isUuid(id) || !user.villageId) throw deny();
    const allowed =
      scope.kind === 'village'
        ? id === user.villageId
        : scope.kind === 'project'
          ? await this.participation.takesPart(id, user.villageId)
          : await this.participation.shareAProject(id, user.villageId);
    if (!allowed) throw deny();
  }
}
