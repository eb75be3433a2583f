import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The second stage (issue 16): a village's member distribution runs (村级成员分红) and what is paid against them.
 * A run keeps the documents it was computed from and with as exact JSON text with their hashes, like
 * distribution_run: the income declared in the village's book, the policy version and the share register in force;
 * draft → approved (by someone else) → posted (vouchers in the village's book) → reversed. Payments to households
 * (Dr 211-<household> / Cr 102) are one voucher each, single or by a bank payment file confirmed all at once.
 */
export class VillageRuns1764580000000 implements MigrationInterface {
  name = 'VillageRuns1764580000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE village_run (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        village_id uuid NOT NULL REFERENCES village(id),
        year int NOT NULL CHECK (year BETWEEN 1900 AND 9999),
        status varchar(10) NOT NULL CHECK (status IN ('draft', 'approved', 'posted', 'reversed')),
        register_id uuid NOT NULL REFERENCES share_register(id),
        policy_from_year int NOT NULL,
        policy_version int NOT NULL,
        -- Exact JSON text, so a recomputation can be compared byte for byte.
        input_json text NOT NULL,
        policy_json text NOT NULL,
        result_json text NOT NULL,
        inputs_hash char(64) NOT NULL,
        result_hash char(64) NOT NULL,
        policy_hash char(64) NOT NULL,
        prepared_by uuid, prepared_by_login varchar(64) NOT NULL,
        approved_by uuid, approved_by_login varchar(64), approved_at timestamptz,
        -- The posting date the preparer proposes (the post step's default); posting_date is the date it was posted on.
        planned_posting_date date,
        posted_by uuid, posted_by_login varchar(64), posted_at timestamptz, posting_date date,
        reversed_by uuid, reversed_by_login varchar(64), reversed_at timestamptz, reversal_date date, reversal_reason varchar(500),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      -- At most one posted, unreversed run per village and year: the database decides, not a check-then-insert.
      CREATE UNIQUE INDEX village_run_one_posted ON village_run(village_id, year) WHERE status = 'posted';
      CREATE INDEX village_run_village_idx ON village_run(village_id, year);
      CREATE INDEX village_run_register_idx ON village_run(register_id);

      -- A bank payment file: the households a run still owed when it was made, with a bank account; confirmed once.
      CREATE TABLE village_payment_file (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        run_id uuid NOT NULL REFERENCES village_run(id),
        number int NOT NULL CHECK (number >= 1),
        status varchar(10) NOT NULL CHECK (status IN ('open', 'confirmed', 'cancelled')),
        total numeric(15,2) NOT NULL CHECK (total > 0),
        created_by varchar(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        paid_on date,
        bank_reference varchar(100),
        confirmed_by varchar(64),
        confirmed_at timestamptz,
        cancelled_by varchar(64),
        cancelled_at timestamptz,
        CONSTRAINT village_payment_file_number_unique UNIQUE (run_id, number),
        CONSTRAINT village_payment_file_confirmed CHECK ((status = 'confirmed') = (paid_on IS NOT NULL AND bank_reference IS NOT NULL))
      );
      -- At most one open file per run: a second one would pay the same households again.
      CREATE UNIQUE INDEX village_payment_file_one_open ON village_payment_file(run_id) WHERE status = 'open';

      CREATE TABLE village_payment_file_line (
        file_id uuid NOT NULL REFERENCES village_payment_file(id),
        household_id uuid NOT NULL REFERENCES household(id),
        amount numeric(15,2) NOT NULL CHECK (amount > 0),
        PRIMARY KEY (file_id, household_id)
      );

      CREATE TABLE village_payment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        run_id uuid NOT NULL REFERENCES village_run(id),
        household_id uuid NOT NULL REFERENCES household(id),
        amount numeric(15,2) NOT NULL CHECK (amount > 0),
        payment_date date NOT NULL,
        bank_reference varchar(100) NOT NULL,
        voucher_id uuid NOT NULL REFERENCES voucher(id),
        file_id uuid REFERENCES village_payment_file(id),
        status varchar(10) NOT NULL CHECK (status IN ('posted', 'reversed')),
        reversal_voucher_id uuid REFERENCES voucher(id),
        created_by varchar(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX village_payment_run_idx ON village_payment(run_id, household_id);
      -- A file's confirmation pays each of its households once.
      CREATE UNIQUE INDEX village_payment_file_household ON village_payment(file_id, household_id) WHERE file_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE village_payment; DROP TABLE village_payment_file_line; DROP TABLE village_payment_file; DROP TABLE village_run;`,
    );
  }
}
