import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CapitalModule } from './capital/capital.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { PoliciesModule } from './policies/policies.module';
import { ProjectsModule } from './projects/projects.module';
import { ResultsModule } from './results/results.module';
import { TownshipsModule } from './townships/townships.module';
import { VillagesModule } from './villages/villages.module';

@Module({})
export class AppModule {
  static forRoot(dataSource: DataSource): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DatabaseModule.forRoot(dataSource),
        HealthModule,
        TownshipsModule,
        VillagesModule,
        ProjectsModule,
        CapitalModule,
        ResultsModule,
        PoliciesModule,
      ],
    };
  }
}
