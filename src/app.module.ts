import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessModule } from './access/access.module';
import { AuditModule } from './audit/audit.module';
import { CapitalModule } from './capital/capital.module';
import { DistributionsModule } from './distributions/distributions.module';
import { HealthModule } from './health/health.module';
import { LedgerModule } from './ledger/ledger.module';
import { PaymentsModule } from './payments/payments.module';
import { PlatformModule } from './platform/platform.module';
import { PoliciesModule } from './policies/policies.module';
import { ProjectsModule } from './projects/projects.module';
import { ReportsModule } from './reports/reports.module';
import { ResultsModule } from './results/results.module';
import { RunsModule } from './runs/runs.module';
import { TownshipsModule } from './townships/townships.module';
import { UsersModule } from './users/users.module';
import { VillagesModule } from './villages/villages.module';

export interface AppOptions {
  jwtSecret: string;
  jwtTtlSeconds: number;
}

/** The whole service: the platform, then every feature module. */
@Module({})
export class AppModule {
  static forRoot(dataSource: DataSource, options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(dataSource),
        AccessModule.forRoot(options),
        UsersModule,
        AuditModule,
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
