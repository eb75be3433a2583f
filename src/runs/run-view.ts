import type { DistributionResult } from '../core/distribution';
import { Run } from './runs.repository';

/** The API view: the stored documents parsed (with `full`), the hashes and who did what. */
export function runView(r: Run, full = true) {
  const { scenarioJson, policyJson, resultJson, ...rest } = r;
  return full
    ? { ...rest, scenario: JSON.parse(scenarioJson), policy: JSON.parse(policyJson), result: JSON.parse(resultJson) as DistributionResult }
    : rest;
}
