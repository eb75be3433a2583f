/**
 * Heavy work off the event loop (issue 10): previews of a 40,000-village scenario and verifications of a
 * 60,000-voucher chain run in the worker pool (src/platform/workers) while GET /api/health is polled; every
 * health answer must come in under 100 ms. The heavy answers are read as bytes and hashed as they arrive, never
 * parsed, so that the client, in this same process, does not itself hold the event loop it measures.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Test } from 'supertest';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { runScenario } from '../../src/core/distribution';
import { DEFER_ABOVE } from '../../src/platform/http/raw-input';
import { bigScenario, call, seedChain } from '../support/heavy-work';
import { createTestApp, TestApp, uniqueCode } from '../support/test-app';

const VILLAGES = 40_000;
const VOUCHERS = 60_000;
const PREVIEWS = 3;
const VERIFICATIONS = 3;

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('heavy work off the event loop', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps /api/health answering (figures printed; the target is 100 ms) while 40,000-village previews and 60,000-voucher verifications run', async () => {
    const doc = bigScenario(VILLAGES);
    const body = Buffer.from(JSON.stringify(doc));
    const seedStarted = performance.now();
    const projectId = await seedChain(
      {
        query: (sql, params) => t.db.query(sql, params),
        transaction: (fn) => t.db.transaction((m) => fn((sql, params) => m.query(sql, params))),
      },
      VOUCHERS,
      uniqueCode('HV'),
    );
    const seedMs = performance.now() - seedStarted;
    const token = t.accountant.token;

    const health: number[] = [];
    let loading = true;
    const poll = (async () => {
      while (loading) {
        const r = await call(port, '/api/health');
        expect(r.status).toBe(200);
        health.push(r.ms);
        await sleep(5);
      }
    })();
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const busy = performance.eventLoopUtilization();
    const started = performance.now();
    const heavy = await Promise.all([
      ...Array.from({ length: PREVIEWS }, () => call(port, '/api/distributions/preview', { token, body })),
      ...Array.from({ length: VERIFICATIONS }, () => call(port, `/api/projects/${projectId}/ledger/verify`, { token })),
    ]);
    const wallMs = performance.now() - started;
    const utilization = performance.eventLoopUtilization(busy);
    loading = false;
    await poll;
    loop.disable();

    const previews = heavy.slice(0, PREVIEWS);
    const verifications = heavy.slice(PREVIEWS);
    const f = (ms: number) => `${ms.toFixed(0)} ms`;
    console.log(
      [
        `heavy work: ${PREVIEWS} concurrent previews of ${VILLAGES.toLocaleString('en-US')} villages ` +
          `(${(body.length / 1e6).toFixed(1)} MB in, ${(previews[0].bytes / 1e6).toFixed(1)} MB out) and ${VERIFICATIONS} verifications ` +
          `of a ${VOUCHERS.toLocaleString('en-US')}-voucher chain (seeded in ${f(seedMs)}), all done in ${f(wallMs)}`,
        `  previews: ${previews.map((r) => f(r.ms)).join(', ')}`,
        `  verifications: ${verifications.map((r) => f(r.ms)).join(', ')}`,
        `  /api/health under load: ${health.length} answers, p50 ${f(percentile(health, 50))}, p95 ${f(percentile(health, 95))}, ` +
          `max ${f(Math.max(...health))}`,
        `  event loop (this process: app and client): busy ${(utilization.utilization * 100).toFixed(0)}% of the time ` +
          `(${f(utilization.active)}), delay p99 ${f(loop.percentile(99) / 1e6)}, max ${f(loop.max / 1e6)}`,
      ].join('\n'),
    );

    for (const r of previews) expect(r.status).toBe(200);
    for (const r of verifications) {
      expect(r.status).toBe(200);
      expect(JSON.parse(r.text)).toMatchObject({ ok: true, count: VOUCHERS, problems: [] });
    }
    // The streamed answers are the inline engine's bytes, every one of them.
    const inline = createHash('sha256')
      .update(JSON.stringify(runScenario(doc)))
      .digest('hex');
    expect(previews.map((r) => r.sha256)).toEqual(Array(PREVIEWS).fill(inline));
    expect(health.length).toBeGreaterThan(20);
    // The latency figures are printed above, not asserted tightly: a timed assertion fails on a loaded machine for reasons
    // that are not the service's. This bound catches the regression the issue found (health blocked 4.9–5.0 s by the work);
    // the 100 ms target is measured by `npm run bench -- --only heavy-work` (scripts/bench/heavy-work.ts), on a service in a
    // process of its own as a user runs it, with the idle service as its baseline.
    expect(Math.max(...health)).toBeLessThan(1500);
  }, 300_000);

  it('limits the villages per preview by role: a treasurer above 2,000 gets 413 with the limit in Chinese', async () => {
    const township = (
      await t
        .http()
        .post('/api/townships')
        .send({ code: uniqueCode('HT'), name: '限额乡' })
        .expect(201)
    ).body;
    const village = (
      await t
        .http()
        .post('/api/villages')
        .send({ code: uniqueCode('HW'), name: '限额村', townshipCode: township.code })
        .expect(201)
    ).body;
    const treasurer = await t.signIn('treasurer', village.code);
    const over = await treasurer.http().post('/api/distributions/preview').send(bigScenario(2_001)).expect(413);
    expect(over.body.message).toBe('村报账员每次试算最多 2,000 个村，本文档有 2,001 个：请分批试算，或请乡镇会计试算');
    expect(over.body.errors).toEqual([{ field: 'villages', message: expect.stringContaining('最多 2,000 个村') }]);
    await treasurer.http().post('/api/distributions/preview').send(bigScenario(2_000)).expect(200);
    // The accountant's limit is 100,000: 2,001 is an ordinary preview, and its 1.4 MB answer goes out in pieces,
    // with the headers res.json would have set.
    const doc = bigScenario(2_001);
    const res = await t.http().post('/api/distributions/preview').send(doc).expect(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(res.headers['content-length'])).toBeGreaterThan(1 << 20);
    expect(res.text).toBe(JSON.stringify(runScenario(doc)));
  });

  it('refuses a large preview body (checked in a worker) exactly as a small one (checked on the event loop)', async () => {
    // The same fault, once in a small body and once after a padding field that takes the body past DEFER_ABOVE.
    const pad = `"pad":"${'x'.repeat(DEFER_ABOVE)}"`;
    const bytes = (s: string | Buffer) => (typeof s === 'string' ? Buffer.from(s, 'utf8') : s);
    const padded = (body: string | Buffer) => {
      const b = bytes(body);
      return b[0] === 0x7b
        ? Buffer.concat([bytes(`{${pad}${b.length > 2 ? ',' : ''}`), b.subarray(1)])
        : Buffer.concat([bytes(`[${pad.slice(6)},`), b.subarray(1)]);
    };
    const faults: Array<{ name: string; body: string | Buffer; type?: string; encoding?: string }> = [
      { name: 'NUL escaped in a string', body: '{"project":{"name":"a\\u0000b"}}' },
      { name: 'a lone surrogate', body: '{"villages":[{"code":"V1","name":"\\ud800"}]}' },
      { name: 'a number beyond 2^53', body: '{"year":9007199254740993}' },
      { name: 'a __proto__ key', body: '{"__proto__":{"polluted":1}}' },
      { name: 'constructor spelled in escapes', body: '{"\\u0063onstructor":{"prototype":{"polluted":1}}}' },
      { name: 'arrays 100 deep', body: `{"a":${'['.repeat(100)}${']'.repeat(100)}}` },
      { name: 'truncated', body: '{"year":' },
      { name: 'trailing brace', body: '{"a":1}}' },
      { name: 'NUL outside a string', body: '{"a":1}\u0000' },
      { name: 'invalid UTF-8', body: Buffer.concat([bytes('{"name":"'), Buffer.from([0xff, 0xfe]), bytes('"}')]) },
      { name: 'latin1 charset', body: Buffer.from('{"name":"é"}', 'latin1'), type: 'application/json; charset=latin1' },
      { name: 'UTF-16 charset', body: Buffer.from('{"name":"x"}', 'utf16le'), type: 'application/json; charset=utf-16le' },
      { name: 'gzip of a NUL', body: '{"project":{"name":"a\\u0000b"}}', encoding: 'gzip' },
      { name: 'a broken scenario', body: '{"year":"x","villages":[{"code":""}],"contributions":[{}]}' },
    ];
    const send = (req: Test, body: Buffer, f: (typeof faults)[number]) => {
      req = req.set('content-type', f.type ?? 'application/json');
      if (f.encoding) req = req.set('content-encoding', f.encoding);
      return req.serialize(((b: Buffer) => b) as unknown as (obj: unknown) => string).send(f.encoding ? gzipSync(body) : body);
    };
    const answer = (r: { status: number; body: Record<string, unknown> }): { status: number; body: Record<string, unknown> } => ({
      status: r.status,
      body: { ...r.body, requestId: undefined },
    });
    for (const f of faults) {
      const small = bytes(f.body);
      const large = padded(small);
      expect([f.name, small.length <= DEFER_ABOVE, large.length > DEFER_ABOVE]).toEqual([f.name, true, true]);
      const inline = answer(await send(t.http().post('/api/distributions/preview'), small, f));
      const deferred = answer(await send(t.http().post('/api/distributions/preview'), large, f));
      // A padding field is one more unknown field to the engine: its 400 names it too, the rest as the small body's.
      if (f.name === 'a broken scenario') {
        expect(inline.status).toBe(400);
        expect(deferred.status).toBe(400);
        const errors = (deferred.body.errors as Array<{ field: string }>).filter((e) => e.field !== 'pad');
        expect(errors).toEqual(inline.body.errors);
        continue;
      }
      expect({ name: f.name, ...deferred }).toEqual({ name: f.name, ...inline });
      expect(inline.status).toBeGreaterThanOrEqual(400);
      // Without a token, the body is still refused first, as for every route: the body parser runs before the guard.
      const anonymous = answer(await send(t.anonymous().post('/api/distributions/preview'), large, f));
      expect({ name: f.name, ...anonymous }).toEqual({
        name: f.name,
        ...answer(await send(t.anonymous().post('/api/distributions/preview'), small, f)),
      });
    }
    // A large valid body without a token: 401, as a small one.
    const valid = Buffer.from(JSON.stringify(bigScenario(1_000)));
    expect(valid.length).toBeGreaterThan(DEFER_ABOVE);
    await t.anonymous().post('/api/distributions/preview').set('content-type', 'application/json').send(valid.toString()).expect(401);
  });
});
