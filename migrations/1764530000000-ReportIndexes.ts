import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports over millions of lines (issue 14): the trial balance and the statements aggregate in PostgreSQL, and
 * these two indexes replace the ones they widen, so that a posting maintains as many indexes as before.
 * - A project's vouchers up to a date, with their ids: the trial balance reads them from the index alone and joins
 *   their lines by id (voucher_date_idx + INCLUDE (id)).
 * - One account's lines with their voucher and amounts: a village statement's 211-<village> lines read from the
 *   index alone (voucher_line_account_idx + INCLUDE (voucher_id, debit, credit)).
 */
export class ReportIndexes1764530000000 implements MigrationInterface {
  name = 'ReportIndexes1764530000000';

  async up(q: QueryRunner): Promise<void> {
    // A restore migrates in the transaction that loaded the vouchers, and PostgreSQL builds no index on a table with
    // checks still pending: the loaded vouchers' balance checks run here instead of at commit, then defer again.
    await q.query(`
      SET CONSTRAINTS voucher_balanced IMMEDIATE;
      CREATE INDEX voucher_project_date_idx ON voucher (project_id, voucher_date) INCLUDE (id);
      DROP INDEX voucher_date_idx;
      CREATE INDEX voucher_line_account_amounts_idx ON voucher_line (account) INCLUDE (voucher_id, debit, credit);
      DROP INDEX voucher_line_account_idx;
      SET CONSTRAINTS voucher_balanced DEFERRED;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX voucher_line_account_idx ON voucher_line (account);
      DROP INDEX voucher_line_account_amounts_idx;
      CREATE INDEX voucher_date_idx ON voucher (project_id, voucher_date);
      DROP INDEX voucher_project_date_idx;
    `);
  }
}
