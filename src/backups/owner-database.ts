import type { DataSource } from 'typeorm';
import type { AppConfig } from '../platform/config/config';
import { createDataSource } from '../platform/database/data-source';
import { ownerUrl } from '../platform/database/connect';

export interface OwnerDatabase {
  dataSource: DataSource;
  /** Where the data lives, for messages. */
  description: string;
  close(): Promise<void>;
}

/**
 * The schema owner's connection, without running migrations: a backup must record the schema as it is, and a
 * restore builds it itself. DATABASE_URL's user, or the embedded superuser in DATA_DIR (started if it is not
 * running, and then stopped by close(); left running when the service has it up).
 */
export async function openOwnerDatabase(config: AppConfig): Promise<OwnerDatabase> {
  const { url, description, stop } = await ownerUrl(config);
  const dataSource = createDataSource(url, config.logSql);
  try {
    await dataSource.initialize();
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    dataSource,
    description,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await stop();
    },
  };
}
