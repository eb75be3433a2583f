import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Balances carried forward at year close (结转, issue 14): when a year is closed, every account's debits and credits
 * of all lines dated up to its 31 December, so that a trial balance from a later period reads one row an account for
 * the closed years instead of their lines. The rows of a closed year never change (nothing can be posted into it);
 * reopening it deletes them. Verification compares them with the lines. Filled here for the years already closed.
 */
export class ClosedYearBalances1764540000000 implements MigrationInterface {
  name = 'ClosedYearBalances1764540000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE closed_year_balance (
        project_id uuid NOT NULL REFERENCES project(id),
        year int NOT NULL,
        account varchar(64) NOT NULL,
        debit numeric NOT NULL CHECK (debit >= 0),
        credit numeric NOT NULL CHECK (credit >= 0),
        PRIMARY KEY (project_id, year, account)
      );
      INSERT INTO closed_year_balance (project_id, year, account, debit, credit)
      SELECT c.project_id, c.year, l.account, sum(l.debit), sum(l.credit)
        FROM year_close c
        JOIN voucher v ON v.project_id = c.project_id AND v.voucher_date <= make_date(c.year, 12, 31)
        JOIN voucher_line l ON l.voucher_id = v.id
       GROUP BY c.project_id, c.year, l.account;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE closed_year_balance');
  }
}
