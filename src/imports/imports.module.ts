import { Module } from '@nestjs/common';
import { CapitalModule } from '../capital/capital.module';
import { LedgerModule } from '../ledger/ledger.module';
import { CapitalRows } from './capital-rows';
import { HouseholdsModule } from '../households/households.module';
import { OpeningBalancesModule } from '../opening-balances/opening-balances.module';
import { ProjectsModule } from '../projects/projects.module';
import { ResultsModule } from '../results/results.module';
import { TownshipsModule } from '../townships/townships.module';
import { VillagesModule } from '../villages/villages.module';
import { ImportsController } from './imports.controller';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';
import { MemberRows } from './member-rows';

/**
 * Import from Excel or CSV (/api/imports), in one transaction: new records in bulk through their tables' own
 * repositories (which their modules export for this), every other row through its module's service.
 */
@Module({
  imports: [
    TownshipsModule,
    VillagesModule,
    ProjectsModule,
    CapitalModule,
    ResultsModule,
    OpeningBalancesModule,
    LedgerModule,
    HouseholdsModule,
  ],
  controllers: [ImportsController],
  providers: [ImportsRepository, ImportsService, CapitalRows, MemberRows],
})
export class ImportsModule {}
