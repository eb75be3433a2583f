import * as path from 'node:path';
import { DataSource, MigrationInterface } from 'typeorm';

/**
 * The top-level migrations/ folder, loaded by path so that src/ never imports from above itself. Run from source
 * (swc, Jest) this file is src/platform/database/data-source.ts; built, it is dist/platform/database/data-source.js
 * and `npm run build` has compiled the migrations to dist/migrations.
 */
const MIGRATIONS_DIR = path.join(__dirname, __filename.endsWith('.ts') ? '../../../migrations' : '../../migrations');

function loadMigrations(): (new () => MigrationInterface)[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a computed path, see MIGRATIONS_DIR
  return (require(MIGRATIONS_DIR) as { migrations: (new () => MigrationInterface)[] }).migrations;
}

/** TypeORM's record of applied migrations; the service role may only read it (the health check counts its rows). */
export const MIGRATIONS_TABLE = 'migrations';

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
    migrations: loadMigrations(),
    migrationsTableName: MIGRATIONS_TABLE,
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
