/**
 * The service writes a deduction's or sharing bucket's line of the explanation under its policy code
 * ("reserve：10% × 30000.00 = …"). The console shows the Chinese name the policy gives it instead ("公积公益金：…"),
 * so no English code is left on an accountant's or treasurer's screen; a code the policy does not name stays.
 */

/** Code → name from a policy document's deductions and sharing buckets. */
export function policyNames(policy: unknown): Record<string, string> {
  const p = (policy ?? {}) as { deductions?: Array<{ code: string; name?: string }>; sharing?: Array<{ code: string; name?: string }> };
  const names: Record<string, string> = {};
  for (const item of [...(p.deductions ?? []), ...(p.sharing ?? [])]) if (item?.code && item.name) names[item.code] = item.name;
  return names;
}

/** "reserve：…" → "公积公益金：…" when the policy names the code; any other line as it is. */
export function namedLine(line: string, names: Record<string, string>): string {
  const m = /^([A-Za-z0-9_-]+)：/.exec(line);
  return m && names[m[1]] ? `${names[m[1]]}：${line.slice(m[0].length)}` : line;
}
