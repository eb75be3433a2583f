import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Opening balances (期初余额, issue 12): a project's cut-over date, the last day
 * of its old books, and the opening balance documents prepared as of that date.
 * A document is a draft, approved by another user, posted once as the first
 * voucher of the chain, and may be reversed while nothing later is posted. The
 * database keeps one posted document per project, and refuses any voucher dated
 * on or before a posted opening voucher's date, whatever the code does.
 */
export class OpeningBalances1764510000000 implements MigrationInterface {
  name = 'OpeningBalances1764510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE project ADD COLUMN cutover_date date;
      ALTER TABLE project ADD CONSTRAINT project_cutover_not_before_start
        CHECK (cutover_date IS NULL OR start_date IS NULL OR cutover_date >= start_date);

      CREATE TABLE opening_balance (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES project(id),
        as_of date NOT NULL,
        status varchar(10) NOT NULL CHECK (status IN ('draft', 'approved', 'posted', 'reversed')),
        memo varchar(500),
        prepared_by uuid, prepared_by_login varchar(64) NOT NULL,
        approved_by uuid, approved_by_login varchar(64), approved_at timestamptz,
        posted_by uuid, posted_by_login varchar(64), posted_at timestamptz,
        voucher_id uuid REFERENCES voucher(id),
        reversed_by uuid, reversed_by_login varchar(64), reversed_at timestamptz,
        reversal_voucher_id uuid REFERENCES voucher(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT opening_balance_voucher_when_posted CHECK ((status IN ('posted', 'reversed')) = (voucher_id IS NOT NULL)),
        CONSTRAINT opening_balance_reversal_when_reversed CHECK ((status = 'reversed') = (reversal_voucher_id IS NOT NULL))
      );
      -- One posted, unreversed opening balance per project: the database decides, not a check-then-insert.
      CREATE UNIQUE INDEX opening_balance_one_posted ON opening_balance(project_id) WHERE status = 'posted';
      CREATE INDEX opening_balance_project_idx ON opening_balance(project_id, created_at);

      CREATE TABLE opening_balance_line (
        opening_balance_id uuid NOT NULL REFERENCES opening_balance(id),
        line_no int NOT NULL CHECK (line_no >= 1),
        account varchar(64) NOT NULL,
        debit numeric(15,2) NOT NULL CHECK (debit >= 0),
        credit numeric(15,2) NOT NULL CHECK (credit >= 0),
        PRIMARY KEY (opening_balance_id, line_no),
        CONSTRAINT opening_balance_line_one_side CHECK ((debit > 0 AND credit = 0) OR (debit = 0 AND credit > 0))
      );

      -- Once an opening voucher is posted (and not reversed), the old books' days are closed: nothing else is dated
      -- on or before it. Its own reversal is an opening-balance voucher too, and passes.
      CREATE FUNCTION voucher_after_cutover() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- By the posted document (one per project, its own partial index), not by a scan of the project's vouchers:
        -- a plan cached while the voucher table was small would read every voucher at every insert.
        IF NEW.source_type <> 'opening-balance' AND EXISTS (
             SELECT 1 FROM opening_balance ob
              WHERE ob.project_id = NEW.project_id AND ob.status = 'posted' AND NEW.voucher_date <= ob.as_of) THEN
          RAISE EXCEPTION 'voucher dated % is on or before the cut-over date of project %', NEW.voucher_date, NEW.project_id
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER voucher_after_cutover BEFORE INSERT ON voucher FOR EACH ROW EXECUTE FUNCTION voucher_after_cutover();
      ALTER TABLE voucher ENABLE ALWAYS TRIGGER voucher_after_cutover;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER voucher_after_cutover ON voucher; DROP FUNCTION voucher_after_cutover();
      DROP TABLE opening_balance_line; DROP TABLE opening_balance;
      ALTER TABLE project DROP CONSTRAINT project_cutover_not_before_start;
      ALTER TABLE project DROP COLUMN cutover_date;
    `);
  }
}
