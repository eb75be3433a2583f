import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { ProjectsModule } from '../projects/projects.module';
import { UsersModule } from '../users/users.module';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { RevokedTokensRepository } from './revoked-tokens.repository';
import { SignInAttemptsRepository } from './sign-in-attempts.repository';
import { SignInThrottle } from './sign-in-throttle';
import { TOKEN_TTL_SECONDS, Tokens } from './tokens';

/** Sign-in, sign-out, the throttle (sign_in_attempt), revoked tokens (revoked_token) and the global default-deny guard. */
@Module({})
export class AccessModule {
  static forRoot(options: { jwtSecret: string; jwtTtlSeconds: number }): DynamicModule {
    return {
      module: AccessModule,
      imports: [
        UsersModule,
        ProjectsModule,
        // A KeyObject, not the string: given a string, jsonwebtoken first tries it as a PEM public key (and fails) on
        // every verification, which cost more than the rest of the guard. The key's bytes, and so the tokens, are the same.
        JwtModule.register({
          secret: createSecretKey(Buffer.from(options.jwtSecret, 'utf8')),
          signOptions: { expiresIn: options.jwtTtlSeconds, algorithm: 'HS256' },
        }),
      ],
      controllers: [AuthController],
      providers: [
        { provide: TOKEN_TTL_SECONDS, useValue: options.jwtTtlSeconds },
        SignInAttemptsRepository,
        RevokedTokensRepository,
        SignInThrottle,
        Tokens,
        AuthService,
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
      exports: [AuthService],
    };
  }
}
