import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessModule } from './access/access.module';
import { resolveJwtSecret } from './access/jwt-secret';
import { AppConfig } from './config/config';
import { CapitalModule } from './capital/capital.module';
import { DatabaseModule } from './database/database.module';
import { DistributionsModule } from './distributions/distributions.module';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { LedgerModule } from './ledger/ledger.module';
import { PaymentsModule } from './payments/payments.module';
import { ReportsModule } from './reports/reports.module';
import { RunsModule } from './runs/runs.module';
import { PoliciesModule } from './policies/policies.module';
import { ProjectsModule } from './projects/projects.module';
import { ResultsModule } from './results/results.module';
import { TownshipsModule } from './townships/townships.module';
import { VillagesModule } from './villages/villages.module';

@Module({})
export class AppModule {
  static forRoot(dataSource: DataSource, config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DatabaseModule.forRoot(dataSource),
        IdempotencyModule,
        AccessModule.forRoot({ jwtSecret: resolveJwtSecret(config), jwtTtlSeconds: config.jwtTtlSeconds }),
        HealthModule,
        TownshipsModule,
        VillagesModule,
        ProjectsModule,
        CapitalModule,
        ResultsModule,
        PoliciesModule,
        DistributionsModule,
        LedgerModule,
        RunsModule,
        PaymentsModule,
        ReportsModule,
      ],
    };
  }
}
