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
  logger.log(
    `Database: ${db.description}, as role ${db.role}; migrations applied now: ${db.applied.length ? db.applied.join(', ') : 'none pending'}`,
  );
  // If the service cannot come up (the port is taken, say), stop the database it started.
  const app = await startHttp(db, config).catch(async (e) => {
    await db.close();
    throw e;
  });
  logger.log(`Enclave Ledger listening on http://${config.host}:${config.port}/api (docs: /api/docs)`);

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
