import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource, QueryRunner } from 'typeorm';
import { MIGRATIONS_TABLE } from './data-source';

/**
 * The service's own PostgreSQL role: it owns nothing, so it can neither disable a trigger nor drop a table, and it
 * may only SELECT and INSERT on the append-only tables. The owner (who ran the migrations) grants it, after the
 * migrations, at every start: a table a later migration adds is covered at the next start.
 *
 * This is connection setup, not data: it touches the catalog only, which is why it is not a repository.
 */
export type ServiceRoleSource =
  /** SERVICE_DATABASE_URL: a LOGIN role the operator made. */
  | { url: string }
  /** A role the service makes (or updates) itself, with this password; by default `<database>_service`. */
  | { role?: string; password: string };

export interface ServiceRole {
  role: string;
  /** The owner's database, where the service must connect too. */
  database: string;
  /** What the service's pool connects with. */
  url: string;
}

/** `<database>_service`, kept within PostgreSQL's 63 bytes by a digest of the name when the database's name is long. */
export function serviceRoleName(database: string): string {
  const name = `${database}_service`;
  if (Buffer.byteLength(name) <= 63) return name;
  const digest = createHash('sha256').update(database).digest('hex').slice(0, 8);
  // 40 bytes of the name, without a character the cut split in two.
  const head = Buffer.from(database)
    .subarray(0, 40)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
  return `${head}_${digest}_service`;
}

/** The generated role's password: a random one kept in DATA_DIR/db-service-password (0600), like the JWT secret. */
export function servicePassword(dataDir: string): string {
  const file = path.join(dataDir, 'db-service-password');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const password = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, password, { mode: 0o600 });
  return password;
}

/** The owner's URL with another user and password: same server, database and options. */
export function urlAs(ownerUrl: string, user: string, password: string): string {
  const u = new URL(ownerUrl);
  if (!u.hostname) throw new Error('DATABASE_URL names no host (a socket path?): set SERVICE_DATABASE_URL for the service role');
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}

