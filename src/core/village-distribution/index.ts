/** The village's distribution to its member households: the public API of src/core/village-distribution. */
export { parseVillagePolicy, villagePolicyDocument, villagePolicyJson } from './policy';
export type { Keep, VillagePolicy } from './policy';
export { distributeToMembers, MEMBER_ROUNDING_RULE } from './distribute';
export type { MemberDistributionInput, MemberDistributionResult, MemberLine } from './distribute';
