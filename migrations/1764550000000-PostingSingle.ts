import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Single postings (issue 14):
 *   - a posting from the group commit can end its transaction with its append, in one message (`EXECUTE …; COMMIT`),
 *     so the append must refuse by itself, in the database, what the writer checked after it: that every voucher went
 *     in, i.e. the head and the months' counters were where the lock read them. Otherwise the counters could commit
 *     without their vouchers (a gap). The append's last expression calls ledger_appended.
 *   - voucher_line_same_tx (migration PostingBulk) meant to be planned at each call, but its query had no parameter,
 *     and PL/pgSQL plans such a query once per session whatever plan_cache_mode says: a session that first posted while
 *     the voucher table was small scanned all of it at every posting after (single postings slowed as the books grew).
 *     The transaction id is now a variable, so the query is planned at each call, with the table as it is. Same
 *     name, message and code; the trigger is unchanged and still ENABLE ALWAYS.
 */
export class PostingSingle1764550000000 implements MigrationInterface {
  name = 'PostingSingle1764550000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- SQLSTATE EL001: the writer turns it into its InvariantError (ledger.repository.ts, appendVouchers).
      CREATE FUNCTION ledger_appended(written int, expected int) RETURNS int LANGUAGE plpgsql AS $$
      BEGIN
        IF written IS DISTINCT FROM expected THEN
          RAISE EXCEPTION '账簿头或凭证号计数器与锁定时读到的不一致：应写入 % 张凭证，实际 % 张', expected, written
            USING ERRCODE = 'EL001';
        END IF;
        RETURN written;
      END $$;

      CREATE OR REPLACE FUNCTION voucher_line_same_tx() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
      DECLARE stray uuid; tx bigint := txid_current();
      BEGIN
        SELECT n.voucher_id INTO stray
          FROM (SELECT DISTINCT voucher_id FROM new_lines) n
          LEFT JOIN voucher v ON v.id = n.voucher_id AND v.txid = tx
         WHERE v.id IS NULL LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'voucher %: lines can only be added when the voucher is posted', stray
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NULL;
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION ledger_appended(int, int);
      CREATE OR REPLACE FUNCTION voucher_line_same_tx() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
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
    `);
  }
}
