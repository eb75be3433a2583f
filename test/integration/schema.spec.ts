/**
 * One persistence style, checked: every table of the migrated schema is owned
 * by exactly one repository, and the columns each repository declares
 * (`tableShape`, src/**\/*.repository.ts) are exactly the table's columns:
 * name, type as `format_type` prints it, and nullability ('?').
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { createDataSource } from '../../src/platform/database/data-source';
import type { TableShape } from '../../src/platform/database/repository';

const SRC = path.resolve(__dirname, '../../src');

interface OwnedShape extends TableShape {
  /** The repository file and export that declare it, for the failure message. */
  owner: string;
}

function isShape(value: unknown): value is TableShape {
  const v = value as TableShape;
  return typeof v === 'object' && v !== null && typeof v.table === 'string' && typeof v.columns === 'object' && v.columns !== null;
}

/** Every TableShape exported by a repository file under src/. */
function repositoryShapes(): OwnedShape[] {
  const files = (fs.readdirSync(SRC, { recursive: true }) as string[]).filter((f) => f.endsWith('.repository.ts')).sort();
  return files.flatMap((file) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exports = require(path.join(SRC, file)) as Record<string, unknown>;
    return Object.entries(exports).flatMap(([name, value]) => {
      const values = Array.isArray(value) ? value : [value];
      return values.filter(isShape).map((s) => ({ ...s, owner: `src/${file} (${name})` }));
    });
  });
}

interface Column {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
}

/** A column as a shape spells it: the type, then '?' when NULL is allowed. */
const spelled = (c: Column) => `${c.type}${c.nullable ? '?' : ''}`;

describe('schema: repositories own the migrated tables exactly', () => {
  const shapes = repositoryShapes();
  let db: DataSource;
  let columns: Map<string, Column[]>;

  beforeAll(async () => {
    db = createDataSource(process.env.TEST_DATABASE_URL!);
    await db.initialize();
    const rows: Column[] = await db.query(
      `SELECT c.relname AS "table", a.attname AS "column", format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable
         FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'migrations'
        ORDER BY c.relname, a.attnum`,
    );
    columns = new Map();
    for (const r of rows) columns.set(r.table, [...(columns.get(r.table) ?? []), r]);
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('finds the repositories and the migrated tables', () => {
    expect(shapes.length).toBeGreaterThan(0);
    expect(columns.size).toBeGreaterThan(0);
  });

  it('every table is owned by exactly one repository, and every shape names a table', () => {
    const problems: string[] = [];
    for (const table of columns.keys()) {
      const owners = shapes.filter((s) => s.table === table).map((s) => s.owner);
      if (owners.length === 0) problems.push(`${table}: no repository declares it`);
      if (owners.length > 1) problems.push(`${table}: declared by ${owners.length} repositories: ${owners.join(', ')}`);
    }
    for (const s of shapes) if (!columns.has(s.table)) problems.push(`${s.table}: declared by ${s.owner}, but not in the migrated schema`);
    expect(problems).toEqual([]);
  });

  it.each(shapes.map((s) => [s.table, s] as const))("%s: the declared columns are the table's columns", (table, shape) => {
    const actual = columns.get(table) ?? [];
    const differences: string[] = [];
    for (const c of actual) {
      const declared = shape.columns[c.column];
      if (declared === undefined) differences.push(`${table}.${c.column}: in the database as '${spelled(c)}', missing from ${shape.owner}`);
      else if (declared !== spelled(c))
        differences.push(`${table}.${c.column}: ${shape.owner} says '${declared}', the database has '${spelled(c)}'`);
    }
    for (const name of Object.keys(shape.columns)) {
      if (!actual.some((c) => c.column === name))
        differences.push(`${table}.${name}: declared by ${shape.owner} as '${shape.columns[name]}', not in the database`);
    }
    expect(differences).toEqual([]);
  });
});
