import { join } from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { DataSource } from 'typeorm';
import { AccessModule } from './access/access.module';
import { AuditModule } from './audit/audit.module';
import { BackupsModule } from './backups/backups.module';
import { CapitalModule } from './capital/capital.module';
import { DistributionsModule } from './distributions/distributions.module';
import { HealthModule } from './health/health.module';
import { HouseholdsModule } from './households/households.module';
import { ImportsModule } from './imports/imports.module';
import { LedgerModule } from './ledger/ledger.module';
import { OpeningBalancesModule } from './opening-balances/opening-balances.module';
import { PaymentsModule } from './payments/payments.module';
import { loadConfig } from './platform/config/config';
import { PlatformModule } from './platform/platform.module';
import { PoliciesModule } from './policies/policies.module';
import { ProjectsModule } from './projects/projects.module';
import { ReportsModule } from './reports/reports.module';
import { ResultsModule } from './results/results.module';
import { RunsModule } from './runs/runs.module';
import { TownshipsModule } from './townships/townships.module';
import { UsersModule } from './users/users.module';
import { VillageRunsModule } from './village-runs/village-runs.module';
import { VillagesModule } from './villages/villages.module';

/**
 * The console (web/, built by Vite into web/dist) at `/`: its files, and index.html for every other path that is not
 * under /api, so that the console's own routes (/projects/…, /villages/…) load on a reload or a typed address.
 * Hashed assets are cached for good; index.html is checked each time, so a new build is seen at once.
 */
const CONSOLE = ServeStaticModule.forRoot({
  rootPath: join(__dirname, '..', 'web', 'dist'),
  exclude: ['/api/{*path}'],
  serveStaticOptions: {
    index: 'index.html',
    setHeaders: (res, file) =>
      res.setHeader('Cache-Control', /[\\/]assets[\\/]/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  },
});

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
        CONSOLE,
        AccessModule.forRoot(options),
        UsersModule,
        AuditModule,
        BackupsModule.forRoot(loadConfig()),
        HealthModule,
        TownshipsModule,
        VillagesModule,
        ProjectsModule,
        CapitalModule,
        ResultsModule,
        PoliciesModule,
        HouseholdsModule,
        DistributionsModule,
        LedgerModule,
        OpeningBalancesModule,
        RunsModule,
        PaymentsModule,
        VillageRunsModule,
        ImportsModule,
        ReportsModule,
      ],
    };
  }
}
