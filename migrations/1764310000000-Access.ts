import { MigrationInterface, QueryRunner } from 'typeorm';

/** Users and the append-only audit trail. */
export class Access1764310000000 implements MigrationInterface {
  name = 'Access1764310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        login varchar(64) NOT NULL CHECK (login ~ '^[a-z0-9._-]{2,64}$'),
        display_name varchar(100) NOT NULL,
        role varchar(16) NOT NULL CHECK (role IN ('admin', 'accountant', 'treasurer', 'auditor')),
        village_id uuid REFERENCES village(id),
        enabled boolean NOT NULL DEFAULT true,
        password_hash text NOT NULL,
        must_change_password boolean NOT NULL DEFAULT false,
        token_version int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT app_user_login_key UNIQUE (login),
        CONSTRAINT treasurer_has_village CHECK (role <> 'treasurer' OR village_id IS NOT NULL)
      );
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_id uuid,
        actor_login varchar(64),
        action varchar(40) NOT NULL,
        entity varchar(40) NOT NULL,
        entity_id varchar(100),
        ip varchar(64),
        request_id varchar(64),
        changes jsonb
      );
      CREATE INDEX audit_log_entity_idx ON audit_log(entity, entity_id);
      CREATE INDEX audit_log_actor_idx ON audit_log(actor_id, at);
      CREATE INDEX audit_log_at_idx ON audit_log(at);

      -- The trail is append-only: the database itself refuses to change or remove it.
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
      ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_no_update_delete;
      ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_no_truncate;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE audit_log; DROP FUNCTION audit_log_append_only(); DROP TABLE app_user;
    `);
  }
}
