/**
 * `npm start`: runs the built service, dist/main.js, building it first (`npm run build`) when dist/ is missing or
 * stale: a file under src/ or migrations/ (or a build config) newer than the build, or package-lock.json's content
 * changed since (`npm install` rewrites the file even when nothing changed, so its content is what counts).
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

const reason = staleBecause();
if (reason) {
  console.log(`npm start: ${reason}; building (npm run build)…`);
  const npm = process.env.npm_execpath;
  const build = npm
    ? spawnSync(process.execPath, [npm, 'run', '-s', 'build'], { cwd: root, stdio: 'inherit' })
    : spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
if (!fs.existsSync(stamp) || reason) fs.writeFileSync(stamp, `${lockHash()}\n`);

process.setSourceMapsEnabled(true);
createRequire(import.meta.url)(at('dist/main.js'));
