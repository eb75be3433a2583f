/** Where backups go and when the running service takes them (BACKUP_DIR, BACKUP_KEEP, BACKUP_CRON). */
export interface BackupSettings {
  dir: string;
  keep: number;
  /** Five-field cron in Beijing time; undefined: no scheduled backups. */
  cron?: string;
}

export const BACKUP_SETTINGS = Symbol('BACKUP_SETTINGS');
