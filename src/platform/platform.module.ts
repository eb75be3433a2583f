import { DynamicModule, Global, Module } from '@nestjs/common';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import type { Request } from 'express';
import { ClsModule } from 'nestjs-cls';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditLogRepository } from './audit/audit-log.repository';
import { AuditTrail } from './audit/audit-trail';
import { RefusalAudit } from './audit/refusal-audit';
import { Clock, SystemClock } from './clock/clock';
import { REQUEST_IP } from './context/request-meta';
import { DatabaseModule } from './database/database.module';
import { Snapshot } from './database/snapshot';
import { TypeOrmAdapterWithSnapshots } from './database/transactional-adapter';
import { DocumentRenderer } from './documents/document-renderer';
import { IdempotencyKeyRepository } from './idempotency/idempotency-key.repository';
import { IdempotencyService } from './idempotency/idempotency.service';
import { IdempotencyInterceptor } from './idempotency/idempotent.decorator';
import { Workers } from './workers/workers';

/**
 * Everything cross-cutting, in one global module that imports no feature: the
 * database and its transactions (nestjs-cls with the TypeORM transactional
 * adapter), the request's id and address, the clock, the audit trail and
 * idempotency.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(dataSource: DataSource): DynamicModule {
    const database = DatabaseModule.forRoot(dataSource);
    return {
      module: PlatformModule,
      imports: [
        database,
        ClsModule.forRoot({
          global: true,
          middleware: {
            mount: true,
            generateId: true,
            idGenerator: (req: Request) => {
              const header = req.header('x-request-id');
              const id = header && /^[A-Za-z0-9._-]{1,64}$/.test(header) ? header : randomUUID();
              req.res?.setHeader('X-Request-Id', id);
              return id;
            },
            setup: (cls, req: Request) => cls.set(REQUEST_IP, req.ip ?? null),
          },
          plugins: [
            new ClsPluginTransactional({
              imports: [database],
              // No default options: PostgreSQL's default isolation is READ COMMITTED, and options on a joined transaction only warn.
              adapter: new TypeOrmAdapterWithSnapshots({ dataSourceToken: DataSource }),
            }),
          ],
        }),
      ],
      providers: [
        { provide: Clock, useClass: SystemClock },
        Snapshot,
        AuditLogRepository,
        AuditTrail,
        RefusalAudit,
        IdempotencyKeyRepository,
        IdempotencyService,
        IdempotencyInterceptor,
        Workers,
        DocumentRenderer,
      ],
      exports: [
        Clock,
        Snapshot,
        AuditLogRepository,
        AuditTrail,
        RefusalAudit,
        IdempotencyService,
        IdempotencyInterceptor,
        Workers,
        DocumentRenderer,
      ],
    };
  }
}
