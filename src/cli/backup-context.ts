import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BackupsModule } from '../backups/backups.module';
import type { AppConfig } from '../platform/config/config';
import { PlatformModule } from '../platform/platform.module';
import type { OwnerDatabase } from '../backups/owner-database';

@Module({})
class BackupCommandModule {}

/** The platform and the backups feature on the owner's connection: all `npm run backup` and `npm run restore` need. */
export function backupContext(db: OwnerDatabase, config: AppConfig): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(
    { module: BackupCommandModule, imports: [PlatformModule.forRoot(db.dataSource), BackupsModule.forRoot(config)] },
    { logger: ['error'] },
  );
}
