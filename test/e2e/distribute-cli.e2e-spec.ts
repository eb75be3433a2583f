/** The command-line `distribute`: exit statuses and output, run as a real process. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runScenario } from '../../src/core/distribution';
import { FIXTURES, ROOT, projectOnto, readJson } from '../support/scenarios';

function cli(args: string[], input?: string) {
  // The documented command, as a user runs it.
  const r = spawnSync('npm', ['run', '-s', 'distribute', '--', ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 30000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('distribute CLI', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'distribute-cli-'));

  it.each(['01-seed-dinghu-2025', '06-four-buckets-2025'])('prints the result of %s and exits 0', (name) => {
    const r = cli([path.join(FIXTURES, `${name}.json`)]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const expected = readJson(path.join(FIXTURES, `${name}.expected.json`));
    const out = JSON.parse(r.stdout);
    expect(projectOnto(out, expected)).toEqual(expected);
    expect(r.stdout).toBe(JSON.stringify(out, null, 2) + '\n');
  });

  // The command writes the village lines one at a time (never the whole text as one string): byte for byte what
  // JSON.stringify(result, null, 2) writes, across many 64 KiB pieces, and with no village at all.
  it.each([
    ['300 villages', 300, true],
    ['no participating village (no capital, no profit)', 3, false],
  ])('prints %s exactly as JSON.stringify(result, null, 2)', (_, count, capital) => {
    const codes = Array.from({ length: count }, (_, i) => `V${String(i).padStart(3, '0')}`);
    const doc = {
      project: { code: 'MANY' },
      year: 2025,
      policy: { guaranteed: { type: 'rate', rate: '0.06' } },
      villages: codes.map((code) => ({ code })),
      contributions: codes.map((village, i) => ({
        village,
        date: `2025-0${1 + (i % 9)}-10`,
        amount: capital ? `${1000 + i}.${String(i % 100).padStart(2, '0')}` : '0.00',
      })),
      result: { revenue: capital ? `${count * 1000}.37` : '0.00', costs: '0.00' },
    };
    const r = cli(['-'], JSON.stringify(doc));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const expected = runScenario(doc);
    expect(expected.villages).toHaveLength(capital ? count : 0);
    expect(r.stdout).toBe(JSON.stringify(expected, null, 2) + '\n');
  });

  it('compiles the command first when its build (dist/distribute) is missing, saying nothing', () => {
    rmSync(path.join(ROOT, 'dist/distribute'), { recursive: true, force: true });
    const r = cli([path.join(FIXTURES, '07-tie-break-2025.json')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(existsSync(path.join(ROOT, 'dist/distribute/cli/distribute.js'))).toBe(true);
    expect(r.stdout).toBe(JSON.stringify(runScenario(readJson(path.join(FIXTURES, '07-tie-break-2025.json'))), null, 2) + '\n');
  });

  it('reads the scenario from stdin with "-"', () => {
    const file = path.join(FIXTURES, '07-tie-break-2025.json');
    const r = cli(['-'], readFileSync(file, 'utf8'));
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(cli([file]).stdout);
  });

  it('exits 2 with one "field: reason" line per failing rule', () => {
    const doc = readJson(path.join(FIXTURES, '01-seed-dinghu-2025.json'));
    doc.contributions[0].amount = 500000;
    doc.contributions[1].date = '2025-02-29';
    const bad = path.join(tmp, 'bad.json');
    writeFileSync(bad, JSON.stringify(doc));
    const r = cli([bad]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      'contributions[0].amount: 须写成带引号的金额字符串，例如 "1234.56"，不能写成 JSON 数字（数字会丢失分）',
      'contributions[1].date: 2025-02-29 不是有效日期（2025-02 只有 28 天）',
    ]);
  });

  it('exits 2 for text that is not JSON', () => {
    const r = cli(['-'], '{"year": 2025,');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^\(document\): 不是有效的 JSON/);
  });

  it('exits 2 for a missing file', () => {
    const r = cli([path.join(tmp, 'missing.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^\(file\): 无法读取 .*missing\.json：文件不存在（ENOENT）\n$/);
  });
});
