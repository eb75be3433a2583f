import { Module } from '@nestjs/common';
import { VillagesModule } from '../villages/villages.module';
import { HouseholdsController } from './households.controller';
import { HouseholdsRepository } from './households.repository';
import { HouseholdsService } from './households.service';
import { ShareRegistersController } from './share-registers.controller';
import { ShareRegistersRepository } from './share-registers.repository';
import { ShareRegistersService } from './share-registers.service';

/**
 * A village's members: its households (/api/villages/:villageId/households) and the versions of its share register
 * (/api/villages/:villageId/share-registers); the tables household, share_register, share_kind and share_holding.
 */
@Module({
  imports: [VillagesModule],
  controllers: [HouseholdsController, ShareRegistersController],
  providers: [HouseholdsRepository, HouseholdsService, ShareRegistersRepository, ShareRegistersService],
  exports: [HouseholdsService, ShareRegistersService, HouseholdsRepository, ShareRegistersRepository],
})
export class HouseholdsModule {}
