import { Client } from 'pg';

/**
 * A database of its own beside the run's test database, on the same server (the owner of TEST_DATABASE_URL is a
 * superuser), for a suite whose subject is the whole database (a backup, a restore): the shared one holds what other
 * suites did to it, tampered books among them. `use()` points createTestApp at it (after `ready` migrated it), and
 * `drop()` points it back and drops the database and its service role.
 */
export function scratchDatabase(prefix: string) {
  const name = `${prefix}_${Date.now().toString(36)}_${process.pid}`;
  const server = new URL(process.env.TEST_DATABASE_URL!);
  const url = Object.assign(new URL(server.toString()), { pathname: `/${name}` }).toString();
  const saved = { owner: process.env.TEST_DATABASE_URL, service: process.env.TEST_SERVICE_DATABASE_URL };
  const admin = async (sql: string[]) => {
    const c = new Client({ connectionString: server.toString() });
    await c.connect();
    try {
      for (const s of sql) await c.query(s);
    } finally {
      await c.end();
    }
  };
  return {
    name,
    /** The owner's URL of the new database. */
    url,
    role: `${name}_service`,
    create: () => admin([`CREATE DATABASE "${name}"`]),
    /** Makes createTestApp (and the tests' owner connections) use it, with the service role's URL. */
    use(serviceUrl: string) {
      process.env.TEST_DATABASE_URL = url;
      process.env.TEST_SERVICE_DATABASE_URL = serviceUrl;
    },
    async drop() {
      process.env.TEST_DATABASE_URL = saved.owner;
      process.env.TEST_SERVICE_DATABASE_URL = saved.service;
      await admin([`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, `DROP ROLE IF EXISTS "${name}_service"`]);
    },
  };
}
