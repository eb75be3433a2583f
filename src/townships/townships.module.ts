import { Module } from '@nestjs/common';
import { TownshipsController } from './townships.controller';
import { TownshipsRepository } from './townships.repository';
import { TownshipsService } from './townships.service';

@Module({
  controllers: [TownshipsController],
  providers: [TownshipsRepository, TownshipsService],
  exports: [TownshipsService, TownshipsRepository],
})
export class TownshipsModule {}
