import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openApiDocument, SNAPSHOT, snapshotText } from '../../../scripts/openapi-document';

/**
 * The console's API client is typed from a checked-in copy of the OpenAPI document. When a route or a DTO changes
 * and the copy does not, the console would compile against an API that no longer exists: these fail, and say how
 * to bring the copy (and the types generated from it) up to date.
 */
const root = path.resolve(__dirname, '../../..');
const FIX = 'the console is typed from an old copy: run `npm run api:snapshot` and commit web/src/api/';

describe('the console’s copy of the OpenAPI document', () => {
  it('is the document the service serves', async () => {
    const live = snapshotText(await openApiDocument());
    const copy = fs.readFileSync(path.join(root, SNAPSHOT), 'utf8');
    if (copy !== live) throw new Error(`web/src/api/openapi.json differs from GET /api/docs-json: ${FIX}`);
  });

  it('is the source of the types the console compiles against', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-types-')), 'schema.d.ts');
    const generated = spawnSync('npx', ['-w', 'web', 'openapi-typescript', 'src/api/openapi.json', '-o', out], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(generated.status).toBe(0);
    const current = fs.readFileSync(path.join(root, 'web/src/api/schema.d.ts'), 'utf8');
    if (current !== fs.readFileSync(out, 'utf8')) throw new Error(`web/src/api/schema.d.ts is not generated from openapi.json: ${FIX}`);
  });
});
