import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The books: vouchers and lines (append-only, balanced, hash-chained), the
 * per-project head and per-month counters that make sequence and voucher
 * numbers gapless, closed years, distribution runs, payments and idempotency keys.
 * The database enforces what must never break even if the code is wrong.
 */
export class Ledger1764320000000 implements MigrationInterface {
  name = 'Ledger1764320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- One row per project, locked FOR UPDATE by every posting: it serialises the chain.
      CREATE TABLE ledger_head (
        project_id uuid PRIMARY KEY REFERENCES project(id),
        last_sequence int NOT NULL DEFAULT 0 CHECK (last_sequence >= 0),
        last_hash char(64) NOT NULL DEFAULT repeat('0', 64)
      );
      CREATE TABLE voucher_counter (
        project_id uuid NOT NULL REFERENCES project(id),
        month char(7) NOT NULL,
        last_n int NOT NULL CHECK (last_n >= 1),
        PRIMARY KEY (project_id, month)
      );
      CREATE TABLE year_close (
        project_id uuid NOT NULL REFERENCES project(id),
        year int NOT NULL,
        closed_at timestamptz NOT NULL DEFAULT now(),
        closed_by varchar(64) NOT NULL,
        PRIMARY KEY (project_id, year)
      );
      CREATE TABLE voucher (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES project(id),
        sequence int NOT NULL CHECK (sequence >= 1),
        number varchar(20) NOT NULL,
        voucher_date date NOT NULL,
        summary text NOT NULL CHECK (summary <> ''),
        preparer varchar(64) NOT NULL,
        reversal_of uuid REFERENCES voucher(id),
        reversal_of_number varchar(20),
        source_type varchar(30) NOT NULL,
        source_id varchar(100) NOT NULL,
        fiscal_year int,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL,
        -- Set by trigger: lines may only be added in the transaction that created the voucher.
        txid bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT voucher_sequence_key UNIQUE (project_id, sequence),
        CONSTRAINT voucher_number_key UNIQUE (project_id, number),
        -- A voucher can be reversed once.
        CONSTRAINT voucher_reversal_once UNIQUE (reversal_of),
        CONSTRAINT voucher_reversal_named CHECK ((reversal_of IS NULL) = (reversal_of_number IS NULL))
      );
      CREATE INDEX voucher_source_idx ON voucher(project_id, source_type, source_id);
      CREATE INDEX voucher_date_idx ON voucher(project_id, voucher_date);
      CREATE TABLE voucher_line (
        voucher_id uuid NOT NULL REFERENCES voucher(id),
        line_no int NOT NULL CHECK (line_no >= 1),
        account varchar(64) NOT NULL,
        debit numeric(15,2) NOT NULL,
        credit numeric(15,2) NOT NULL,
        memo varchar(100) NOT NULL DEFAULT '',
        PRIMARY KEY (voucher_id, line_no),
        -- NOT NULL above makes this NULL-safe: exactly one side positive, the other zero.
        CONSTRAINT voucher_line_one_side CHECK ((debit > 0 AND credit = 0) OR (debit = 0 AND credit > 0))
      );
      CREATE INDEX voucher_line_account_idx ON voucher_line(account);

      CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused (correct with a reversing voucher)', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$;

      CREATE FUNCTION voucher_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.txid := txid_current();
        IF EXISTS (SELECT 1 FROM year_close c WHERE c.project_id = NEW.project_id
                    AND c.year = extract(year FROM NEW.voucher_date)::int) THEN
          RAISE EXCEPTION 'year % of project % is closed: voucher dated % refused',
            extract(year FROM NEW.voucher_date), NEW.project_id, NEW.voucher_date USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$;

