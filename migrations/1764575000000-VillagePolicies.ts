import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A village's distribution policy to its members (issue 16, spec households.md): what it keeps from its income and a
 * weight per share kind, versioned by the year it takes effect like a project's distribution_policy. `version` counts
 * the changes of one row (1 when created, +1 at each PUT), so a run can say exactly which text it used.
 */
export class VillagePolicies1764575000000 implements MigrationInterface {
  name = 'VillagePolicies1764575000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE village_policy (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        village_id uuid NOT NULL REFERENCES village(id),
        effective_from_year int NOT NULL CHECK (effective_from_year BETWEEN 1900 AND 9999),
        version int NOT NULL DEFAULT 1 CHECK (version >= 1),
        document jsonb NOT NULL,
        memo varchar(500),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT village_policy_year_unique UNIQUE (village_id, effective_from_year)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE village_policy;`);
  }
}
