import { performance } from 'node:perf_hooks';
import { distribute, parseScenario } from '../src/core/distribution';
import { benchScenario } from './bench-engine';
const n = Number(process.argv[2]);
const s = parseScenario(benchScenario(n));
distribute(s);
const ms: number[] = [];
for (let i = 0; i < 5; i++) { const t = performance.now(); distribute(s); ms.push(performance.now() - t); }
console.log(n, ms.sort((a, b) => a - b)[2].toFixed(0));
