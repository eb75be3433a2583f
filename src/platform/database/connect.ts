import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../platform/config/config';
import { createDataSource, openDatabase } from './data-source';
import { startEmbeddedPostgres } from './embedded-postgres';
import { prepareServiceRole, ServiceRole, ServiceRoleSource, servicePassword } from './service-role';

export interface Database {
  dataSource: DataSource;
  /** Migrations applied by this start. */
  applied: string[];
  /** Where the data lives, for the start-up line. */
  description: string;
  /** The role the pool connects as: it owns no table (docs/decisions.md, "The service's database role"). */
  role: string;
  close(): Promise<void>;
}

/** The owner's URL: DATABASE_URL, or the embedded superuser's in DATA_DIR (started here; `stop` shuts it down again). */
export interface OwnerUrl {
  url: string;
  /** Where the data lives, for messages. */
  description: string;
  stop(): Promise<void>;
}

export async function ownerUrl(config: AppConfig): Promise<OwnerUrl> {
  if (config.databaseUrl) return { url: config.databaseUrl, description: 'DATABASE_URL', stop: async () => undefined };
  fs.mkdirSync(config.dataDir, { recursive: true });
  const logFile = path.join(config.dataDir, 'postgres.log');
  const embedded = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.embeddedPgPort,
    database: 'enclave',
    persistent: true,
    log: (line) => fs.appendFileSync(logFile, line.endsWith('\n') ? line : `${line}\n`),
  });
  return {
    url: embedded.url,
    description: `DATA_DIR ${config.dataDir} 中的内置 PostgreSQL（端口 ${config.embeddedPgPort}，日志 ${logFile}）`,
    stop: embedded.stop,
  };
}

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL in DATA_DIR. Either way, pending migrations are applied
 * first, as the owner (DATABASE_URL's user, or the embedded superuser); then the pool connects as the service role:
 * SERVICE_DATABASE_URL's, or `<database>_service`, made and granted by the owner at every start.
 */
export async function connectDatabase(config: AppConfig): Promise<Database> {
  const { url, description, stop: stopEmbedded } = await ownerUrl(config);
  try {
    const source: ServiceRoleSource = config.serviceDatabaseUrl
      ? { url: config.serviceDatabaseUrl }
      : { password: servicePassword(config.dataDir) };
    const { applied, service } = await migrateAsOwner(url, source, config.logSql);
    const dataSource = await openAsService(service, config.logSql);
    return {
      dataSource,
      applied,
      description,
      role: service.role,
      async close() {
        if (dataSource.isInitialized) await dataSource.destroy();
        await stopEmbedded();
      },
    };
  } catch (e) {
    await stopEmbedded();
    throw e;
  }
}

/** Applies pending migrations on the owner's connection, then readies the service role; the owner's connection is closed after. */
export async function migrateAsOwner(
  ownerUrl: string,
  source: ServiceRoleSource,
  logSql = false,
): Promise<{ applied: string[]; service: ServiceRole }> {
  const { dataSource: owner, applied } = await openDatabase(ownerUrl, logSql);
  try {
    return { applied, service: await prepareServiceRole(owner, ownerUrl, source) };
  } finally {
    await owner.destroy();
  }
}

/** The service's pool, checked to be the role and database the owner prepared (a PGUSER or a typo cannot slip in). */
async function openAsService(service: ServiceRole, logSql: boolean): Promise<DataSource> {
  const dataSource = createDataSource(service.url, logSql);
  await dataSource.initialize();
  const [{ role, database }] = await dataSource.query('SELECT current_user AS role, current_database() AS database');
  if (role !== service.role || database !== service.database) {
    await dataSource.destroy();
    throw new Error(
      `The service's connection is "${role}" on "${database}", not "${service.role}" on "${service.database}" (SERVICE_DATABASE_URL?)`,
    );
  }
  return dataSource;
}
