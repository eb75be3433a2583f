import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../platform/config/config';
import { openDatabase } from './data-source';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface Database {
  dataSource: DataSource;
  /** Migrations applied by this start. */
  applied: string[];
  /** Where the data lives, for the start-up line. */
  description: string;
  close(): Promise<void>;
}

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL in DATA_DIR. Either
 * way, pending migrations are applied before anything else touches the data.
 */
export async function connectDatabase(config: AppConfig): Promise<Database> {
  let url = config.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let description = 'DATABASE_URL';
  if (!url) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const logFile = path.join(config.dataDir, 'postgres.log');
    const embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      port: config.embeddedPgPort,
      database: 'enclave',
      persistent: true,
      log: (line) => fs.appendFileSync(logFile, line.endsWith('\n') ? line : `${line}\n`),
    });
    url = embedded.url;
    stopEmbedded = embedded.stop;
    description = `embedded PostgreSQL in ${config.dataDir} (port ${config.embeddedPgPort}, log ${logFile})`;
  }
  try {
    const { dataSource, applied } = await openDatabase(url, config.logSql);
    return {
      dataSource,
      applied,
      description,
      async close() {
        if (dataSource.isInitialized) await dataSource.destroy();
        if (stopEmbedded) await stopEmbedded();
      },
    };
  } catch (e) {
    if (stopEmbedded) await stopEmbedded();
    throw e;
  }
}
