import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Subscription } from 'rxjs';
import { CronSchedule, nextRun, parseCron } from '../core/cron';
import { Clock } from '../platform/clock/clock';
import { beijingIso } from '../platform/clock/clock';
import { BACKUP_SETTINGS, BackupSettings } from './backup-settings';
import { BackupStatus, ScheduledOutcome } from './backup-status';
import { BackupService } from './backup.service';

/** setTimeout's longest delay (about 24.8 days): a later run is reached in steps. */
const MAX_DELAY = 2 ** 31 - 1;

/**
 * Scheduled backups (BACKUP_CRON) while the service runs: armed when the HTTP server starts listening, so that
 * commands and tests, which build the same module graph without listening, never take one. Each run writes to
 * BACKUP_DIR, keeps the BACKUP_KEEP newest, is logged, and leaves its outcome in BackupStatus (a failure makes the
 * health check say "degraded").
 */
@Injectable()
export class BackupScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Backups');
  private readonly schedule?: CronSchedule;
  private timer?: NodeJS.Timeout;
  private listening?: Subscription;
  private running?: Promise<ScheduledOutcome>;

  constructor(
    @Inject(BACKUP_SETTINGS) private readonly settings: BackupSettings,
    private readonly backups: BackupService,
    private readonly status: BackupStatus,
    private readonly clock: Clock,
    private readonly http: HttpAdapterHost,
  ) {
    this.schedule = settings.cron ? parseCron(settings.cron) : undefined;
  }

  onApplicationBootstrap(): void {
    if (this.schedule) this.listening = this.http.listen$.subscribe(() => this.arm());
  }

  onApplicationShutdown(): void {
    this.listening?.unsubscribe();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One scheduled backup now (the timer calls it; so may a test); never two at once. */
  run(): Promise<ScheduledOutcome> {
    this.running ??= this.backUp().finally(() => (this.running = undefined));
    return this.running;
  }

  private arm(): void {
    const next = nextRun(this.schedule!, this.clock.now());
    this.status.scheduleNext(next && beijingIso(next.getTime()));
    if (!next) return;
    const wait = next.getTime() - this.clock.now().getTime();
    this.timer = setTimeout(
      () => {
        if (wait > MAX_DELAY) return this.arm();
        void this.run().finally(() => this.timer && this.arm());
      },
      Math.min(Math.max(wait, 0), MAX_DELAY),
    );
    this.timer.unref();
  }

  private async backUp(): Promise<ScheduledOutcome> {
    const at = beijingIso(this.clock.now().getTime());
    let outcome: ScheduledOutcome;
    try {
      const b = await this.backups.write(this.settings.dir);
      const pruned = this.backups.prune(this.settings.dir, this.settings.keep);
      outcome = { ok: true, at, file: b.file, bytes: b.bytes, ms: b.ms };
      this.logger.log(
        `定时备份完成：${b.file}，${b.bytes} 字节，用时 ${b.ms} 毫秒，${b.manifest.projects.length} 个项目` +
          (pruned.length ? `；按 BACKUP_KEEP=${this.settings.keep} 删除了 ${pruned.join('、')}` : ''),
      );
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      outcome = { ok: false, at, error };
      this.logger.error(`定时备份失败（写往 ${this.settings.dir}）：${error}`);
    }
    this.status.record(outcome);
    return outcome;
  }
}