      CREATE FUNCTION voucher_line_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM voucher v WHERE v.id = NEW.voucher_id AND v.txid = txid_current()) THEN
          RAISE EXCEPTION 'voucher %: lines can only be added when the voucher is posted', NEW.voucher_id
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$;

      -- Deferred to commit, once per voucher: every line is in by then.
      CREATE FUNCTION voucher_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE d numeric; c numeric;
      BEGIN
        SELECT coalesce(sum(debit), 0), coalesce(sum(credit), 0) INTO d, c FROM voucher_line WHERE voucher_id = NEW.id;
        IF d IS DISTINCT FROM c OR d <= 0 THEN
          RAISE EXCEPTION 'voucher % (%) does not balance: debits % credits %', NEW.number, NEW.id, d, c
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$;

      CREATE TRIGGER voucher_set_txid BEFORE INSERT ON voucher FOR EACH ROW EXECUTE FUNCTION voucher_before_insert();
      CREATE TRIGGER voucher_line_same_tx BEFORE INSERT ON voucher_line FOR EACH ROW EXECUTE FUNCTION voucher_line_before_insert();
      CREATE CONSTRAINT TRIGGER voucher_balanced AFTER INSERT ON voucher
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION voucher_balanced();
      CREATE TRIGGER voucher_no_update_delete BEFORE UPDATE OR DELETE ON voucher FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
      CREATE TRIGGER voucher_no_truncate BEFORE TRUNCATE ON voucher FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
      CREATE TRIGGER voucher_line_no_update_delete BEFORE UPDATE OR DELETE ON voucher_line FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
      CREATE TRIGGER voucher_line_no_truncate BEFORE TRUNCATE ON voucher_line FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
      -- ALWAYS: session_replication_role = replica must not skip them.
      ALTER TABLE voucher ENABLE ALWAYS TRIGGER voucher_set_txid;
      ALTER TABLE voucher ENABLE ALWAYS TRIGGER voucher_balanced;
      ALTER TABLE voucher ENABLE ALWAYS TRIGGER voucher_no_update_delete;
      ALTER TABLE voucher ENABLE ALWAYS TRIGGER voucher_no_truncate;
      ALTER TABLE voucher_line ENABLE ALWAYS TRIGGER voucher_line_same_tx;
      ALTER TABLE voucher_line ENABLE ALWAYS TRIGGER voucher_line_no_update_delete;
      ALTER TABLE voucher_line ENABLE ALWAYS TRIGGER voucher_line_no_truncate;

      CREATE TABLE distribution_run (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES project(id),
        year int NOT NULL,
        status varchar(10) NOT NULL CHECK (status IN ('draft', 'approved', 'posted', 'reversed')),
        -- Exact JSON text, so a recomputation can be compared byte for byte.
        scenario_json text NOT NULL,
        policy_json text NOT NULL,
        result_json text NOT NULL,
        inputs_hash char(64) NOT NULL,
        result_hash char(64) NOT NULL,
        policy_hash char(64) NOT NULL,
        prepared_by uuid, prepared_by_login varchar(64) NOT NULL,
        approved_by uuid, approved_by_login varchar(64), approved_at timestamptz,
        posted_by_login varchar(64), posted_at timestamptz, posting_date date,
        reversed_by_login varchar(64), reversed_at timestamptz, reversal_date date,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      -- At most one posted, unreversed run per project and year: the database decides, not a check-then-insert.
      CREATE UNIQUE INDEX distribution_run_one_posted ON distribution_run(project_id, year) WHERE status = 'posted';
      CREATE INDEX distribution_run_project_idx ON distribution_run(project_id, year);

      CREATE TABLE payment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES project(id),
        kind varchar(10) NOT NULL CHECK (kind IN ('village', 'operator')),
        village_id uuid REFERENCES village(id),
        amount numeric(15,2) NOT NULL CHECK (amount > 0),
        payment_date date NOT NULL,
        bank_reference varchar(100) NOT NULL,
        voucher_id uuid NOT NULL REFERENCES voucher(id),
        status varchar(10) NOT NULL CHECK (status IN ('posted', 'reversed')),
        reversal_voucher_id uuid REFERENCES voucher(id),
        created_by varchar(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'village') = (village_id IS NOT NULL))
      );
      CREATE INDEX payment_project_idx ON payment(project_id, village_id);

      CREATE TABLE idempotency_key (
        user_id varchar(64) NOT NULL,
        key varchar(200) NOT NULL,
        scope varchar(300) NOT NULL,
        request_hash char(64) NOT NULL,
        response_status int,
        response_body text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE idempotency_key; DROP TABLE payment; DROP TABLE distribution_run;
      DROP TABLE voucher_line; DROP TABLE voucher; DROP TABLE year_close; DROP TABLE voucher_counter; DROP TABLE ledger_head;
      DROP FUNCTION voucher_balanced(); DROP FUNCTION voucher_line_before_insert(); DROP FUNCTION voucher_before_insert();
      DROP FUNCTION ledger_append_only();
    `);
  }
}
