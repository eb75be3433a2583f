/**
 * `npm run -s distribute -- <scenario.json | ->`: prints the distribution
 * result (2-space JSON). Exit 0 on success; 2 for an invalid scenario (each
 * failing field on its own stderr line, `field: reason`); 1 for a broken
 * internal identity. Imports only the framework-free core so it starts fast.
 */
import { readFileSync } from 'node:fs';
import { InvariantError, ValidationError } from '../core/errors';
import { runScenario } from '../core/distribution';

function readInput(arg: string | undefined): string {
  if (arg === undefined) throw ValidationError.of('(arguments)', 'usage: distribute <scenario.json | ->');
  try {
    return readFileSync(arg === '-' ? 0 : arg, 'utf8');
  } catch (e) {
    throw ValidationError.of(
      '(file)',
      `cannot read ${arg === '-' ? 'standard input' : arg}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
    );
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw ValidationError.of('(document)', `not valid JSON: ${(e as Error).message}`);
  }
}

function main(): number {
  try {
    const result = runScenario(parseJson(readInput(process.argv[2])));
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    return 0;
  } catch (e) {
    if (e instanceof ValidationError) {
      for (const i of e.issues) process.stderr.write(`${i.field}: ${i.message}\n`);
      return 2;
    }
    if (e instanceof InvariantError) {
      process.stderr.write(`internal error: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}

process.exitCode = main();
