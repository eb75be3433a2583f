import { performance } from 'node:perf_hooks';
import { distribute, parseScenario, canonicalJson } from '/work/main/src/core/distribution';
import { benchScenario } from '/work/main/scripts/bench-engine';
const s = parseScenario(benchScenario(10000));
distribute(s);
for (let i = 0; i < 3; i++) { const t = performance.now(); const r = distribute(s); const t2 = performance.now(); canonicalJson(r); console.log((t2 - t).toFixed(0), (performance.now() - t2).toFixed(0)); }
