/**
 * Benchmark part 4 (issue 14): the engine. `distribute` in-process on 10,000 and 100,000 villages (`--quick`: 1,000
 * and 10,000) with 5 capital events each and 4 buckets (by capital, by agreed weights, two payees) after a tiered
 * deduction; the ratio of the two sizes, from alternating rounds; the peak memory of a 100,000-village run in a
 * process of its own (the built engine on a scenario file: read, parse, distribute); and the start-up of the built
 * command (`node dist/distribute/cli/distribute.js` on one village) against `node -e 0`.
 * Times are `distribute` alone; parsing (which the command also pays) is timed apart and said in the row.
 * `node --expose-gc -r @swc-node/register scripts/bench.ts --only engine [--quick]`
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { distribute, parseScenario } from '../../src/core/distribution';
import type { BenchContext, BenchRow } from './types';

const PART = 'engine';
const root = path.resolve(__dirname, '../..');
/** The built command and engine (scripts/distribute.mjs compiles them when missing or stale). */
const BUILT_CLI = path.join(root, 'dist/distribute/cli/distribute.js');
const BUILT_ENGINE = path.join(root, 'dist/distribute/core/distribution/index.js');

/** Deterministic pseudo-random integers so every run measures the same work. */
function rng(seed: number): (n: number) => number {
  let x = seed >>> 0;
  return (n) => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x % n;
  };
}

