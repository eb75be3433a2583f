import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A village's members (issue 16): its households (户) and its share registers (股权登记), one version per
 * registration date (股权固化日), each with the share kinds it defines and every household's units of each kind.
 * Personal data is kept to the minimum: at most the last four characters of an identity-card number, and a bank
 * account for payment files only. Registers are append-only: there is no update or delete of a version.
 */
export class Households1764570000000 implements MigrationInterface {
  name = 'Households1764570000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE household (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        village_id uuid NOT NULL REFERENCES village(id),
        code varchar(32) NOT NULL CHECK (code ~ '^[A-Za-z0-9_-]{1,32}$'),
        head_name varchar(50) NOT NULL CHECK (length(btrim(head_name)) > 0),
        id_last4 char(4) CHECK (id_last4 ~ '^[0-9]{3}[0-9X]$'),
        bank_name varchar(100),
        bank_account varchar(30) CHECK (bank_account ~ '^[0-9]{8,30}$'),
        joined_on date,
        left_on date,
        left_reason varchar(500),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT household_code_unique UNIQUE (village_id, code),
        CONSTRAINT household_left_after_joined CHECK (left_on IS NULL OR joined_on IS NULL OR left_on >= joined_on),
        CONSTRAINT household_left_with_reason CHECK ((left_on IS NULL) = (left_reason IS NULL))
      );

      CREATE TABLE share_register (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        village_id uuid NOT NULL REFERENCES village(id),
        registered_on date NOT NULL,
        memo varchar(500),
        created_by uuid,
        created_by_login varchar(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT share_register_one_a_date UNIQUE (village_id, registered_on)
      );

      CREATE TABLE share_kind (
        register_id uuid NOT NULL REFERENCES share_register(id),
        code varchar(32) NOT NULL CHECK (code ~ '^[A-Za-z0-9_-]{1,32}$'),
        name varchar(50) NOT NULL,
        position int NOT NULL CHECK (position >= 1),
        PRIMARY KEY (register_id, code)
      );

      CREATE TABLE share_holding (
        register_id uuid NOT NULL REFERENCES share_register(id),
        household_id uuid NOT NULL REFERENCES household(id),
        kind varchar(32) NOT NULL,
        units numeric(18,6) NOT NULL CHECK (units > 0),
        PRIMARY KEY (register_id, household_id, kind),
        FOREIGN KEY (register_id, kind) REFERENCES share_kind(register_id, code)
      );
      CREATE INDEX share_holding_household_idx ON share_holding(household_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE share_holding; DROP TABLE share_kind; DROP TABLE share_register; DROP TABLE household;`);
  }
}
