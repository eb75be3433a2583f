/**
 * `npm start`: runs the built service, dist/main.js, building it first (`npm run build`) when dist/ is missing or
 * stale: a file under src/ or migrations/ (or a build config) newer than the build, or package-lock.json's content
 * changed since (`npm install` rewrites the file even when nothing changed, so its content is what counts).
 * Likewise the console (web/dist, `npm run build:web`) when it is missing or older than its sources.
 * The service then runs in this very process, so SIGINT and SIGTERM reach its own handlers.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const at = (...p) => path.join(root, ...p);
const outputs = [at('dist/main.js'), at('dist/migrations/index.js')];
const stamp = at('dist/.package-lock.sha256');
const configs = ['tsconfig.json', 'tsconfig.build.json', 'tsconfig.migrations.json', 'nest-cli.json'].map((f) => at(f));

/** The newest modification time in a tree; directories count too, so that deleting or renaming a file is seen. */
function newest(file) {
  if (!fs.existsSync(file)) return 0;
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(file).reduce((max, name) => Math.max(max, newest(path.join(file, name))), stat.mtimeMs);
}

function lockHash() {
  const lock = at('package-lock.json');
  return fs.existsSync(lock) ? createHash('sha256').update(fs.readFileSync(lock)).digest('hex') : '';
}

/** Why dist/ must be rebuilt, or null when it is up to date. */
function staleBecause() {
  if (!outputs.every((f) => fs.existsSync(f))) return 'dist/ is missing';
  const built = Math.min(...outputs.map((f) => fs.statSync(f).mtimeMs));
  if ([at('src'), at('migrations'), ...configs].some((f) => newest(f) > built)) return 'the sources changed';
  if (fs.existsSync(stamp)) return fs.readFileSync(stamp, 'utf8').trim() === lockHash() ? null : 'package-lock.json changed';
  // Built by `npm run build` (no stamp yet): the lock counts as changed only when the file is newer than the build.
  return newest(at('package-lock.json')) > built ? 'package-lock.json changed' : null;
}

/** Why web/dist (the console) must be rebuilt, or null when it is up to date. */
function consoleStaleBecause() {
  const index = at('web/dist/index.html');
  if (!fs.existsSync(index)) return 'the console (web/dist) is missing';
  const built = fs.statSync(index).mtimeMs;
  const sources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'web/package.json', 'package-lock.json'].map((f) => at(f));
  return sources.some((f) => newest(f) > built) ? 'the console’s sources changed' : null;
}

function npmRun(script) {
  const npm = process.env.npm_execpath;
  const run = npm
    ? spawnSync(process.execPath, [npm, 'run', '-s', script], { cwd: root, stdio: 'inherit' })
    : spawnSync('npm', ['run', '-s', script], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

const reason = staleBecause();
if (reason) {
  console.log(`npm start: ${reason}; building (npm run build)…`);
  npmRun('build');
}
if (!fs.existsSync(stamp) || reason) fs.writeFileSync(stamp, `${lockHash()}\n`);
const consoleReason = consoleStaleBecause();
if (consoleReason) {
  console.log(`npm start: ${consoleReason}; building it (npm run build:web)…`);
  npmRun('build:web');
}

process.setSourceMapsEnabled(true);
createRequire(import.meta.url)(at('dist/main.js'));
