import 'reflect-metadata';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { BackupService } from '../backups/backup.service';
import { openOwnerDatabase } from '../backups/owner-database';
import { loadConfig } from '../platform/config/config';
import { backupContext } from './backup-context';

/**
 * `npm run backup [-- --dir DIR]`: writes one backup file (enclave-backup-<Beijing time>.tar.gz) to BACKUP_DIR
 * (default DATA_DIR/backups) or DIR, from one consistent snapshot, while the service runs or not; on the embedded
 * default and on DATABASE_URL alike. Prints the file, its size, the time taken and every project's digest.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { dir: { type: 'string' } } });
  const config = loadConfig();
  const dir = path.resolve(values.dir ?? config.backupDir);
  const db = await openOwnerDatabase(config);
  const ctx = await backupContext(db, config);
  try {
    const b = await ctx.get(BackupService).write(dir);
    const rows = b.manifest.tables.reduce((s, t) => s + t.rows, 0);
    console.log(`已备份 ${db.description}：${b.file}`);
    console.log(
      `  ${b.bytes} 字节，${b.manifest.tables.length} 张表 ${rows} 行，用时 ${b.ms} 毫秒；数据库结构版本 ${b.manifest.schemaVersion}`,
    );
    for (const p of b.manifest.projects) {
      console.log(`  项目 ${p.code}：账簿摘要 第 ${p.vouchers.sequence} 张凭证 ${p.vouchers.hash}，事件链 第 ${p.events.sequence} 个`);
    }
    console.log(`  审计日志：第 ${b.manifest.audit.sequence} 条 ${b.manifest.audit.hash}`);
    return 0;
  } finally {
    await ctx.close();
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`备份失败：${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
