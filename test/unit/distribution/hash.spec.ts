/** Canonical JSON and the two hashes (docs/hashing.md). */
import * as path from 'node:path';
import { canonicalJson, parseScenario, runScenario, scenarioJson, sha256Hex } from '../../../src/core/distribution';
import { FIXTURES, JsonDoc, readJson, scenarioFiles } from '../../support/scenarios';

describe('canonicalJson', () => {
  it('sorts keys by code unit order, drops whitespace, keeps arrays in order', () => {
    expect(canonicalJson({ b: '1', a: [3, { z: null, Z: true }], _: '"é\n' })).toBe('{"_":"\\"é\\n","a":[3,{"Z":true,"z":null}],"b":"1"}');
  });

  it('writes keys in code unit order, digits and capitals before lower case', () => {
    expect(canonicalJson({ b: 1, '10': 2, '9': 3, B: 4 })).toBe('{"10":2,"9":3,"B":4,"b":1}');
  });

  it('refuses what it cannot write unambiguously', () => {
    expect(() => canonicalJson({ a: 1.5 })).toThrow(/不是安全整数/);
    expect(() => canonicalJson({ a: 1n })).toThrow(/无法写出 bigint 类型的值/);
  });

  it('is hashed as SHA-256 of its UTF-8 bytes, lower-case hex (values from Python hashlib)', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'); // FIPS 180-2 example
    // Non-ASCII text: hashing UTF-16 code units or Latin-1 would give another value.
    expect(sha256Hex(canonicalJson({ b: '1', a: '飞地' }))).toBe('6bc2f8fbbb89da8282086ce7022465992cefb64127d4a0766ca20d746d33f18c');
    expect(sha256Hex(canonicalJson({ b: '1', a: [3, { z: null, Z: true }], _: '"é\n' }))).toBe(
      '86b68f8ca6c2a2e58da65ffb1f08121178eaf49d019c71d2910aad2990cc9094',
    );
  });
});

const pick = ({ inputsHash, resultHash }: { inputsHash: string; resultHash: string }) => ({ inputsHash, resultHash });

describe('inputsHash and resultHash', () => {
  it.each(scenarioFiles())('%s: hashes are SHA-256 of the canonical normalized scenario and result', (file) => {
    const input = readJson(path.join(FIXTURES, file));
    const r = runScenario(input);
    expect(r.inputsHash).toBe(sha256Hex(canonicalJson(scenarioJson(parseScenario(input)))));
    const { resultHash, ...rest } = r;
    expect(resultHash).toBe(sha256Hex(canonicalJson(rest)));
  });

  // resultHash covers the trace texts: these are the values of the Chinese traces (trace version 2, docs/hashing.md).
  it('keeps the hashes already published: a change to normalisation, canonical JSON or trace texts shows here', () => {
    expect(pick(runScenario(readJson(path.join(FIXTURES, '01-seed-dinghu-2025.json'))))).toEqual({
      inputsHash: 'ba70d8fb93b7e97df0cbd27a535ab158c9a57c93d8b7f063b70e4e39908d87a3',
      resultHash: 'a4db5fb05a7f63d11183af16f5069649dd316398ed3cb906635f9c18a4084ab1',
    });
    expect(pick(runScenario(readJson(path.join(FIXTURES, '06-four-buckets-2025.json'))))).toEqual({
      inputsHash: 'ea6858b95ecc637e66d75cfa0ac6d9a365190b47980e8f6716ce7b6ca6923805',
      resultHash: 'e53af71969aa38a1d42c1ce37c3e253b8a7a50e1a50825b3babf18ed28a8ec2a',
    });
  });

  it('does not change when the same amounts are written differently', () => {
    const input = readJson(path.join(FIXTURES, '06-four-buckets-2025.json'));
    const respelt = JSON.parse(JSON.stringify(input).replace('"share":"0.4"', '"share":"0.400000"').replace('"333333.33"', '"0333333.33"'));
    delete respelt.deficitBroughtForward; // the default is 0.00
    expect(runScenario(respelt).inputsHash).toBe(runScenario(input).inputsHash);
  });

  it('the normalized scenario is itself a scenario with the same result', () => {
    const input = readJson(path.join(FIXTURES, '02-capital-ratio-midyear-2025.json'));
    const normalized = scenarioJson(parseScenario(input));
    expect(JSON.stringify(runScenario(normalized))).toBe(JSON.stringify(runScenario(input)));
  });
});

