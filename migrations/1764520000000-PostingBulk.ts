import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Posting in bulk (issue 14): "lines only in the transaction that created their voucher" checked once per statement
 * instead of once per line. The writer inserts a run's 40,000 lines in a few statements; a row trigger ran a query
 * for each. The statement trigger reads the statement's new lines (a transition table) and refuses the statement
 * when any of them belongs to a voucher not created in this transaction, with the same message and code. Same name,
 * still ENABLE ALWAYS.
 */
export class PostingBulk1764520000000 implements MigrationInterface {
  name = 'PostingBulk1764520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER voucher_line_same_tx ON voucher_line;
      DROP FUNCTION voucher_line_before_insert();

      -- Planned at each call: a plan cached while the voucher table was small would scan all of it at every insert.
      CREATE FUNCTION voucher_line_same_tx() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
      DECLARE stray uuid;
      BEGIN
        SELECT n.voucher_id INTO stray
          FROM (SELECT DISTINCT voucher_id FROM new_lines) n
          LEFT JOIN voucher v ON v.id = n.voucher_id AND v.txid = txid_current()
         WHERE v.id IS NULL LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'voucher %: lines can only be added when the voucher is posted', stray
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER voucher_line_same_tx AFTER INSERT ON voucher_line
        REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION voucher_line_same_tx();
      ALTER TABLE voucher_line ENABLE ALWAYS TRIGGER voucher_line_same_tx;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER voucher_line_same_tx ON voucher_line;
      DROP FUNCTION voucher_line_same_tx();

      CREATE FUNCTION voucher_line_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM voucher v WHERE v.id = NEW.voucher_id AND v.txid = txid_current()) THEN
          RAISE EXCEPTION 'voucher %: lines can only be added when the voucher is posted', NEW.voucher_id
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER voucher_line_same_tx BEFORE INSERT ON voucher_line FOR EACH ROW EXECUTE FUNCTION voucher_line_before_insert();
      ALTER TABLE voucher_line ENABLE ALWAYS TRIGGER voucher_line_same_tx;
    `);
  }
}
