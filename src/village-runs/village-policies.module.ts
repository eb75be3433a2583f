import { Module } from '@nestjs/common';
import { VillagesModule } from '../villages/villages.module';
import { VillagePoliciesController } from './village-policies.controller';
import { VillagePoliciesRepository } from './village-policies.repository';
import { VillagePoliciesService } from './village-policies.service';

/** Village distribution policies (/api/villages/:villageId/policies) and the village_policy table; the village runs import it. */
@Module({
  imports: [VillagesModule],
  controllers: [VillagePoliciesController],
  providers: [VillagePoliciesRepository, VillagePoliciesService],
  exports: [VillagePoliciesService],
})
export class VillagePoliciesModule {}
