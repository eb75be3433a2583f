/** Canonical JSON and the two hashes (docs/hashing.md). */
import * as path from 'node:path';
import { canonicalJson, parseScenario, runScenario, scenarioJson, sha256Hex } from '../../../src/core/distribution';
import { FIXTURES, readJson, scenarioFiles } from '../../support/scenarios';

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
