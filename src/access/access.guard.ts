import { isUuid } from '../database/lookups';
import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { requestContext } from '../common/request-context';
import { User } from '../users/user.entity';
import { ACCESS_KEY, PUBLIC_KEY, TREASURER_SCOPE_KEY, TreasurerScope } from './access.decorators';
import { ACCESS, AccessLevel } from './roles';

export interface TokenPayload {
  sub: string;
  /** The user's token version when signed: a password change or reset makes older tokens fail. */
  ver: number;
}


/**
 * The global guard: default deny. Every request but the explicitly public ones
 * needs a valid bearer token of an enabled user (read from the database on every
 * request, so disabling a user takes effect at once), and a role the route allows.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly jwt: JwtService, private readonly db: DataSource) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<Request>();
    const user = await this.authenticate(req);
    const ctx = requestContext.get();
    if (ctx) ctx.actor = { userId: user.id, login: user.login, role: user.role, villageId: user.villageId };

    const level = this.reflector.getAllAndOverride<AccessLevel>(ACCESS_KEY, targets);
    if (!level) throw new ForbiddenException('this route has no access rule');
    if (user.mustChangePassword && level !== 'self') throw new ForbiddenException('change your one-time password first (POST /api/auth/password)');
    if (!(ACCESS[level] as readonly string[]).includes(user.role)) throw new ForbiddenException(`role ${user.role} may not do this`);
    if (user.role === 'treasurer' && level !== 'self') {
      await this.holdTreasurer(user, this.reflector.getAllAndOverride<TreasurerScope>(TREASURER_SCOPE_KEY, targets), req);
    }
    return true;
  }

  private async authenticate(req: Request): Promise<User> {
    const header = req.header('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9._-]+)$/.exec(header);
    if (!match) throw new UnauthorizedException('sign in first: Authorization: Bearer <token> (POST /api/auth/login)');
    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(match[1], { algorithms: ['HS256'] });
    } catch {
      throw new UnauthorizedException('invalid or expired token');
    }
    const user = isUuid(payload.sub ?? '') ? await this.db.getRepository(User).findOne({ where: { id: payload.sub } }) : null;
    if (!user || !user.enabled || user.tokenVersion !== payload.ver) throw new UnauthorizedException('invalid or expired token');
    return user;
  }

  private async holdTreasurer(user: User, scope: TreasurerScope | undefined, req: Request): Promise<void> {
    const deny = () => new ForbiddenException('a treasurer sees only their own village and the projects it takes part in');
    if (!scope) throw deny();
    if (scope.kind === 'open' || scope.kind === 'filtered') return;
    const id = String(req.params[scope.param] ?? '');
    if (!isUuid(id)) throw deny();
    if (scope.kind === 'village') {
      if (id !== user.villageId) throw deny();
      return;
    }
    const sql = scope.kind === 'project'
      ? 'SELECT 1 FROM project_village WHERE project_id = $1 AND village_id = $2'
      : `SELECT 1 FROM project_village a JOIN project_village b ON a.project_id = b.project_id
          WHERE a.village_id = $1 AND b.village_id = $2`;
    const rows = await this.db.query(sql, [id, user.villageId]);
    if (rows.length === 0) throw deny();
  }
}
