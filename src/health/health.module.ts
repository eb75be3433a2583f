import { Module } from '@nestjs/common';
import { BackupStatusModule } from '../backups/backup-status';
import { HealthController } from './health.controller';
import { HealthRepository } from './health.repository';

@Module({ imports: [BackupStatusModule], controllers: [HealthController], providers: [HealthRepository] })
export class HealthModule {}
