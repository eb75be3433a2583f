/** `npm run bench`: the engine benchmark (a ledger benchmark will join it here). */
import { benchEngine } from './bench-engine';

async function main(): Promise<void> {
  await benchEngine();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
