import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { ProjectsModule } from '../projects/projects.module';
import { UsersModule } from '../users/users.module';
import { VillagesModule } from '../villages/villages.module';
import { OpeningBalancesController } from './opening-balances.controller';
import { OpeningBalancesRepository } from './opening-balances.repository';
import { OpeningBalancesService } from './opening-balances.service';

/** Opening balances (/api/projects/:projectId/opening-balances): draft, approve (maker-checker), post as the first voucher, reverse. */
@Module({
  imports: [LedgerModule, ProjectsModule, UsersModule, VillagesModule],
  controllers: [OpeningBalancesController],
  providers: [OpeningBalancesRepository, OpeningBalancesService],
  exports: [OpeningBalancesService],
})
export class OpeningBalancesModule {}
