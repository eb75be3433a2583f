/**
 * `npm start`: runs the built service, dist/main.js, building it first (`npm run build`) when dist/ is missing or
 * stale: a file under src/ or migrations/ (or a build config) newer than the build, or package-lock.json's content
 * changed since (`npm install` rewrites the file even when nothing changed, so its content is what counts).
 * Likewise the console (web/dist, `npm run build:web`) when it is missing or older than its sources.
 * The service then runs in this very process, so SIGINT and SIGTERM reach its own handlers. The staleness rule is
 * scripts/build-state.mjs, shared with `npm run distribute`.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { at, newest, npmRun, staleBecause, writeStamp } from './build-state.mjs';

const stamp = at('dist/.package-lock.sha256');
const configs = ['tsconfig.json', 'tsconfig.build.json', 'tsconfig.migrations.json', 'nest-cli.json'].map((f) => at(f));

/** Why dist/ must be rebuilt, or null when it is up to date. */
function serviceStaleBecause() {
  return staleBecause({
    what: 'dist/',
    outputs: [at('dist/main.js'), at('dist/migrations/index.js')],
    sources: [at('src'), at('migrations'), ...configs],
    stamp,
  });
}

/** Why web/dist (the console) must be rebuilt, or null when it is up to date. */
function consoleStaleBecause() {
  const index = at('web/dist/index.html');
  if (!fs.existsSync(index)) return 'the console (web/dist) is missing';
  const built = fs.statSync(index).mtimeMs;
  const sources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'web/package.json', 'package-lock.json'].map((f) => at(f));
  return sources.some((f) => newest(f) > built) ? 'the console’s sources changed' : null;
}

const reason = serviceStaleBecause();
if (reason) {
  console.log(`npm start: ${reason}; building (npm run build)…`);
  npmRun('build');
}
if (!fs.existsSync(stamp) || reason) writeStamp(stamp);
const consoleReason = consoleStaleBecause();
if (consoleReason) {
  console.log(`npm start: ${consoleReason}; building it (npm run build:web)…`);
  npmRun('build:web');
}

process.setSourceMapsEnabled(true);
createRequire(import.meta.url)(at('dist/main.js'));
