/**
 * The worker pool (src/platform/workers) under Jest: the threads load the TypeScript task modules through swc's
 * hook, answer byte for byte what the inline call answers, and throw the same core errors.
 */
import 'reflect-metadata';
import { runScenario } from '../../../src/core/distribution';
import { DISTRIBUTION_WORKER, distributeToJson, distributionInput, SLICED } from '../../../src/core/distribution/distribution.worker';
import { ConflictError, InvariantError, NotFoundError, ValidationError } from '../../../src/core/errors';
import { redactionNote, resultForView } from '../../../src/core/village-view';
import { cr, dr, GENESIS, verifyChain, verifyEventChain, VoucherContent, VoucherRecord, voucherHash } from '../../../src/core/ledger';
import { checkCounters } from '../../../src/ledger/cross-checks';
import { VERIFICATION_WORKER, verifyRows } from '../../../src/ledger/verification.worker';
import { describeError, reviveError } from '../../../src/platform/workers/task-outcome';
import { Workers } from '../../../src/platform/workers/workers';
import { FIXTURES, readJson, scenarioFiles } from '../../support/scenarios';

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

/** The error an inline call throws, as the fields a client sees. */
function thrown(fn: () => unknown): { name: string; message: string; code?: string; issues?: unknown } {
  try {
    fn();
  } catch (e) {
    const { name, message, code, issues } = e as ValidationError;
    return { name, message, code, issues };
  }
  throw new Error('expected a throw');
}

