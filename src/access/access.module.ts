import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule, JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { AuditController } from '../audit/audit.controller';
import { TransactionRunner } from '../database/transaction-runner';
import { UsersController } from '../users/users.controller';
import { UsersService } from '../users/users.service';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';

/** Sign-in, users, the global default-deny guard and the audit trail's reader. */
@Module({})
export class AccessModule {
  static forRoot(options: { jwtSecret: string; jwtTtlSeconds: number }): DynamicModule {
    return {
      module: AccessModule,
      imports: [JwtModule.register({ secret: options.jwtSecret, signOptions: { expiresIn: options.jwtTtlSeconds, algorithm: 'HS256' } })],
      controllers: [AuthController, UsersController, AuditController],
      providers: [
        UsersService,
        { provide: LoginThrottle, useValue: new LoginThrottle() },
        {
          provide: AuthService,
          inject: [DataSource, TransactionRunner, JwtService, LoginThrottle],
          useFactory: (db: DataSource, tx: TransactionRunner, jwt: JwtService, throttle: LoginThrottle) =>
            new AuthService(db, tx, jwt, throttle, options.jwtTtlSeconds),
        },
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
      exports: [UsersService, AuthService],
    };
  }
}
