import * as fs from 'node:fs';
import * as path from 'node:path';

/** enclave-backup-2026-11-28T101500+0800.tar.gz: the snapshot's instant in Beijing time, sortable by name. */
const PATTERN = /^enclave-backup-(\d{4}-\d{2}-\d{2}T\d{6}\+0800)(?:-(\d+))?\.tar\.gz$/;

/** The file name for a backup taken at `createdAt` (ISO 8601 in Beijing time), not yet taken in `dir`. */
export function freeBackupName(dir: string, createdAt: string): string {
  const stamp = `${createdAt.slice(0, 10)}T${createdAt.slice(11, 19).replace(/:/g, '')}+0800`;
  for (let n = 1; ; n++) {
    const name = `enclave-backup-${stamp}${n === 1 ? '' : `-${n}`}.tar.gz`;
    if (!fs.existsSync(path.join(dir, name))) return name;
  }
}

export interface BackupFile {
  name: string;
  path: string;
  bytes: number;
  modified: Date;
}

/** The backups in `dir`, newest first (by name: the instant, then the counter); none when it is not a directory (yet). */
export function listBackupFiles(dir: string): BackupFile[] {
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return [];
  const key = (name: string) => {
    const m = PATTERN.exec(name)!;
    return `${m[1]}-${(m[2] ?? '1').padStart(6, '0')}`;
  };
  return fs
    .readdirSync(dir)
    .filter((name) => PATTERN.test(name))
    .sort((a, b) => key(b).localeCompare(key(a)))
    .map((name) => {
      const stat = fs.statSync(path.join(dir, name));
      return { name, path: path.join(dir, name), bytes: stat.size, modified: stat.mtime };
    });
}