/** A scenario document of `villages` villages with 5 capital events each, 4 buckets (one by agreed weights) and a tiered deduction. */
export function benchScenario(villages: number, year = 2025): unknown {
  const r = rng(villages);
  const codes = Array.from({ length: villages }, (_, i) => `V${String(i + 1).padStart(6, '0')}`);
  const pad = (n: number) => String(n).padStart(2, '0');
  const contributions = codes.flatMap((village) => {
    const base = 100000 + r(900000);
    return [
      { village, date: `${year - 1}-${pad(1 + r(12))}-${pad(1 + r(28))}`, amount: `${base}.${pad(r(100))}` },
      { village, date: `${year}-01-${pad(1 + r(28))}`, amount: `${r(50000)}.${pad(r(100))}` },
      { village, date: `${year}-03-${pad(1 + r(28))}`, amount: `${r(50000)}.00` },
      { village, date: `${year}-07-${pad(1 + r(28))}`, amount: `-${r(90000)}.${pad(r(100))}` },
      { village, date: `${year}-11-${pad(1 + r(28))}`, amount: `${r(20000)}.${pad(r(100))}` },
    ];
  });
  const weights = Object.fromEntries(codes.filter(() => r(10) > 0).map((c) => [c, `${1 + r(40)}.${r(100)}`]));
  return {
    project: { code: 'BENCH' },
    year,
    policy: {
      guaranteed: { type: 'rate', rate: '0.06' },
      deductions: [{ code: 'operator', brackets: [{ upTo: '2000000.00', rate: '0.05' }, { rate: '0.10' }] }],
      sharing: [
        { code: 'capital', share: '0.5', weights: 'capital' },
        { code: 'land', share: '0.3', weights },
        { code: 'poor', share: '0.15', payee: { code: 'FUND-POOR' } },
        { code: 'risk', share: '0.05', payee: { code: 'FUND-RISK' } },
      ],
    },
    villages: codes.map((code) => ({ code })),
    contributions,
    // Profit well above the guarantees so every level has money to split.
    result: { revenue: `${villages * 150000}.37`, costs: `${villages * 40000}.00` },
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** With --expose-gc (npm run bench sets it), each run starts from a collected heap: no run pays for the last one's garbage. */
const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** Wall time, and CPU time of the process (its GC threads too): on a loaded machine the two part, and both are said. */
function timed(fn: () => void): { wall: number; cpu: number } {
  collect();
  const c = process.cpuUsage();
  const t = performance.now();
  fn();
  const wall = performance.now() - t;
  const used = process.cpuUsage(c);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

const n = (x: number) => x.toLocaleString('en-US');
const ms = (x: number) => Math.round(x * 10) / 10;

/**
 * The two sizes in alternating rounds (small, large, small, large, …), one scenario alive at a time, so that drift
 * in the machine's speed (a shared 2-core VM) falls on both sides of the ratio alike. Medians.
 */
function inProcess(ctx: BenchContext, small: number, large: number, rounds: number) {
  const plan = [
    { size: small, perRound: 3 },
    { size: large, perRound: 1 },
  ];
  const runs = new Map<number, { wall: number; cpu: number }[]>(plan.map((p) => [p.size, []]));
  const parses = new Map<number, number[]>(plan.map((p) => [p.size, []]));
  for (let round = 0; round < rounds; round++) {
    for (const { size, perRound } of plan) {
      const input = benchScenario(size);
      let scenario: ReturnType<typeof parseScenario> | undefined;
      parses.get(size)!.push(timed(() => (scenario = parseScenario(input))).wall);
      if (round === 0 && size === small) distribute(scenario!); // warm-up
      for (let i = 0; i < perRound; i++) runs.get(size)!.push(timed(() => distribute(scenario!)));
    }
    ctx.log(`engine: round ${round + 1}/${rounds}: ${plan.map((p) => `${n(p.size)} ${ms(runs.get(p.size)!.at(-1)!.wall)} ms`).join(', ')}`);
  }
  return (size: number) => {
    const r = runs.get(size)!;
    return {
      distribute: median(r.map((x) => x.wall)),
      cpu: median(r.map((x) => x.cpu)),
      parse: median(parses.get(size)!),
      runs: r.length,
    };
  };
}

/** Compiles the command when stale (scripts/distribute.mjs), running it once on `file`. */
function ensureBuilt(file: string): void {
  const run = spawnSync(process.execPath, [path.join(root, 'scripts/distribute.mjs'), file], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0 || !fs.existsSync(BUILT_CLI)) throw new Error(`scripts/distribute.mjs failed:\n${run.stderr}`);
}

/** Wall time of a fresh `node` process, medians of alternating rounds against `node -e 0`. */
function startUp(file: string, rounds: number) {
  const clock = (args: string[]) => {
    const t = performance.now();
    const run = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
    return performance.now() - t;
  };
  const cli: number[] = [];
  const bare: number[] = [];
  clock([BUILT_CLI, file]);
  for (let i = 0; i < rounds; i++) {
    cli.push(clock([BUILT_CLI, file]));
    bare.push(clock(['-e', '0']));
  }
  return { cli: median(cli), bare: median(bare) };
}

/** The child's script: `what` ('engine' or 'parse'), the built engine's path, the scenario file; prints VmHWM in KiB. */
const PEAK = `
const fs = require('node:fs');
const [what, engine, file] = process.argv.slice(1);
const { parseScenario, distribute } = require(engine);
const read = () => JSON.parse(fs.readFileSync(file, 'utf8'));
// The document is an argument of parseScenario only: it is not kept while the engine runs.
if (what === 'engine') distribute(parseScenario(read()));
else read();
process.stdout.write(/VmHWM:\\s*(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]);
`;

/** Peak resident memory (MB) of a process of its own that runs the built engine on `file` ('parse': only reads and JSON.parses it). */
function peakMemory(what: 'engine' | 'parse', file: string): number {
  const run = spawnSync(process.execPath, ['-e', PEAK, what, BUILT_ENGINE, file], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the memory run failed: ${run.stderr}`);
  return Math.round(Number(run.stdout) / 1024);
}

export async function benchEngine(ctx: BenchContext): Promise<BenchRow[]> {
  const [small, large] = ctx.quick ? [1_000, 10_000] : [10_000, 100_000];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-engine-'));
  try {
    const one = path.join(tmp, 'one-village.json');
    fs.writeFileSync(one, JSON.stringify(benchScenario(1)));
    ensureBuilt(one);

    const at = inProcess(ctx, small, large, ctx.quick ? 3 : 5);
    const s = at(small);
    const l = at(large);
    const ratio = l.distribute / s.distribute;
    const what = (size: number, x: { cpu: number; parse: number; runs: number }) =>
      `distribute, ${n(size)} villages × 5 events, 4 buckets (median of ${x.runs}, wall; CPU ${n(Math.round(x.cpu))} ms; ` +
      `parsing ${n(Math.round(x.parse))} ms more)`;
    const rows: BenchRow[] = [
      {
        part: PART,
        what: what(small, s),
        value: ms(s.distribute),
        unit: 'ms',
        target: 'none of its own (the ratio below)',
        holds: true,
      },
      large === 100_000
        ? {
            part: PART,
            what: what(large, l),
            value: ms(l.distribute),
            unit: 'ms',
            target: '< 2000 ms',
            holds: l.distribute < 2000,
            limit: 2000,
            compare: 'max',
          }
        : {
            part: PART,
            what: what(large, l),
            value: ms(l.distribute),
            unit: 'ms',
            target: 'none of its own (the ratio below)',
            holds: true,
          },
      {
        part: PART,
        what: `distribute ${n(large)} / ${n(small)} villages (alternating rounds)`,
        value: Math.round(ratio * 100) / 100,
        unit: 'ratio',
        baseline: { what: `distribute, ${n(small)} villages`, value: ms(s.distribute), unit: 'ms' },
        ratio: Math.round(ratio * 100) / 100,
        target: '≤ 11',
        holds: ratio <= 11,
        limit: 11,
        compare: 'max',
      },
    ];

    if (!ctx.quick) {
      ctx.log(`engine: peak memory of ${n(large)} villages in a process of its own…`);
      const file = path.join(tmp, 'scenario.json');
      fs.writeFileSync(file, JSON.stringify(benchScenario(large)));
      const parseOnly = peakMemory('parse', file);
      const peak = peakMemory('engine', file);
      rows.push({
        part: PART,
        what: `peak memory (VmHWM) of a process reading, parsing and distributing ${n(large)} villages (built engine)`,
        value: peak,
        unit: 'MB',
        baseline: { what: 'the same process only reading and JSON.parse-ing the file', value: parseOnly, unit: 'MB' },
        target: '< 600 MB',
        holds: peak < 600,
        limit: 600,
        compare: 'max',
      });
    }

    ctx.log('engine: start-up of the built command…');
    const up = startUp(one, ctx.quick ? 5 : 9);
    rows.push({
      part: PART,
      what: 'start-up: node dist/distribute/cli/distribute.js on 1 village (whole process)',
      value: ms(up.cli),
      unit: 'ms',
      baseline: { what: 'node -e 0', value: ms(up.bare), unit: 'ms' },
      target: '< 300 ms',
      holds: up.cli < 300,
      limit: 300,
      compare: 'max',
      // 300 ms against node -e 0's 54 ms in the reference run.
      checkRatio: 5.5,
    });
    return rows;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchEngine({ quick: process.argv.includes('--quick'), databaseUrl: '', log: (line) => console.error(line) })
    .then((rows) => console.table(rows.map(({ what, value, unit, target, holds }) => ({ what, value, unit, target, holds }))))
    .catch((e) => {
      console.error(e);
      process.exitCode = 1;
    });
}
