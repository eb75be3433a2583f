import { Module } from '@nestjs/common';
import { TownshipsModule } from '../townships/townships.module';
import { VillagesController } from './villages.controller';
import { VillagesRepository } from './villages.repository';
import { VillagesService } from './villages.service';

@Module({
  imports: [TownshipsModule],
  controllers: [VillagesController],
  providers: [VillagesRepository, VillagesService],
  exports: [VillagesService, VillagesRepository],
})
export class VillagesModule {}
