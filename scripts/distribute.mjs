/**
 * `npm run distribute -- <scenario.json | ->`: runs the built command, dist/distribute/cli/distribute.js, in this
 * process, compiling it first when it is missing or stale (scripts/build-state.mjs, the rule `npm start` uses). The
 * command imports only the framework-free core, so it has a build of its own: src/cli/distribute.ts and the modules
 * it imports, each compiled by swc (well under a second), not the whole service. Node then starts it from plain
 * JavaScript, with no TypeScript compiler loaded at run time.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { at, staleBecause, writeStamp } from './build-state.mjs';

const entry = at('src/cli/distribute.ts');
const outDir = at('dist/distribute');
const output = path.join(outDir, 'cli/distribute.js');
const stamp = path.join(outDir, '.package-lock.sha256');

/** The entry and every module it imports (relative imports; the command imports no package but Node's own). */
function modulesOf(file) {
  const seen = new Set();
  const todo = [file];
  while (todo.length > 0) {
    const f = todo.pop();
    if (seen.has(f)) continue;
    seen.add(f);
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/\b(?:from|import)\s+'(\.{1,2}\/[^']+)'/g)) {
      const base = path.resolve(path.dirname(f), m[1]);
      const found = [`${base}.ts`, path.join(base, 'index.ts')].find((c) => fs.existsSync(c));
      if (!found) throw new Error(`${path.relative(at(), f)}: cannot find the module '${m[1]}'`);
      todo.push(found);
    }
  }
  return [...seen];
}

/** Compiles into a new directory, then puts it in place, so that a command running meanwhile never sees half a build. */
async function build() {
  const { transformFile } = await import('@swc/core');
  const tmp = `${outDir}.${process.pid}`;
  for (const file of modulesOf(entry)) {
    const rel = path.relative(at('src'), file).replace(/\.ts$/, '.js');
    const { code, map } = await transformFile(file, {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
      sourceMaps: true,
    });
    fs.mkdirSync(path.join(tmp, path.dirname(rel)), { recursive: true });
    fs.writeFileSync(path.join(tmp, rel), `${code}\n//# sourceMappingURL=${path.basename(rel)}.map\n`);
    fs.writeFileSync(path.join(tmp, `${rel}.map`), map);
  }
  writeStamp(path.join(tmp, '.package-lock.sha256'));
  fs.rmSync(outDir, { recursive: true, force: true });
  try {
    fs.renameSync(tmp, outDir);
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true }); // another run put its build in place first
  }
}

const reason = staleBecause({
  what: path.relative(at(), output),
  outputs: [output],
  sources: [at('src/cli'), at('src/core'), at('scripts/distribute.mjs'), at('scripts/build-state.mjs')],
  stamp,
});
// Silently: stdout is the result and stderr the scenario's issues, and the build takes well under a second.
if (reason) await build();
process.setSourceMapsEnabled(true);
createRequire(import.meta.url)(output);
