import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Books (issue 16): the ledger's chains belong to a book, not to a project. A project's book keeps the books it kept
 * (its id is the project's id); a village opens a book of its own (its id is the village's id) for what it receives
 * from the projects and shares out to its households. The tables of the chain — ledger_head, voucher_counter,
 * year_close, voucher, closed_year_balance, ledger_event — name the book (book_id) where they named the project, with
 * their foreign keys to book; one book per existing project is filled in here. The cut-over of an opening voucher is
 * a project's: a project book's id is its project's id (CHECK below), so opening_balance.project_id = book_id finds it,
 * and a village book has none.
 */
export class Books1764560000000 implements MigrationInterface {
  name = 'Books1764560000000';

  async up(q: QueryRunner): Promise<void> {
    // A restore migrates in the transaction that loaded the vouchers, and PostgreSQL alters no table with checks still
    // pending: the loaded vouchers' balance checks run here instead of at commit, then defer again.
    await q.query(`
      SET CONSTRAINTS voucher_balanced IMMEDIATE;

      CREATE TABLE book (
        id uuid PRIMARY KEY,
        kind varchar(10) NOT NULL CHECK (kind IN ('project', 'village')),
        project_id uuid UNIQUE REFERENCES project(id),
        village_id uuid UNIQUE REFERENCES village(id),
        opened_on date,
        opened_by varchar(64),
        created_at timestamptz NOT NULL DEFAULT now(),
        -- The book of a project is the project's (same id), that of a village the village's.
        CONSTRAINT book_owner CHECK (
          (kind = 'project' AND project_id IS NOT NULL AND village_id IS NULL AND id = project_id)
          OR (kind = 'village' AND village_id IS NOT NULL AND project_id IS NULL AND id = village_id)),
        -- A village's book is opened by someone on a day; a project's is there from the start.
        CONSTRAINT book_village_opened CHECK (kind = 'project' OR (opened_on IS NOT NULL AND opened_by IS NOT NULL))
      );
      INSERT INTO book (id, kind, project_id) SELECT id, 'project', id FROM project;

      ALTER TABLE ledger_head DROP CONSTRAINT ledger_head_project_id_fkey;
      ALTER TABLE ledger_head RENAME COLUMN project_id TO book_id;
      ALTER TABLE ledger_head ADD CONSTRAINT ledger_head_book_id_fkey FOREIGN KEY (book_id) REFERENCES book(id);

      ALTER TABLE voucher_counter DROP CONSTRAINT voucher_counter_project_id_fkey;
      ALTER TABLE voucher_counter RENAME COLUMN project_id TO book_id;
      ALTER TABLE voucher_counter ADD CONSTRAINT voucher_counter_book_id_fkey FOREIGN KEY (book_id) REFERENCES book(id);

      ALTER TABLE year_close DROP CONSTRAINT year_close_project_id_fkey;
      ALTER TABLE year_close RENAME COLUMN project_id TO book_id;
      ALTER TABLE year_close ADD CONSTRAINT year_close_book_id_fkey FOREIGN KEY (book_id) REFERENCES book(id);

      ALTER TABLE voucher DROP CONSTRAINT voucher_project_id_fkey;
      ALTER TABLE voucher RENAME COLUMN project_id TO book_id;
      ALTER TABLE voucher ADD CONSTRAINT voucher_book_id_fkey FOREIGN KEY (book_id) REFERENCES book(id);
      ALTER INDEX voucher_project_date_idx RENAME TO voucher_book_date_idx;

      ALTER TABLE closed_year_balance DROP CONSTRAINT closed_year_balance_project_id_fkey;
      ALTER TABLE closed_year_balance RENAME COLUMN project_id TO book_id;
      ALTER TABLE closed_year_balance ADD CONSTRAINT closed_year_balance_book_id_fkey FOREIGN KEY (book_id) REFERENCES book(id);

      ALTER TABLE ledger_event DROP CONSTRAINT ledger_event_project_id_fkey;
      ALTER TABLE ledger_event RENAME COLUMN project_id TO book_id;
      ALTER TABLE ledger_event ADD CONSTRAINT ledger_event_book_id_fkey FOREIGN KEY (book_id) REFERENCES book(id);

      CREATE OR REPLACE FUNCTION voucher_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.txid := txid_current();
        IF EXISTS (SELECT 1 FROM year_close c WHERE c.book_id = NEW.book_id
                    AND c.year = extract(year FROM NEW.voucher_date)::int) THEN
          RAISE EXCEPTION 'year % of book % is closed: voucher dated % refused',
            extract(year FROM NEW.voucher_date), NEW.book_id, NEW.voucher_date USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$;

      CREATE OR REPLACE FUNCTION voucher_after_cutover() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- A project book's id is its project's id; a village book's matches no opening balance.
        IF NEW.source_type <> 'opening-balance' AND EXISTS (
             SELECT 1 FROM opening_balance ob
              WHERE ob.project_id = NEW.book_id AND ob.status = 'posted' AND NEW.voucher_date <= ob.as_of) THEN
          RAISE EXCEPTION 'voucher dated % is on or before the cut-over date of project %', NEW.voucher_date, NEW.book_id
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$;

      SET CONSTRAINTS voucher_balanced DEFERRED;
    `);
  }

