import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { ProjectsModule } from '../projects/projects.module';
import { VillagesModule } from '../villages/villages.module';
import { PoliciesController } from './policies.controller';
import { PoliciesRepository } from './policies.repository';
import { PoliciesService } from './policies.service';

/** Distribution policies (/api/projects/:projectId/policies) and the distribution_policy table; each version set is a chain event. */
@Module({
  imports: [ProjectsModule, VillagesModule, LedgerModule],
  controllers: [PoliciesController],
  providers: [PoliciesRepository, PoliciesService],
  exports: [PoliciesService],
})
export class PoliciesModule {}
