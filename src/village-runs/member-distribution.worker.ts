/**
 * The member distribution as a worker-thread task (src/platform/workers runs it): a village's run is computed off
 * the event loop like a project's (docs/architecture.md, "Off the event loop"); a village of thousands of households
 * and a recompute take their milliseconds there. Pure: the stored input's JSON text in, the result's JSON text out.
 */
import { distributeToMembers } from '../core/village-distribution';
import { engineInput, StoredMemberInput } from './member-input';

/** This module's path, for the pool: .ts from source, .js built. */
export const MEMBER_DISTRIBUTION_WORKER = __filename;

export interface MemberDistributionOutput {
  /** The result document's JSON text, as village_run.result_json stores it. */
  json: string;
  inputsHash: string;
  resultHash: string;
}

export function distributeMembersToJson(input: { inputJson: string }): MemberDistributionOutput {
  const result = distributeToMembers(engineInput(JSON.parse(input.inputJson) as StoredMemberInput));
  return { json: JSON.stringify(result), inputsHash: result.inputsHash, resultHash: result.resultHash };
}
