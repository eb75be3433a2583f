import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { ProjectsModule } from '../projects/projects.module';
import { VillagesModule } from '../villages/villages.module';
import { CapitalController } from './capital.controller';
import { CapitalRepository } from './capital.repository';
import { CapitalService } from './capital.service';

/** Capital events (/api/projects/:projectId/capital-events) and the capital_event table; each event posts its voucher. */
@Module({
  imports: [ProjectsModule, VillagesModule, LedgerModule],
  controllers: [CapitalController],
  providers: [CapitalRepository, CapitalService],
  exports: [CapitalService, CapitalRepository],
})
export class CapitalModule {}
