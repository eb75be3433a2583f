import { MigrationInterface, QueryRunner } from 'typeorm';

/** The domain's records: townships, villages, projects and their villages, capital, yearly results, policies. */
export class Foundation1764300000000 implements MigrationInterface {
  name = 'Foundation1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE township (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(32) NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9_-]{1,32}$'),
        name varchar(100) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE village (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(32) NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9_-]{1,32}$'),
        name varchar(100) NOT NULL,
        township_id uuid REFERENCES township(id),
        credit_code char(18) UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX village_township_idx ON village(township_id);
      CREATE TABLE project (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(32) NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9_-]{1,32}$'),
        name varchar(200) NOT NULL,
        park_name varchar(200),
        phase varchar(50),
        township_id uuid REFERENCES township(id),
        host_village_id uuid REFERENCES village(id),
        operator_name varchar(200),
        start_date date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE project_village (
        project_id uuid NOT NULL REFERENCES project(id),
        village_id uuid NOT NULL REFERENCES village(id),
        joined_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (project_id, village_id)
      );
      CREATE INDEX project_village_village_idx ON project_village(village_id);
      CREATE TABLE capital_event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL,
        village_id uuid NOT NULL,
        event_date date NOT NULL,
        amount numeric(15,2) NOT NULL CHECK (amount <> 0),
        kind varchar(10) NOT NULL CHECK (kind IN ('cash', 'asset')),
        fund_source varchar(100),
        reference varchar(100),
        memo varchar(500),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (project_id, village_id) REFERENCES project_village(project_id, village_id)
      );
      CREATE INDEX capital_event_project_village_idx ON capital_event(project_id, village_id, event_date);
      CREATE TABLE year_result (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES project(id),
        year int NOT NULL CHECK (year BETWEEN 1900 AND 9999),
        revenue numeric(15,2) NOT NULL CHECK (revenue >= 0),
        costs numeric(15,2) NOT NULL CHECK (costs >= 0),
        mushroom_logs bigint CHECK (mushroom_logs >= 0),
        fresh_kg numeric(15,3) CHECK (fresh_kg >= 0),
        dried_kg numeric(15,3) CHECK (dried_kg >= 0),
        jobs int CHECK (jobs >= 0),
        wages_paid numeric(15,2) CHECK (wages_paid >= 0),
        memo varchar(500),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (project_id, year)
      );
      CREATE TABLE distribution_policy (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES project(id),
        effective_from_year int NOT NULL CHECK (effective_from_year BETWEEN 1900 AND 9999),
        document jsonb NOT NULL,
        memo varchar(500),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (project_id, effective_from_year)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE distribution_policy; DROP TABLE year_result; DROP TABLE capital_event;
      DROP TABLE project_village; DROP TABLE project; DROP TABLE village; DROP TABLE township;
    `);
  }
}
