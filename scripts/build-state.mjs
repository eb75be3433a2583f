/**
 * When a build is stale: the one rule `npm start` (scripts/start.mjs) and `npm run distribute`
 * (scripts/distribute.mjs) share. A build is stale when an output is missing, a source file is newer than the
 * oldest output, or package-lock.json's content changed since the build (`npm install` rewrites the file even when
 * nothing changed, so its content is what counts; the build writes its hash to a stamp file).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');
export const at = (...p) => path.join(root, ...p);

/** The newest modification time in a tree; directories count too, so that deleting or renaming a file is seen. */
export function newest(file) {
  if (!fs.existsSync(file)) return 0;
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(file).reduce((max, name) => Math.max(max, newest(path.join(file, name))), stat.mtimeMs);
}

function lockHash() {
  const lock = at('package-lock.json');
  return fs.existsSync(lock) ? createHash('sha256').update(fs.readFileSync(lock)).digest('hex') : '';
}

/**
 * Why `outputs` must be rebuilt from `sources` (files or trees), or null when they are up to date. `what` names the
 * outputs in the reason; `stamp` is the file holding package-lock.json's hash at the last build.
 */
export function staleBecause({ what, outputs, sources, stamp }) {
  if (!outputs.every((f) => fs.existsSync(f))) return `${what} is missing`;
  const built = Math.min(...outputs.map((f) => fs.statSync(f).mtimeMs));
  if (sources.some((f) => newest(f) > built)) return 'the sources changed';
  if (fs.existsSync(stamp)) return fs.readFileSync(stamp, 'utf8').trim() === lockHash() ? null : 'package-lock.json changed';
  // Built by another command (no stamp yet): the lock counts as changed only when the file is newer than the build.
  return newest(at('package-lock.json')) > built ? 'package-lock.json changed' : null;
}

/** Records package-lock.json's content as the one the build was made with. */
export function writeStamp(stamp) {
  fs.writeFileSync(stamp, `${lockHash()}\n`);
}

/** `npm run -s <script>` in the project, with this npm when run by one; exits on failure. */
export function npmRun(script) {
  const npm = process.env.npm_execpath;
  const run = npm
    ? spawnSync(process.execPath, [npm, 'run', '-s', script], { cwd: root, stdio: 'inherit' })
    : spawnSync('npm', ['run', '-s', script], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
