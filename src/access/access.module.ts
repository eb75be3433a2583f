import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ProjectsModule } from '../projects/projects.module';
import { UsersModule } from '../users/users.module';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { AuthService, TOKEN_TTL_SECONDS } from './auth.service';
import { LoginThrottle } from './login-throttle';

/** Sign-in and the global default-deny guard. */
@Module({})
export class AccessModule {
  static forRoot(options: { jwtSecret: string; jwtTtlSeconds: number }): DynamicModule {
    return {
      module: AccessModule,
      imports: [
        UsersModule,
        ProjectsModule,
        JwtModule.register({ secret: options.jwtSecret, signOptions: { expiresIn: options.jwtTtlSeconds, algorithm: 'HS256' } }),
      ],
      controllers: [AuthController],
      providers: [
        { provide: LoginThrottle, useValue: new LoginThrottle() },
        { provide: TOKEN_TTL_SECONDS, useValue: options.jwtTtlSeconds },
        AuthService,
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
      exports: [AuthService],
    };
  }
}