describe('the worker pool', () => {
  const workers = new Workers();
  afterAll(() => workers.onModuleDestroy());

  /** The engine in a thread, the scenario sent whole, as JSON text, or split with its long arrays in slices. */
  const inThread = (doc: unknown) => [
    workers.run(DISTRIBUTION_WORKER, distributeToJson, { scenario: doc }),
    workers.run(DISTRIBUTION_WORKER, distributeToJson, { scenarioJson: JSON.stringify(doc) }),
    workers.run(DISTRIBUTION_WORKER, distributeToJson, distributionInput(doc), { sliced: SLICED }),
  ];

  it.each(scenarioFiles())('%s: the same JSON bytes and hashes as the inline engine', async (file) => {
    const doc = readJson(`${FIXTURES}/${file}`);
    const inline = runScenario(doc);
    for (const out of await Promise.all(inThread(doc))) {
      expect(out.json).toBeInstanceOf(Uint8Array);
      expect(text(out.json)).toBe(JSON.stringify(inline));
      expect([out.inputsHash, out.resultHash]).toEqual([inline.inputsHash, inline.resultHash]);
    }
  });

  it('sends 2,500 villages in slices and puts them back in place: the same bytes', async () => {
    const doc = readJson(`${FIXTURES}/01-seed-dinghu-2025.json`);
    const villages = Array.from({ length: 2_500 }, (_, i) => ({ code: `V${i + 1}`, name: `村${i + 1}` }));
    const contributions = villages.map((v) => ({ village: v.code, date: '2024-04-15', amount: '1000.00' }));
    // The long arrays first: their places in the document, and so the engine's key order, must survive the split.
    const big = {
      villages,
      contributions,
      ...Object.fromEntries(Object.entries(doc).filter(([k]) => !['villages', 'contributions'].includes(k))),
    };
    const input = distributionInput(big);
    expect(Object.keys((input as { scenario: object }).scenario)).toEqual(Object.keys(big));
    const out = await workers.run(DISTRIBUTION_WORKER, distributeToJson, input, { sliced: SLICED });
    expect(text(out.json)).toBe(JSON.stringify(runScenario(big)));
  });

  it("cuts the answer to a treasurer's view in the thread; the hashes stay the whole result's", async () => {
    const doc = readJson(`${FIXTURES}/01-seed-dinghu-2025.json`);
    const inline = runScenario(doc);
    const view = { own: 'V02' };
    const out = await workers.run(DISTRIBUTION_WORKER, distributeToJson, { ...distributionInput(doc), view }, { sliced: SLICED });
    expect(text(out.json)).toBe(JSON.stringify({ ...resultForView(inline, view), redacted: redactionNote(view) }));
    expect(JSON.parse(text(out.json)).villages.map((v: { code: string }) => v.code)).toEqual(['V02']);
    expect([out.inputsHash, out.resultHash]).toEqual([inline.inputsHash, inline.resultHash]);
  });

  it('throws the errors the inline engine throws, as the same classes with the same issues', async () => {
    const doc = readJson(`${FIXTURES}/01-seed-dinghu-2025.json`);
    const bad = [
      { ...doc, year: '2025', extra: 1 },
      // JSON.parse makes these: an own "__proto__" key, Infinity from 1e400, -0; the unknown key comes first.
      JSON.parse(`{"__proto__":{"x":1},${JSON.stringify(doc).slice(1)}`),
      { ...doc, year: Infinity, result: { revenue: -0, costs: '0.00' } },
      { ...doc, villages: 'V01', contributions: [null, 1, { village: 'V01' }] },
      [doc],
      null,
    ];
    for (const odd of bad) {
      const expected = thrown(() => runScenario(odd));
      for (const error of await Promise.all(inThread(odd).map((p) => p.catch((e: unknown) => e)))) {
        expect(error).toBeInstanceOf(ValidationError);
        const { name, message, code, issues } = error as ValidationError;
        expect({ name, message, code, issues }).toEqual(expected);
      }
    }
  });

  it("revives each core error as its class with its fields and code, and keeps an HTTP error's type and status", () => {
    const errors: Error[] = [
      new ValidationError([{ field: 'year', message: '须为整数' }], 'YEAR_INVALID'),
      new NotFoundError('project', 'P1'),
      new ConflictError('该年度已结账', 'year', 'YEAR_CLOSED'),
      new InvariantError('恒等式不成立'),
      Object.assign(new Error('request entity too large'), { type: 'entity.too.large', status: 413 }),
    ];
    for (const e of errors) {
      const back = reviveError(structuredClone(describeError(e)));
      expect(back.constructor).toBe(e.constructor);
      expect({ ...back, message: back.message }).toEqual({ ...e, message: e.message });
      expect(back.stack).toBe(e.stack);
    }
  });

  it('verifies a chain and cross-checks as the inline calls do, good or altered', async () => {
    const vouchers: VoucherRecord[] = [];
    for (let i = 1; i <= 2_500; i++) {
      const content: VoucherContent = {
        projectCode: 'W-1',
        sequence: i,
        voucherNumber: `2025-06-${String(i).padStart(4, '0')}`,
        date: '2025-06-01',
        summary: `出资 ${i}`,
        preparer: 'zhang',
        reversalOf: null,
        lines: [dr('102', BigInt(i) * 100n), cr('301-V01', BigInt(i) * 100n)],
      };
      const prevHash = vouchers.length ? vouchers[vouchers.length - 1].hash : GENESIS;
      vouchers.push({ ...content, prevHash, hash: voucherHash(prevHash, content) });
    }
    const counters = [{ month: '2025-06', lastN: 2_500 }];
    const rows = { vouchers, events: [], runs: [], payments: [], closes: [], policies: [], openings: [], counters };
    const altered = { ...rows, vouchers: vouchers.map((v, i) => (i === 2_100 ? { ...v, summary: '改过' } : v)), counters: [] };
    for (const r of [rows, altered]) {
      // Whole, in slices of 1,000 (an empty events array too), or as pages of 700 read meanwhile: the same answer.
      async function* pages() {
        for (let at = 0; at < r.vouchers.length; at += 700) {
          await new Promise(setImmediate);
          yield r.vouchers.slice(at, at + 700);
        }
      }
      const whole = await workers.run(VERIFICATION_WORKER, verifyRows, r);
      expect(await workers.run(VERIFICATION_WORKER, verifyRows, r, { sliced: ['vouchers', 'events'] })).toEqual(whole);
      const started = workers.start(VERIFICATION_WORKER, verifyRows, { ...r, vouchers: pages() }, { sliced: ['vouchers'] });
      await started.sent;
      expect(await started.result).toEqual(whole);
      expect(await workers.run(VERIFICATION_WORKER, verifyRows, r)).toEqual({
        chain: verifyChain(r.vouchers),
        events: verifyEventChain([]),
        crossChecks: checkCounters(r.counters, r.vouchers),
      });
    }
    expect((await workers.run(VERIFICATION_WORKER, verifyRows, altered)).chain).toMatchObject({ ok: false, firstBadSequence: 2_101 });
  });
});
