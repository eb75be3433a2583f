import { Injectable, Module } from '@nestjs/common';

/** How the last scheduled backup went. */
export type ScheduledOutcome = { ok: true; at: string; file: string; bytes: number; ms: number } | { ok: false; at: string; error: string };

/**
 * The last scheduled backup's outcome, kept in memory by the running service: the health check reports "degraded"
 * while it is a failure, until a later one succeeds. Its own module, so that health (below) and the scheduler
 * share one instance.
 */
@Injectable()
export class BackupStatus {
  private last?: ScheduledOutcome;
  private next?: string;

  record(outcome: ScheduledOutcome): void {
    this.last = outcome;
  }

  scheduleNext(at: string | undefined): void {
    this.next = at;
  }

  get lastScheduled(): ScheduledOutcome | undefined {
    return this.last;
  }

  get nextScheduled(): string | undefined {
    return this.next;
  }

  /** Whether the last scheduled backup failed. */
  get failing(): boolean {
    return this.last?.ok === false;
  }
}

@Module({ providers: [BackupStatus], exports: [BackupStatus] })
export class BackupStatusModule {}
