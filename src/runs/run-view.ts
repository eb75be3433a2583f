import type { DistributionResult } from '../core/distribution';
import { policyForView, redactionNote, resultForView, scenarioForView, VillageView } from '../core/village-view';
import { Run } from './runs.repository';

/**
 * The API view: the stored documents parsed (with `full`), the hashes and who did what. With a treasurer's `view`,
 * the documents are cut to their own village's line, events and policy terms, and the project's totals.
 */
export function runView(r: Run, full = true, view?: VillageView) {
  const { scenarioJson, policyJson, resultJson, ...rest } = r;
  if (!full) return rest;
  const scenario: object = JSON.parse(scenarioJson);
  const policy: object = JSON.parse(policyJson);
  const result = JSON.parse(resultJson) as DistributionResult;
  if (!view) return { ...rest, scenario, policy, result };
  return {
    ...rest,
    scenario: scenarioForView(scenario, view),
    policy: policyForView(policy, view),
    result: resultForView(result, view),
    redacted: redactionNote(view),
  };
}