/** A scenario of `count` villages (two capital events each) whose buckets have the given codes, the first by weights. */
function manyVillages(count: number, bucketCodes: string[]): JsonDoc {
  const codes = Array.from({ length: count }, (_, i) => `V${String(i).padStart(3, '0')}`);
  const share = (i: number) => (i === 0 ? `0.${'5'.padEnd(6, '0')}` : (0.5 / (bucketCodes.length - 1)).toFixed(6));
  const shares = bucketCodes.map((_, i) => share(i));
  // The last share takes what rounding left, so the shares sum to exactly 1.
  const rest = 1_000_000 - shares.slice(0, -1).reduce((s, x) => s + Math.round(Number(x) * 1e6), 0);
  shares[shares.length - 1] = `0.${String(rest).padStart(6, '0')}`;
  return {
    project: { code: 'MANY' },
    year: 2024,
    policy: {
      guaranteed: { type: 'rate', rate: '0.05' },
      sharing: bucketCodes.map((code, i) =>
        i === 0
          ? { code, share: shares[i], weights: Object.fromEntries(codes.map((c, k) => [c, `${1 + (k % 7)}.5`])) }
          : i % 2
            ? { code, share: shares[i], weights: 'capital' }
            : { code, share: shares[i], payee: { code: `P${i}` } },
      ),
    },
    villages: codes.map((code) => ({ code })),
    contributions: codes.flatMap((village, k) => [
      { village, date: '2023-06-01', amount: `${100000 + k * 37}.${String(k % 100).padStart(2, '0')}` },
      { village, date: `2024-0${1 + (k % 9)}-15`, amount: `${(k * 13) % 5000}.00` },
    ]),
    result: { revenue: `${count * 20000}.37`, costs: '1000.00' },
  };
}

describe('resultHash over many village lines', () => {
  // The lines are hashed in batches through JSON.stringify of views in canonical key order, or piece by piece when
  // bucket codes are array indexes (which any object orders numerically): both must equal the generic canonicalJson.
  it.each([
    ['in code order', ['capital', 'land', 'poor']],
    ['out of code order', ['poor', 'land', 'capital']],
    ['that are array indexes', ['9', '10', 'b']],
    ['named __proto__', ['x', '__proto__', 'A']],
  ])('equals SHA-256 of the canonical result, bucket codes %s, 3 batches', (_, bucketCodes) => {
    const r = runScenario(manyVillages(70, bucketCodes));
    expect(r.villages).toHaveLength(70);
    const { resultHash, ...rest } = r;
    expect(resultHash).toBe(sha256Hex(canonicalJson(rest)));
  });
});

describe('inputsHash of a scenario with many villages', () => {
  // The events and the villages are written straight, not through canonicalJson: names that need escapes, villages
  // and events given out of order, must still hash as the canonical normalized scenario.
  it('equals SHA-256 of canonicalJson(scenarioJson(scenario))', () => {
    const doc = manyVillages(70, ['capital', 'land', 'poor']);
    doc.villages[3].name = '东 "湖" 村\\\n\t';
    doc.villages[5].name = '飞地 \u2028 村';
    doc.villages.reverse();
    doc.contributions.reverse();
    const r = runScenario(doc);
    expect(r.inputsHash).toBe(sha256Hex(canonicalJson(scenarioJson(parseScenario(doc)))));
  });
});
