import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { approvedRun, seedLargePark } from '../../scripts/bench-ledger';
import { createTestApp, TestApp, uniqueCode } from '../support/test-app';

/**
 * SIGKILL in the middle of posting a 2,000-village run leaves nothing
 * half-posted: the transaction dies with the process, no voucher, number or
 * sequence of it survives, and the chain still verifies. Then it posts whole.
 */
describe('ledger: a process killed mid-posting', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t.close(); });

  function child(projectId: string, runId: string, pauseAfter?: number): Promise<{ code: number | null; signal: string | null; out: string }> {
    return new Promise((resolve) => {
      const env = { ...process.env, NODE_ENV: 'test', ...(pauseAfter ? { LEDGER_TEST_PAUSE_AFTER: String(pauseAfter) } : {}) };
      const p = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'ledger-crash.child.ts'), projectId, runId],
        { env, cwd: path.join(__dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      p.stdout.on('data', (d) => {
        out += d;
        if (out.includes('LEDGER_POSTING_PAUSED')) p.kill('SIGKILL'); // inside the open transaction, two vouchers written
      });
      p.stderr.on('data', (d) => { out += d; });
      p.on('exit', (code, signal) => resolve({ code, signal, out }));
    });
  }

  it('all or nothing', async () => {
    const projectId = await seedLargePark(t.app, t.db, 2000, uniqueCode('K').slice(0, 20));
    const runId = await approvedRun(t.app, projectId);
    const before = await t.db.query('SELECT last_sequence FROM ledger_head WHERE project_id = $1', [projectId]);

    const killed = await child(projectId, runId, 2);
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.out).toContain('LEDGER_POSTING_PAUSED');
    const count = async () => (await t.db.query(`SELECT count(*)::int AS n FROM voucher WHERE project_id = $1 AND source_id IN ($2, $3)`, [projectId, runId, `run:${runId}`]))[0].n;
    expect(await count()).toBe(0);
    expect(await t.db.query('SELECT last_sequence FROM ledger_head WHERE project_id = $1', [projectId])).toEqual(before);
    expect((await t.db.query('SELECT status FROM distribution_run WHERE id = $1', [runId]))[0].status).toBe('approved');
    expect((await t.http().get(`/api/projects/${projectId}/ledger/verify`).expect(200)).body.ok).toBe(true);

    const done = await child(projectId, runId);
    expect(done.out).toContain('LEDGER_POSTED');
    // close: revenue, costs, result; then guaranteed, profit, reserve, 322-01 close.
    expect(await count()).toBe(7);
    const v = await t.http().get(`/api/projects/${projectId}/ledger/verify`).expect(200);
    expect(v.body).toMatchObject({ ok: true, count: 9 });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id WHERE v.source_id = $1 AND v.summary = '2024年度保底分红'`, [runId]);
    expect(n).toBe(2001);
  }, 120_000);
});
