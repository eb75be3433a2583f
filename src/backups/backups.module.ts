import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '../platform/config/config';
import { BackupScheduler } from './backup-scheduler';
import { BACKUP_SETTINGS } from './backup-settings';
import { BackupStatusModule } from './backup-status';
import { BackupsController } from './backups.controller';
import { BackupRepository } from './backup.repository';
import { BackupService } from './backup.service';
import { RestoreRepository } from './restore.repository';
import { RestoreService } from './restore.service';

/** Backups (npm run backup, the scheduled ones, GET /api/backups) and restore (npm run restore). */
@Module({})
export class BackupsModule {
  static forRoot(config: Pick<AppConfig, 'backupDir' | 'backupKeep' | 'backupCron'>): DynamicModule {
    return {
      module: BackupsModule,
      imports: [BackupStatusModule],
      controllers: [BackupsController],
      providers: [
        { provide: BACKUP_SETTINGS, useValue: { dir: config.backupDir, keep: config.backupKeep, cron: config.backupCron } },
        BackupRepository,
        RestoreRepository,
        BackupService,
        RestoreService,
        BackupScheduler,
      ],
      exports: [BackupService, RestoreService, BackupScheduler],
    };
  }
}
