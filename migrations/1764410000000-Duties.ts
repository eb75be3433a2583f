import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Separation of duties: who created and who last changed each account (null
 * for accounts a system task made), so that an approver's account cannot come
 * from the run's preparer; and the user id of every step of a run, next to the
 * logins it already kept. No foreign keys, like the run's prepared_by and the
 * audit trail's actor_id: these record who acted, they do not own anything.
 */
export class Duties1764410000000 implements MigrationInterface {
  name = 'Duties1764410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user ADD COLUMN created_by uuid, ADD COLUMN updated_by uuid;
      ALTER TABLE distribution_run ADD COLUMN posted_by uuid, ADD COLUMN reversed_by uuid;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE distribution_run DROP COLUMN reversed_by, DROP COLUMN posted_by;
      ALTER TABLE app_user DROP COLUMN updated_by, DROP COLUMN created_by;
    `);
  }
}
