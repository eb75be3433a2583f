import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../platform/access/access.decorators';
import { ApiOk, ApiSignedIn } from '../platform/http/openapi';
import { BACKUP_SETTINGS, BackupSettings } from './backup-settings';
import { BackupStatus } from './backup-status';
import { BackupService } from './backup.service';
import { BackupListResponse } from './backups.responses';

@ApiTags('backups 备份')
@ApiSignedIn()
@Access('backups')
@Controller('backups')
export class BackupsController {
  constructor(
    @Inject(BACKUP_SETTINGS) private readonly settings: BackupSettings,
    private readonly backups: BackupService,
    private readonly status: BackupStatus,
  ) {}

  @ApiOperation({ summary: '备份列表：文件、大小、时间和各项目的账簿摘要，以及定时备份的设置和上一次的结果' })
  @ApiOk('dir：备份目录；schedule：cron、保留份数、下一次时间；lastScheduled：上一次定时备份；items：最新的在前', BackupListResponse)
  @Get()
  async list() {
    return {
      dir: this.settings.dir,
      schedule: { cron: this.settings.cron ?? null, keep: this.settings.keep, next: this.status.nextScheduled ?? null },
      lastScheduled: this.status.lastScheduled ?? null,
      items: await this.backups.list(this.settings.dir),
    };
  }
}
