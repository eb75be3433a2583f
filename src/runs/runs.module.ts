import { Module } from '@nestjs/common';
import { DistributionsModule } from '../distributions/distributions.module';
import { LedgerModule } from '../ledger/ledger.module';
import { ProjectsModule } from '../projects/projects.module';
import { UsersModule } from '../users/users.module';
import { VillagesModule } from '../villages/villages.module';
import { RunsController } from './runs.controller';
import { RunsRepository } from './runs.repository';
import { RunsService } from './runs.service';

/** Distribution runs: draft, approve (maker-checker), post to the books, reverse. */
@Module({
  imports: [DistributionsModule, LedgerModule, ProjectsModule, UsersModule, VillagesModule],
  controllers: [RunsController],
  providers: [RunsRepository, RunsService],
  exports: [RunsService, RunsRepository],
})
export class RunsModule {}