  /** Only while every book is a project's: a village book's chain has nowhere to go. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      SET CONSTRAINTS voucher_balanced IMMEDIATE;
      CREATE OR REPLACE FUNCTION voucher_after_cutover() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.source_type <> 'opening-balance' AND EXISTS (
             SELECT 1 FROM opening_balance ob
              WHERE ob.project_id = NEW.project_id AND ob.status = 'posted' AND NEW.voucher_date <= ob.as_of) THEN
          RAISE EXCEPTION 'voucher dated % is on or before the cut-over date of project %', NEW.voucher_date, NEW.project_id
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$;

      CREATE OR REPLACE FUNCTION voucher_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.txid := txid_current();
        IF EXISTS (SELECT 1 FROM year_close c WHERE c.project_id = NEW.project_id
                    AND c.year = extract(year FROM NEW.voucher_date)::int) THEN
          RAISE EXCEPTION 'year % of project % is closed: voucher dated % refused',
            extract(year FROM NEW.voucher_date), NEW.project_id, NEW.voucher_date USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$;

      ALTER TABLE ledger_event DROP CONSTRAINT ledger_event_book_id_fkey;
      ALTER TABLE ledger_event RENAME COLUMN book_id TO project_id;
      ALTER TABLE ledger_event ADD CONSTRAINT ledger_event_project_id_fkey FOREIGN KEY (project_id) REFERENCES project(id);

      ALTER TABLE closed_year_balance DROP CONSTRAINT closed_year_balance_book_id_fkey;
      ALTER TABLE closed_year_balance RENAME COLUMN book_id TO project_id;
      ALTER TABLE closed_year_balance ADD CONSTRAINT closed_year_balance_project_id_fkey FOREIGN KEY (project_id) REFERENCES project(id);

      ALTER INDEX voucher_book_date_idx RENAME TO voucher_project_date_idx;
      ALTER TABLE voucher DROP CONSTRAINT voucher_book_id_fkey;
      ALTER TABLE voucher RENAME COLUMN book_id TO project_id;
      ALTER TABLE voucher ADD CONSTRAINT voucher_project_id_fkey FOREIGN KEY (project_id) REFERENCES project(id);

      ALTER TABLE year_close DROP CONSTRAINT year_close_book_id_fkey;
      ALTER TABLE year_close RENAME COLUMN book_id TO project_id;
      ALTER TABLE year_close ADD CONSTRAINT year_close_project_id_fkey FOREIGN KEY (project_id) REFERENCES project(id);

      ALTER TABLE voucher_counter DROP CONSTRAINT voucher_counter_book_id_fkey;
      ALTER TABLE voucher_counter RENAME COLUMN book_id TO project_id;
      ALTER TABLE voucher_counter ADD CONSTRAINT voucher_counter_project_id_fkey FOREIGN KEY (project_id) REFERENCES project(id);

      ALTER TABLE ledger_head DROP CONSTRAINT ledger_head_book_id_fkey;
      ALTER TABLE ledger_head RENAME COLUMN book_id TO project_id;
      ALTER TABLE ledger_head ADD CONSTRAINT ledger_head_project_id_fkey FOREIGN KEY (project_id) REFERENCES project(id);

      DROP TABLE book;
      SET CONSTRAINTS voucher_balanced DEFERRED;
    `);
  }
}
