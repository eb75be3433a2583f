import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { appOptions } from '../app.factory';
import { AppModule } from '../app.module';
import { BackupFileError } from '../backups/backup-archive';
import { Digest } from '../backups/backup-manifest';
import { openOwnerDatabase } from '../backups/owner-database';
import { RestoreRefused, RestoreService } from '../backups/restore.service';
import { VerificationService } from '../ledger/verification.service';
import { AuditTrail } from '../platform/audit/audit-trail';
import { loadConfig } from '../platform/config/config';
import { connectDatabase } from '../platform/database/connect';
import { Snapshot } from '../platform/database/snapshot';
import { backupContext } from './backup-context';

/**
 * `npm run restore -- FILE [--force]`: restores a backup into the database of DATABASE_URL, or into the embedded
 * PostgreSQL of DATA_DIR (a new DATA_DIR is made), in one transaction; an older backup is migrated forward. Refuses a
 * damaged file, a schema this release does not know, and existing books unless --force (which backs them up first).
 * Then verifies every project's chains and the audit trail, printing each digest beside the one the backup recorded.
 * Exit 0: restored and verified; 1: restored but a chain does not verify, or an error; 2: refused, nothing changed.
 */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: { force: { type: 'boolean', default: false } }, allowPositionals: true });
  if (positionals.length !== 1) {
    console.error('用法：npm run restore -- <备份文件.tar.gz> [--force]');
    return 2;
  }
  const file = path.resolve(positionals[0]);
  if (!fs.existsSync(file)) {
    console.error(`备份文件 ${file} 不存在`);
    return 2;
  }
  const config = loadConfig();
  const owner = await openOwnerDatabase(config);
  const ctx = await backupContext(owner, config);
  let report;
  try {
    report = await ctx.get(RestoreService).restore(file, { force: values.force, backupDir: config.backupDir });
  } catch (e) {
    if (e instanceof BackupFileError) {
      console.error(`拒绝恢复：备份文件 ${file} 已损坏或不完整（${e.message}）。数据库没有任何改动；请换一份备份。`);
      return 2;
    }
    if (e instanceof RestoreRefused) {
      console.error(`拒绝恢复：${e.message}。数据库没有任何改动。`);
      return 2;
    }
    console.error(`恢复失败，数据库没有任何改动：${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    await ctx.close();
    await owner.close();
  }
  const m = report.manifest;
  if (report.previous) console.log(`覆盖前已把原有账簿备份到 ${report.previous.file}`);
  console.log(`已从 ${file} 恢复到 ${owner.description}（备份于 ${m.createdAt}，数据库结构版本 ${m.schemaVersion}）`);
  if (report.migrated.length) console.log(`  恢复后执行了迁移：${report.migrated.join('、')}`);
  return verify(config, m.projects, m.audit);
}

/** Every project's chains verified on the restored books, as the service will see them, each digest beside the recorded one. */
async function verify(
  config: ReturnType<typeof loadConfig>,
  projects: Array<{ id: string; code: string; vouchers: Digest }>,
  audit: Digest,
) {
  const db = await connectDatabase(config);
  const ctx = await NestFactory.createApplicationContext(AppModule.forRoot(db.dataSource, appOptions(config)), { logger: ['error'] });
  const show = (d: Digest) => `第 ${d.sequence} 张 ${d.hash}`;
  let ok = true;
  try {
    const verification = ctx.get(VerificationService, { strict: false });
    for (const p of projects) {
      const v = await verification.verify(p.id);
      const same = v.digest.sequence === p.vouchers.sequence && v.digest.hash === p.vouchers.hash;
      ok &&= v.ok && same;
      console.log(`  项目 ${p.code}：备份所记 ${show(p.vouchers)}`);
      console.log(
        `  ${' '.repeat(p.code.length + 5)}恢复后 ${show(v.digest)} ${same ? '一致' : '不一致'}，${v.ok ? '凭证链和事件链校验通过' : `校验未通过：${v.reason}`}`,
      );
    }
    const trail = await ctx.get(Snapshot).read(() => ctx.get(AuditTrail).verify());
    const same = trail.ok && trail.digest.sequence === audit.sequence && trail.digest.hash === audit.hash;
    ok &&= same;
    console.log(
      `  审计日志：备份所记第 ${audit.sequence} 条，恢复后${trail.ok ? `第 ${trail.digest.sequence} 条，${same ? '一致，校验通过' : '不一致'}` : `校验未通过：${trail.reason}`}`,
    );
    console.log(ok ? '恢复完成，账簿与备份一致。' : '恢复完成，但校验未通过：请保留这份备份并联系技术支持。');
    return ok ? 0 : 1;
  } finally {
    await ctx.close();
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`恢复出错：${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
