/** Canonical JSON and the two hashes (docs/hashing.md). */
import * as path from 'node:path';
import { canonicalJson, parseScenario, runScenario, scenarioJson, sha256Hex } from '../../../src/core/distribution';
import { FIXTURES, readJson, scenarioFiles } from './support';

describe('canonicalJson', () => {
  it('sorts keys by code unit order, drops whitespace, keeps arrays in order', () => {
    expect(canonicalJson({ b: '1', a: [3, { z: null, Z: true }], _: '"é\n' })).toBe('{"_":"\\"é\\n","a":[3,{"Z":true,"z":null}],"b":"1"}');
  });

  it('writes keys in code unit order, digits and capitals before lower case', () => {
    expect(canonicalJson({ b: 1, '10': 2, '9': 3, B: 4 })).toBe('{"10":2,"9":3,"B":4,"b":1}');
  });

  it('refuses what it cannot write unambiguously', () => {
    expect(() => canonicalJson({ a: 1.5 })).toThrow(/not a safe integer/);
    expect(() => canonicalJson({ a: 1n })).toThrow(/cannot serialize a bigint/);
  });

  it('is the SHA-256 the published hashes are computed from', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

describe('inputsHash and resultHash', () => {
  it.each(scenarioFiles())('%s: hashes are SHA-256 of the canonical normalized scenario and result', (file) => {
    const input = readJson(path.join(FIXTURES, file));
    const r = runScenario(input);
    expect(r.inputsHash).toBe(sha256Hex(canonicalJson(scenarioJson(parseScenario(input)))));
    const { resultHash, ...rest } = r;
    expect(resultHash).toBe(sha256Hex(canonicalJson(rest)));
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
