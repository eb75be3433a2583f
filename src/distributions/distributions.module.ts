import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { PoliciesModule } from '../policies/policies.module';
import { ProjectsModule } from '../projects/projects.module';
import { VillagesModule } from '../villages/villages.module';
import { DeficitReader } from './deficit-reader';
import { DistributionViews } from './distribution-views';
import { PreviewController } from './preview.controller';
import { ScenarioBuilder } from './scenario-builder';
import { ScenarioRepository } from './scenario.repository';

/** The scenario document built from the stored records, and the distribution computed from it. */
@Module({
  imports: [LedgerModule, PoliciesModule, ProjectsModule, VillagesModule],
  controllers: [PreviewController],
  providers: [ScenarioRepository, ScenarioBuilder, DeficitReader, DistributionViews],
  exports: [ScenarioBuilder, DeficitReader],
})
export class DistributionsModule {}
