import { compareCodes, codeIssue } from '../codes';
import type { FieldIssue } from '../errors';
import { unitsIssue } from './shares';

/**
 * The rules of one version of a village's share register (股权登记), checked before anything is written, by the API
 * and the import alike:
 * - the kinds' codes are distinct;
 * - every holding names a kind of this register and a household of the village that had joined by the registration
 *   date (or has no joining date) and had not left before it;
 * - units are above zero with at most 6 decimals;
 * - one holding per household and kind.
 */
export interface RegisterInput {
  registeredOn: string;
  kinds: Array<{ code: string; name: string }>;
  holdings: Array<{ household: string; kind: string; units: string }>;
}

export interface MemberHousehold {
  id: string;
  code: string;
  joinedOn: string | null;
  leftOn: string | null;
}

/** Where an issue is reported: the API names `holdings[3].kind`, the import a sheet row and its column. */
export interface RegisterFields {
  kind(i: number, field: 'code' | 'name'): string;
  holding(i: number, field: 'household' | 'kind' | 'units'): string;
}

export const apiFields: RegisterFields = {
  kind: (i, f) => `kinds[${i}].${f}`,
  holding: (i, f) => `holdings[${i}].${f}`,
};

/** Every broken rule, in input order; none when the register may be written. */
export function registerIssues(input: RegisterInput, households: ReadonlyMap<string, MemberHousehold>, at = apiFields): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const kinds = new Set<string>();
  input.kinds.forEach((k, i) => {
    const bad = codeIssue(k.code);
    if (bad) issues.push({ field: at.kind(i, 'code'), message: bad });
    else if (kinds.has(k.code)) issues.push({ field: at.kind(i, 'code'), message: `股种 "${k.code}" 重复` });
    kinds.add(k.code);
  });
  const seen = new Set<string>();
  input.holdings.forEach((h, i) => {
    if (!kinds.has(h.kind)) {
      const known = [...kinds]
        .sort(compareCodes)
        .map((c) => `"${c}"`)
        .join('、');
      issues.push({ field: at.holding(i, 'kind'), message: `股种 "${h.kind}" 不在本次登记的股种（${known}）之中` });
    }
    const units = unitsIssue(h.units);
    if (units) issues.push({ field: at.holding(i, 'units'), message: units });
    const household = households.get(h.household);
    if (!household) {
      issues.push({ field: at.holding(i, 'household'), message: `本村没有户编码为 "${h.household}" 的户` });
    } else if (household.leftOn !== null && household.leftOn < input.registeredOn) {
      issues.push({
        field: at.holding(i, 'household'),
        message: `户 ${h.household} 已于 ${household.leftOn} 退出，不能登记在 ${input.registeredOn} 的股权中`,
      });
    } else if (household.joinedOn !== null && household.joinedOn > input.registeredOn) {
      issues.push({
        field: at.holding(i, 'household'),
        message: `户 ${h.household} 于 ${household.joinedOn} 才入社，不能登记在 ${input.registeredOn} 的股权中`,
      });
    }
    const key = `${h.household}\u0000${h.kind}`;
    if (seen.has(key))
      issues.push({ field: at.holding(i, 'kind'), message: `户 ${h.household} 的 "${h.kind}" 股已经登记过，每户每个股种只登记一次` });
    seen.add(key);
  });
  return issues;
}
