/**
 * `npm run -s distribute -- <scenario.json | ->`: prints the distribution
 * result (2-space JSON). Exit 0 on success; 2 for an invalid scenario (each
 * failing field on its own stderr line, `field: reason`); 1 for a broken
 * internal identity. Imports only the framework-free core so it starts fast.
 */
import { readFileSync } from 'node:fs';
import { InvariantError, ValidationError } from '../core/errors';
import { DistributionResult, distribute, parseScenario } from '../core/distribution';

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

/**
 * Writes exactly `JSON.stringify(result, null, 2)` and a newline, the village lines a batch at a time: 100,000
 * villages make 170 MB of text, which is never one string.
 */
function writeResult(result: DistributionResult): void {
  const out = new Chunks((text) => process.stdout.write(text));
  const whole = JSON.stringify({ ...result, villages: [] }, null, 2);
  // The top-level key, indented by two spaces; within string values a quote is always escaped.
  const at = whole.indexOf('\n  "villages": []');
  if (at < 0 || result.villages.length === 0) return void out.end(whole + '\n');
  out.add(whole.slice(0, at) + '\n  "villages": [\n');
  // A batch as an array ("[\n  {…},\n  {…}\n]") without its brackets, each line two spaces deeper.
  for (let k = 0; k < result.villages.length; k += 64) {
    const text = JSON.stringify(result.villages.slice(k, k + 64), null, 2);
    out.add((k ? ',\n  ' : '  ') + text.slice(2, -2).replace(/\n/g, '\n  '));
  }
  out.end('\n  ]' + whole.slice(at + '\n  "villages": []'.length) + '\n');
}

/** Text gathered into pieces of about 64 KiB, each handed to `write`. */
class Chunks {
  private parts: string[] = [];
  private length = 0;
  constructor(private readonly write: (text: string) => void) {}
  add(text: string): void {
    this.parts.push(text);
    this.length += text.length;
    if (this.length >= 65536) this.flush();
  }
  end(text: string): void {
    this.add(text);
    this.flush();
  }
  private flush(): void {
    this.write(this.parts.join(''));
    this.parts = [];
    this.length = 0;
  }
}

function main(): number {
  try {
    // Parsed, then distributed: the document is not kept while the engine runs.
    const scenario = parseScenario(parseJson(readInput(process.argv[2])));
    writeResult(distribute(scenario));
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
