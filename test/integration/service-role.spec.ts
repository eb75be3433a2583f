/**
 * The service connects as a role that owns no table and cannot disable a trigger; migrations run as the owner.
 * The tests' own app runs as such a role (TEST_SERVICE_DATABASE_URL, made by the global setup); connectDatabase makes
 * one per database (`<database>_service`, its password in DATA_DIR) or takes SERVICE_DATABASE_URL's, and refuses a
 * role that could get round the append-only triggers.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '../../src/platform/config/config';
import { connectDatabase, Database } from '../../src/platform/database/connect';

async function connected(url: string): Promise<Client> {
  const c = new Client({ connectionString: url });
  await c.connect();
  return c;
}

/** What a session of this role may not do to the books, whatever the service's code says. */
async function expectLockedOut(c: Client): Promise<void> {
  await expect(c.query('ALTER TABLE voucher DISABLE TRIGGER ALL')).rejects.toThrow(/must be owner/);
  await expect(c.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete')).rejects.toThrow(/must be owner/);
  await expect(c.query(`UPDATE voucher SET summary = 'x'`)).rejects.toThrow(/permission denied/);
  await expect(c.query('DELETE FROM voucher_line')).rejects.toThrow(/permission denied/);
  await expect(c.query('TRUNCATE voucher CASCADE')).rejects.toThrow(/permission denied/);
  await expect(c.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/permission denied/);
  await expect(c.query('DROP TABLE payment')).rejects.toThrow(/must be owner/);
  await expect(c.query('SET session_replication_role = replica')).rejects.toThrow(/permission denied/);
  const { rows } = await c.query(
    `SELECT r.rolsuper AS super,
            (SELECT count(*)::int FROM pg_tables WHERE schemaname = current_schema() AND tableowner = current_user) AS owned,
            (SELECT count(*)::int FROM pg_class k WHERE k.relnamespace = current_schema()::regnamespace
                AND pg_has_role(current_user, k.relowner, 'MEMBER')) AS "ownedThroughRoles"
       FROM pg_roles r WHERE r.rolname = current_user`,
  );
  expect(rows[0]).toEqual({ super: false, owned: 0, ownedThroughRoles: 0 });
}

describe('the service role', () => {
  let owner: Client;
  beforeAll(async () => {
    owner = await connected(process.env.TEST_DATABASE_URL!);
  });
  afterAll(async () => {
    await owner.end();
  });

  it('the tests connect the app as a role of their own, and tamper as the owner', async () => {
    const url = process.env.TEST_SERVICE_DATABASE_URL;
    expect(url).toBeDefined();
    const c = await connected(url!);
    try {
      const [{ role }] = (await c.query('SELECT current_user AS role')).rows;
      expect(role).toBe(`${(await owner.query('SELECT current_database() AS d')).rows[0].d}_service`);
      await expectLockedOut(c);
      // The append-only tables (an *_append_only trigger guards each): rows can be added, never changed, even without the trigger.
      const { rows } = await c.query(
        `SELECT t AS "table", has_table_privilege(t, 'INSERT') AS insert,
                has_table_privilege(t, 'UPDATE') OR has_table_privilege(t, 'DELETE') OR has_table_privilege(t, 'TRUNCATE') AS change
           FROM unnest(ARRAY['voucher', 'voucher_line', 'audit_log', 'ledger_event']) t`,
      );
      expect(rows).toEqual(
        ['voucher', 'voucher_line', 'audit_log', 'ledger_event'].map((t) => ({ table: t, insert: true, change: false })),
      );
      // What the service does: read and write the mutable tables, append to the append-only ones.
      await c.query('BEGIN');
      await c.query(`INSERT INTO township (code, name) VALUES ('ROLE-T', 'x')`);
      await c.query(`UPDATE township SET name = 'y' WHERE code = 'ROLE-T'`);
      await c.query(`INSERT INTO audit_log (action, entity) VALUES ('probe', 'township')`);
      await c.query('ROLLBACK');
    } finally {
      await c.end();
    }
    expect((await owner.query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`)).rows[0].rolsuper).toBe(true);
  });

  describe('connectDatabase', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-role-'));
    const dbName = `enclave_role_${Date.now().toString(36)}_${process.pid}`;
    const operatorRole = `${dbName}_operator`;
    let databaseUrl: string;
    const opened: Database[] = [];
    const connect = async (env: Record<string, string>) => {
      const db = await connectDatabase(loadConfig({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir, ...env }));
      opened.push(db);
      return db;
    };

    beforeAll(async () => {
      await owner.query(`CREATE DATABASE "${dbName}"`);
      const u = new URL(process.env.TEST_DATABASE_URL!);
      u.pathname = `/${dbName}`;
      databaseUrl = u.toString();
    });
    afterAll(async () => {
      for (const db of opened) await db.close();
      await owner.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await owner.query(`DROP ROLE IF EXISTS "${dbName}_service"`);
      await owner.query(`DROP ROLE IF EXISTS "${operatorRole}"`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('migrates as the owner, then connects as <database>_service, whose password it keeps in DATA_DIR', async () => {
      const db = await connect({});
      expect(db.applied.length).toBeGreaterThan(0);
      expect(db.role).toBe(`${dbName}_service`);
      const [{ role }] = await db.dataSource.query('SELECT current_user AS role');
      expect(role).toBe(`${dbName}_service`);
      const file = path.join(dataDir, 'db-service-password');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const u = new URL(databaseUrl);
      u.username = role;
      u.password = fs.readFileSync(file, 'utf8').trim();
      const c = await connected(u.toString());
      try {
        await expectLockedOut(c);
      } finally {
        await c.end();
      }
      await db.close();
    });

    it('grants again at every start, so a table a later migration adds is covered (append-only ones: SELECT and INSERT)', async () => {
      const c = await connected(databaseUrl);
      try {
        await c.query(`CREATE TABLE later_notes (id int PRIMARY KEY, note text)`);
        await c.query(`CREATE TABLE later_chain (id int PRIMARY KEY)`);
        await c.query(
          `CREATE TRIGGER later_chain_no_update_delete BEFORE UPDATE OR DELETE ON later_chain FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`,
        );
      } finally {
        await c.end();
      }
      const db = await connect({});
      expect(db.applied).toEqual([]);
      await db.dataSource.query(`INSERT INTO later_notes VALUES (1, 'a')`);
      await db.dataSource.query(`UPDATE later_notes SET note = 'b'`);
      await db.dataSource.query(`INSERT INTO later_chain VALUES (1)`);
      await expect(db.dataSource.query(`UPDATE later_chain SET id = 2`)).rejects.toThrow(/permission denied/);
      await expect(db.dataSource.query(`DELETE FROM migrations`)).rejects.toThrow(/permission denied/);
      expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM migrations`))[0].n).toBeGreaterThan(0);
      await db.close();
    });

    it('uses SERVICE_DATABASE_URL when set: a role the operator made, granted at start', async () => {
      await owner.query(`CREATE ROLE "${operatorRole}" LOGIN PASSWORD 'operator-password'`);
      const u = new URL(databaseUrl);
      u.username = operatorRole;
      u.password = 'operator-password';
      const db = await connect({ SERVICE_DATABASE_URL: u.toString() });
      expect(db.role).toBe(operatorRole);
      expect((await db.dataSource.query('SELECT current_user AS role'))[0].role).toBe(operatorRole);
      expect((await db.dataSource.query('SELECT count(*)::int AS n FROM voucher'))[0].n).toBe(0);
      const c = await connected(u.toString());
      try {
        await expectLockedOut(c);
      } finally {
        await c.end();
      }
      await db.close();
    });

    it('refuses a SERVICE_DATABASE_URL whose role could disable the triggers (a superuser, an owner)', async () => {
      await expect(connect({ SERVICE_DATABASE_URL: databaseUrl })).rejects.toThrow(/SERVICE_DATABASE_URL.*(superuser|owns)/);
      // A member of the owner's role could SET ROLE to it, and then do anything the owner may.
      const [{ me }] = (await owner.query('SELECT current_user AS me')).rows;
      await owner.query(`GRANT "${me}" TO "${operatorRole}"`);
      const u = new URL(databaseUrl);
      u.username = operatorRole;
      u.password = 'operator-password';
      await expect(connect({ SERVICE_DATABASE_URL: u.toString() })).rejects.toThrow(/owns|member/);
    });
  });
});
