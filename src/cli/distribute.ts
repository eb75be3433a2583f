/**
 * `npm run -s distribute -- <scenario.json | ->`: prints the distribution
 * result (2-space JSON). Exit 0 on success; 2 for an invalid scenario (each
 * failing field on its own stderr line, `field: reason`); 1 for a broken
 * internal identity. Imports only the framework-free core so it starts fast.
 */
import { readFileSync } from 'node:fs';
import { InvariantError, ValidationError } from '../core/errors';
import { runScenario } from '../core/distribution';

/** Why a file could not be read, for the common errno codes. */
const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: '文件不存在',
  EACCES: '没有读取权限',
  EISDIR: '这是一个目录，不是文件',
};

function readInput(arg: string | undefined): string {
  if (arg === undefined) throw ValidationError.of('(arguments)', '用法："npm run -s distribute -- <scenario.json | ->"');
  try {
    return readFileSync(arg === '-' ? 0 : arg, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code ? `${Object.hasOwn(READ_ERRORS, code) ? READ_ERRORS[code] : '读取出错'}（${code}）` : String(e);
    throw ValidationError.of('(file)', `无法读取${arg === '-' ? '标准输入' : ` ${arg}`}：${why}`);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const at = /position (\d+)/.exec((e as Error).message)?.[1];
    throw ValidationError.of('(document)', `不是有效的 JSON${at === undefined ? '' : `：第 ${Number(at) + 1} 个字符处有错`}`);
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
      process.stderr.write(`内部错误：${e.message}\n`);
      return 1;
    }
    process.stderr.write(`内部错误：${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}

process.exitCode = main();