/** Makes the role ready, on the owner's connection, in one transaction; throws when the role could bypass the triggers. */
export async function prepareServiceRole(owner: DataSource, ownerUrl: string, source: ServiceRoleSource): Promise<ServiceRole> {
  const [{ database }] = await owner.query('SELECT current_database() AS database');
  const role = 'url' in source ? decodeURIComponent(new URL(source.url).username) : (source.role ?? serviceRoleName(database));
  const what = 'url' in source ? `SERVICE_DATABASE_URL's role "${role}"` : `the service role "${role}"`;
  if (!role) throw new Error('SERVICE_DATABASE_URL must name its user (postgres://user:password@host/database)');
  const q = owner.createQueryRunner();
  try {
    await q.startTransaction();
    // Two processes starting at once (the service and `npm run demo`) would otherwise race on the role and its grants.
    await q.query(`SELECT pg_advisory_xact_lock(hashtext('enclave-ledger service role'))`);
    if ('password' in source) await ensureRole(q, role, source.password);
    else if (!(await q.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).length) throw new Error(`${what} does not exist`);
    await grant(q, role);
    const dangers = await privileges(q, role);
    if (dangers.length) throw new Error(`${what} ${dangers.join('; ')}: it could get round the append-only triggers`);
    await q.commitTransaction();
  } catch (e) {
    if (q.isTransactionActive) await q.rollbackTransaction();
    throw e;
  } finally {
    await q.release();
  }
  return { role, database, url: 'url' in source ? source.url : urlAs(ownerUrl, role, source.password) };
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function ensureRole(q: QueryRunner, role: string, password: string): Promise<void> {
  // A SCRAM verifier, not the password itself: statement logs never see it.
  const verifier = scramSha256(password);
  const exists = (await q.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).length > 0;
  try {
    if (exists) await q.query(`ALTER ROLE ${ident(role)} WITH LOGIN PASSWORD '${verifier}'`);
    else
      await q.query(
        `CREATE ROLE ${ident(role)} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '${verifier}'`,
      );
  } catch (e) {
    throw new Error(
      `DATABASE_URL's user cannot ${exists ? 'update' : 'create'} the service role "${role}" (${(e as Error).message}): ` +
        'give it CREATEROLE, or create a LOGIN role yourself and set SERVICE_DATABASE_URL (see .env.example)',
      { cause: e },
    );
  }
}

/**
 * Exactly the privileges the service needs, whatever the role had before: all of a table's rows for the mutable
 * tables, SELECT and INSERT on the append-only ones (guarded by an `*_append_only` trigger), SELECT on the migrations
 * table (the health check counts them), the sequences behind serial columns.
 */
async function grant(q: QueryRunner, role: string): Promise<void> {
  const r = ident(role);
  const [{ database, schema }] = await q.query('SELECT current_database() AS database, current_schema() AS schema');
  const s = ident(schema);
  const tables: Array<{ name: string; appendOnly: boolean }> = await q.query(
    `SELECT c.relname AS name,
            EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
                     WHERE t.tgrelid = c.oid AND NOT t.tgisinternal AND p.proname LIKE '%append\\_only') AS "appendOnly"
       FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
  );
  // Usually PUBLIC's already; granted only when missing, since an owner of the tables need not own the database.
  const [has] = await q.query(
    `SELECT has_database_privilege($1, current_database(), 'CONNECT') AS connect, has_schema_privilege($1, current_schema(), 'USAGE') AS usage`,
    [role],
  );
  if (!has.connect) await q.query(`GRANT CONNECT ON DATABASE ${ident(database)} TO ${r}`);
  if (!has.usage) await q.query(`GRANT USAGE ON SCHEMA ${s} TO ${r}`);
  await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${s} FROM ${r}`);
  await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${s} FROM ${r}`);
  for (const t of tables) {
    const rights = t.name === MIGRATIONS_TABLE ? 'SELECT' : t.appendOnly ? 'SELECT, INSERT' : 'SELECT, INSERT, UPDATE, DELETE';
    await q.query(`GRANT ${rights} ON TABLE ${s}.${ident(t.name)} TO ${r}`);
  }
  await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${r}`);
}

/** Why the role could change the books behind the triggers' back: superuser, or owner (itself or through a role it can become). */
async function privileges(q: QueryRunner, role: string): Promise<string[]> {
  const [found] = await q.query(
    `SELECT r.rolsuper AS super,
            ARRAY(SELECT c.relname::text FROM pg_class c
                   WHERE c.relnamespace = current_schema()::regnamespace AND pg_has_role(r.oid, c.relowner, 'MEMBER')
                   ORDER BY 1 LIMIT 5) AS tables,
            ARRAY(SELECT p.proname::text FROM pg_proc p
                   WHERE p.pronamespace = current_schema()::regnamespace AND pg_has_role(r.oid, p.proowner, 'MEMBER')
                   ORDER BY 1 LIMIT 5) AS functions,
            pg_has_role(r.oid, (SELECT nspowner FROM pg_namespace WHERE oid = current_schema()::regnamespace), 'MEMBER') AS schema,
            pg_has_role(r.oid, (SELECT datdba FROM pg_database WHERE datname = current_database()), 'MEMBER') AS database
       FROM pg_roles r WHERE r.rolname = $1`,
    [role],
  );
  const dangers: string[] = [];
  if (found.super) dangers.push('is a superuser');
  if (found.tables.length) dangers.push(`owns (or is a member of the owner of) ${found.tables.join(', ')}`);
  if (found.functions.length) dangers.push(`owns (or is a member of the owner of) the functions ${found.functions.join(', ')}`);
  if (found.schema) dangers.push('owns (or is a member of the owner of) the schema');
  if (found.database) dangers.push('owns (or is a member of the owner of) the database');
  return dangers;
}

/** PostgreSQL's stored form of a SCRAM-SHA-256 password (RFC 7677; what `ALTER ROLE … PASSWORD` accepts pre-hashed). */
function scramSha256(password: string, iterations = 4096): string {
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
