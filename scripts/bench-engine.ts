/**
 * Engine benchmark: `distribute` on 48, 10,000 and 100,000 villages (5
 * capital events each; buckets by capital, by agreed weights and two payees;
 * a tiered deduction). Parsing is timed separately; it is not the engine.
 * Targets on the 2-core reference machine: 10k < 500 ms, 100k ≤ 12 × 10k.
 */
import { performance } from 'node:perf_hooks';
import { distribute, parseScenario, Scenario } from '../src/core/distribution';

/** Deterministic pseudo-random integers so every run measures the same work. */
function rng(seed: number): (n: number) => number {
  let x = seed >>> 0;
  return (n) => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x % n;
  };
}

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

function timed(fn: () => void): number {
  collect();
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/**
 * Sizes are measured in alternating rounds (10k, 100k, 10k, 100k, …), one
 * scenario alive at a time, so that drift in the machine's speed (a shared
 * 2-core VM) falls on both sides of the 100k/10k ratio alike. Medians.
 */
export async function benchEngine(): Promise<void> {
  const plan = [
    { n: 48, perRound: 5 },
    { n: 10_000, perRound: 3 },
    { n: 100_000, perRound: 1 },
  ];
  const ROUNDS = 5;
  const samples = new Map<number, number[]>(plan.map((p) => [p.n, []]));
  const parse = new Map<number, number[]>(plan.map((p) => [p.n, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const { n, perRound } of plan) {
      const input = benchScenario(n);
      let scenario: Scenario | undefined;
      parse.get(n)!.push(timed(() => (scenario = parseScenario(input))));
      if (round === 0) distribute(scenario!); // warm-up
      for (let i = 0; i < perRound; i++) samples.get(n)!.push(timed(() => distribute(scenario!)));
    }
  }
  const results: Record<number, number> = {};
  for (const { n } of plan) {
    const ms = samples.get(n)!;
    results[n] = median(ms);
    console.log(
      `engine ${String(n).padStart(7)} villages × 5 events: distribute median ${results[n].toFixed(1)} ms ` +
        `(${ms.length} runs, ${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)}; parse ${median(parse.get(n)!).toFixed(1)} ms)`,
    );
  }
  const ratio = results[100_000] / results[10_000];
  console.log(`engine 10k: ${results[10_000].toFixed(1)} ms (target < 500 ms) ${results[10_000] < 500 ? 'OK' : 'SLOW'}`);
  console.log(`engine 100k/10k ratio: ${ratio.toFixed(2)} (target ≤ 12) ${ratio <= 12 ? 'OK' : 'SLOW'}`);
}
