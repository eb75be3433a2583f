import 'reflect-metadata';
import { INestApplication, Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { AppConfig, loadConfig } from './platform/config/config';
import { systemActor } from './platform/context/actor';
import { connectDatabase, Database } from './platform/database/connect';
import { serviceLogger } from './platform/logging/json-logger';
import { UsersService } from './users/users.service';

const logger = new Logger('Main');

async function main(): Promise<void> {
  // Every Logger, Nest's own included, writes JSON lines in Beijing time unless stdout is a terminal.
  Logger.overrideLogger(serviceLogger());
  const config = loadConfig();
  const db = await connectDatabase(config);
  logger.log(`数据库：${db.description}，服务角色 ${db.role}；本次应用的迁移：${db.applied.length ? db.applied.join('、') : '无'}`);
  // If the service cannot come up (the port is taken, say), stop the database it started.
  const app = await startHttp(db, config).catch(async (e) => {
    await db.close();
    throw e;
  });
  logger.log(`飞地经济分红台账已启动：控制台 http://${config.host}:${config.port}/，接口 /api（文档 /api/docs）`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal}: closing HTTP, then the database`);
    await app.close();
    await db.close();
    logger.log('Stopped cleanly');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

async function startHttp(db: Database, config: AppConfig): Promise<INestApplication> {
  const app = await createApp(db.dataSource, config);
  const first = await app.get(UsersService).createFirstAdminIfNone(systemActor('first-start'));
  if (first) {
    // Printed once, never stored in clear: the admin must change it at first sign-in.
    console.log(
      `\nFirst start: created user "${first.login}" with one-time password ${first.password}\n` +
        'Sign in with POST /api/auth/login, then set your own password with POST /api/auth/password.\n',
    );
  }
  await app.listen(config.port, config.host);
  return app;
}

main().catch((e) => {
  if ((e as { code?: string }).code === 'EADDRINUSE')
    logger.fatal(`${(e as Error).message}: another program uses the port; set PORT to another one`);
  else logger.fatal(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
