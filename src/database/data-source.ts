import { DataSource } from 'typeorm';
import { migrations } from '../../migrations';
import { entities } from './entities';

/** The one DataSource definition: the app, the migration command and the tests all use it. */
export function createDataSource(url: string, logSql = false): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
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
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return { dataSource, applied: applied.map((m) => m.name) };
}
