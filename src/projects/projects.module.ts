import { Module } from '@nestjs/common';
import { TownshipsModule } from '../townships/townships.module';
import { VillagesModule } from '../villages/villages.module';
import { ParticipationRepository } from './participation.repository';
import { ProjectsController } from './projects.controller';
import { ProjectsRepository } from './projects.repository';
import { ProjectsService } from './projects.service';

/** Projects (/api/projects) and their villages: the project and project_village tables. */
@Module({
  imports: [TownshipsModule, VillagesModule],
  controllers: [ProjectsController],
  providers: [ProjectsRepository, ParticipationRepository, ProjectsService],
  // The access guard asks ParticipationRepository whether a treasurer's village takes part.
  exports: [ProjectsService, ParticipationRepository],
})
export class ProjectsModule {}
