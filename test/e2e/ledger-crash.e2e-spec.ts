import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { Client } from 'pg';
import { approvedRun, seedLargePark } from '../support/seed';
import { createTestApp, TestApp, uniqueCode } from '../support/test-app';

/**
 * SIGKILL in the middle of posting a 2,000-village run leaves nothing
 * half-posted: the transaction dies with the process, no voucher, number or
 * sequence of it survives, and the chain still verifies. Then it posts whole.
 *
 * No hook in the service: another session holds a lock on voucher_line, so the
 * child's posting stops inside its transaction at the statement that appends
 * its vouchers and lines, with the head and the counters locked; the child is
 * killed there.
 */
describe('ledger: a process killed mid-posting', () => {
  let t: TestApp;
  let locker: Client;
  beforeAll(async () => {
    t = await createTestApp();
    locker = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await locker.connect();
  });
  afterAll(async () => {
    await locker.end();
    await t.close();
  });

  interface Child {
    process: ChildProcess;
    output: () => string;
    exited: Promise<{ code: number | null; signal: string | null }>;
  }

  function child(projectId: string, runId: string, appName: string): Child {
    const p = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'ledger-crash.child.ts'), projectId, runId], {
      env: { ...process.env, NODE_ENV: 'test', PGAPPNAME: appName },
      cwd: path.join(__dirname, '../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      p.on('exit', (code, signal) => resolve({ code, signal })),
    );
    return { process: p, output: () => out, exited };
  }

  /** Polls until `probe` returns a value, failing with the child's output when it exits first or time runs out. */
  async function waitFor<T>(what: string, c: Child | undefined, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const found = await probe();
      if (found !== undefined) return found;
      if ((c && c.process.exitCode !== null) || Date.now() > deadline) throw new Error(`${what}: not seen\n${c?.output() ?? ''}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('all or nothing', async () => {
    const projectId = await seedLargePark(t.app, t.db, 2000, uniqueCode('K').slice(0, 20));
    const runId = await approvedRun(t.app, projectId);
    const books = async () => ({
      head: await t.db.query('SELECT last_sequence, last_hash FROM ledger_head WHERE book_id = $1', [projectId]),
      counters: await t.db.query('SELECT month, last_n FROM voucher_counter WHERE book_id = $1 ORDER BY month', [projectId]),
      vouchers: (await t.db.query('SELECT count(*)::int AS n FROM voucher WHERE book_id = $1', [projectId]))[0].n,
    });
    const before = await books();
    expect(before.vouchers).toBe(2); // the 2024 result: revenue and costs

    // Lines cannot be inserted while this lock is held (SHARE ROW EXCLUSIVE conflicts with INSERT's ROW EXCLUSIVE).
    const [{ pid: lockerPid }] = (await locker.query('SELECT pg_backend_pid() AS pid')).rows;
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE voucher_line IN SHARE ROW EXCLUSIVE MODE');
    const appName = `ledger-crash-${process.pid}`;
    const killed = child(projectId, runId, appName);
    let childPid = 0;
    try {
      childPid = await waitFor('the child waiting on the lock to insert lines', killed, async () => {
        const rows = await t.db.query(
          `SELECT pid FROM pg_stat_activity
            WHERE application_name = $1 AND wait_event_type = 'Lock' AND $2 = ANY(pg_blocking_pids(pid)) AND query ~* 'INSERT\\s+INTO\\s+voucher'`,
          [appName, lockerPid],
        );
        return rows[0]?.pid as number | undefined;
      });
      // Mid-posting: its transaction holds the project's head and has written a voucher row.
      const held: Array<{ rel: string; mode: string }> = await t.db.query(
        `SELECT relation::regclass::text AS rel, mode FROM pg_locks WHERE pid = $1 AND granted AND relation IS NOT NULL`,
        [childPid],
      );
      expect(held).toEqual(
        expect.arrayContaining([
          { rel: 'voucher', mode: 'RowExclusiveLock' },
          { rel: 'ledger_head', mode: expect.any(String) },
        ]),
      );
      killed.process.kill('SIGKILL');
      expect(await killed.exited).toEqual({ code: null, signal: 'SIGKILL' });
    } finally {
      await locker.query('ROLLBACK');
    }
    expect(killed.output()).not.toContain('LEDGER_POSTED');
    // The server ends the orphaned session when it next talks to the dead client, rolling its transaction back.
    await waitFor('the killed session ending', undefined, async () =>
      (await t.db.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [childPid])).length === 0 ? true : undefined,
    );

    const runVouchers = async () =>
      (
        await t.db.query(`SELECT count(*)::int AS n FROM voucher WHERE book_id = $1 AND source_id IN ($2, $3)`, [
          projectId,
          runId,
          `run:${runId}`,
        ])
      )[0].n;
    expect(await runVouchers()).toBe(0);
    expect(await books()).toEqual(before);
    expect((await t.db.query('SELECT status FROM distribution_run WHERE id = $1', [runId]))[0].status).toBe('approved');
    expect((await t.http().get(`/api/projects/${projectId}/ledger/verify`).expect(200)).body).toMatchObject({ ok: true, count: 2 });

    const done = child(projectId, runId, `${appName}-again`);
    expect(await done.exited).toEqual({ code: 0, signal: null });
    expect(done.output()).toContain('LEDGER_POSTED');
    // close: revenue, costs, result; then guaranteed, profit, reserve, 322-01 close.
    expect(await runVouchers()).toBe(7);
    const v = await t.http().get(`/api/projects/${projectId}/ledger/verify`).expect(200);
    expect(v.body).toMatchObject({ ok: true, count: 9 });
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id WHERE v.source_id = $1 AND v.summary = '2024年度保底分红'`,
      [runId],
    );
    expect(n).toBe(2001);
  }, 120_000);
});
