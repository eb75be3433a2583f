/** `npm run bench`: the engine benchmark (a ledger benchmark will join it here). */
import { benchEngine } from './bench-engine';
import { benchLedger } from './bench-ledger';

async function main(): Promise<void> {
  await benchEngine();
  await benchLedger();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
