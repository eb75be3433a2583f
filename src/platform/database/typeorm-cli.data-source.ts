import { loadConfig } from '../config/config';
import { createDataSource } from './data-source';

/**
 * The DataSource the TypeORM CLI loads: `npm run typeorm -- migration:show` (or migration:revert). It needs
 * DATABASE_URL, the owner's (from the environment or .env); for the embedded database, start the service and point
 * DATABASE_URL at it: postgres://postgres:enclave@127.0.0.1:<EMBEDDED_PG_PORT, default 54329>/enclave. A table a
 * reverted or applied migration changes is granted to the service role at the service's next start.
 */
const { databaseUrl } = loadConfig();
if (!databaseUrl) {
  throw new Error('The TypeORM CLI needs DATABASE_URL (for the embedded database: postgres://postgres:enclave@127.0.0.1:54329/enclave)');
}

export default createDataSource(databaseUrl);
