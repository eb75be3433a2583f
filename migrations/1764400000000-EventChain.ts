import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event chain and the audit chain (docs/ledger.md): ledger_event holds
 * every state change that is not a voucher but decides what a village is owed
 * or was paid, or when the books may change, hash-chained per project under
 * the ledger_head lock; audit_log gains a global hash chain whose end is kept
 * in audit_head. Rows written before this migration are not chained (the
 * hashes are computed in TypeScript); verification covers what follows.
 */
export class EventChain1764400000000 implements MigrationInterface {
  name = 'EventChain1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE ledger_head
        ADD COLUMN last_event_sequence int NOT NULL DEFAULT 0 CHECK (last_event_sequence >= 0),
        ADD COLUMN last_event_hash char(64) NOT NULL DEFAULT repeat('0', 64);

      CREATE TABLE ledger_event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES project(id),
        sequence int NOT NULL CHECK (sequence >= 1),
        kind varchar(40) NOT NULL,
        subject_id varchar(100) NOT NULL,
        event_date date NOT NULL,
        actor_login varchar(64) NOT NULL,
        recorded_at timestamptz NOT NULL,
        -- Canonical JSON text exactly as hashed.
        payload text NOT NULL,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL,
        CONSTRAINT ledger_event_sequence_key UNIQUE (project_id, sequence)
      );
      CREATE INDEX ledger_event_subject_idx ON ledger_event(project_id, subject_id);

      CREATE TRIGGER ledger_event_no_update_delete BEFORE UPDATE OR DELETE ON ledger_event
        FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
      CREATE TRIGGER ledger_event_no_truncate BEFORE TRUNCATE ON ledger_event
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
      -- ALWAYS: session_replication_role = replica must not skip them.
      ALTER TABLE ledger_event ENABLE ALWAYS TRIGGER ledger_event_no_update_delete;
      ALTER TABLE ledger_event ENABLE ALWAYS TRIGGER ledger_event_no_truncate;

      -- The audit chain: entries written from now on carry a gapless sequence and hashes; older ones keep NULLs.
      ALTER TABLE audit_log
        ADD COLUMN sequence bigint,
        ADD COLUMN prev_hash char(64),
        ADD COLUMN hash char(64),
        ADD CONSTRAINT audit_log_chained CHECK ((sequence IS NULL) = (hash IS NULL) AND (hash IS NULL) = (prev_hash IS NULL));
      CREATE UNIQUE INDEX audit_log_sequence_key ON audit_log(sequence);

      -- One row, locked FOR UPDATE by every audit append: it serialises the chain.
      CREATE TABLE audit_head (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        last_sequence bigint NOT NULL DEFAULT 0 CHECK (last_sequence >= 0),
        last_hash char(64) NOT NULL DEFAULT repeat('0', 64)
      );
      INSERT INTO audit_head DEFAULT VALUES;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE audit_head;
      ALTER TABLE audit_log DROP CONSTRAINT audit_log_chained, DROP COLUMN hash, DROP COLUMN prev_hash, DROP COLUMN sequence;
      DROP TABLE ledger_event;
      ALTER TABLE ledger_head DROP COLUMN last_event_hash, DROP COLUMN last_event_sequence;
    `);
  }
}
