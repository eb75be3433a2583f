/**
 * `npm run api:snapshot`: writes the service's OpenAPI document to web/src/api/openapi.json and regenerates the
 * console's types from it (web/src/api/schema.d.ts, openapi-typescript). Run it after changing a route or a DTO.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openApiDocument, SNAPSHOT, snapshotText } from './openapi-document';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  const text = snapshotText(await openApiDocument());
  const file = path.join(root, SNAPSHOT);
  const changed = !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text;
  fs.writeFileSync(file, text);
  console.log(`${SNAPSHOT}: ${changed ? 'updated' : 'unchanged'} (${text.length} bytes)`);
  const types = spawnSync('npm', ['run', '-s', '-w', 'web', 'api:types'], { cwd: root, stdio: 'inherit' });
  process.exit(types.status ?? 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
