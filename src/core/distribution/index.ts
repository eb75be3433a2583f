/** The distribution rulebook in code: the public API of src/core/distribution. */
import { distribute } from './engine';
import { DistributionResult } from './result';
import { parseScenario } from './scenario';

export { distribute } from './engine';
export { parseScenario } from './scenario';
export type { Scenario, Village, CapitalEvent } from './scenario';
export { parsePolicy } from './policy';
export type { Policy, Bucket, Deduction, Bracket, Guaranteed, Payee, CapitalBasis, Shortfall } from './policy';
export type { DistributionResult, VillageLine, VillageTrace, AmountLine, PayeeLine, Explanation } from './result';
export { canonicalJson, sha256Hex, scenarioJson, policyJson, inputsHash } from './hash';
export { allocateQuotas, allocateByWeights } from './allocation';
export type { Allocation } from './allocation';

/** Parse and distribute: throws ValidationError for a bad scenario, InvariantError for a broken identity. */
export function runScenario(input: unknown): DistributionResult {
  return distribute(parseScenario(input));
}
