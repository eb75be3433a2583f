import { DataSource } from 'typeorm';
import { migrations } from '../../../migrations';

/**
 * The one DataSource definition: the service, the migration command, the
 * TypeORM CLI (typeorm.config.ts) and the tests all use it. There are no
 * entities: every table is owned by a raw-SQL repository (docs/architecture.md).
 */
export function createDataSource(url: string, logSql = false): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: [],
    migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: logSql ? ['query', 'error'] : false,
    extra: { max: 20 },
  });
}

/** Connects and applies pending migrations; returns the names applied. */
export async function openDatabase(url: string, logSql = false): Promise<{ dataSource: DataSource; applied: string[] }> {
  const dataSource = createDataSource(url, logSql);
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return { dataSource, applied: applied.map((m) => m.name) };
  } catch (e) {
    await dataSource.destroy();
    throw e;
  }
}
