/**
 * The village pages' form logic, kept apart from the pages so that it is tested on its own (web/tests/village-forms.spec.ts):
 * share units as exact millionths, a share register pasted from a spreadsheet, and the village's distribution policy
 * (keeps and weights, ../shared/spec/households.md) as a form's state and back. Units, rates, weights and amounts stay
 * decimal strings; sums are bigints, never JavaScript numbers.
 */
import { fen, isPositiveAmount, money } from '../format';

const UNITS = /^\d{1,12}(\.\d{1,6})?$/;
const CODE = /^[A-Za-z0-9_-]{1,32}$/;

/** Share units ("1.5", at most 6 decimals) as millionths: "1.5" → 1500000n; not a number of units → null. */
export function micro(text: string): bigint | null {
  const t = text.trim();
  if (!UNITS.test(t)) return null;
  const [whole, frac = ''] = t.split('.');
  return BigInt(whole) * 1_000_000n + BigInt(frac.padEnd(6, '0'));
}

/** Millionths back to the shortest decimal: 1500000n → "1.5", 2000000n → "2". */
export function units(value: bigint): string {
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  const frac = String(abs % 1_000_000n)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return `${sign}${abs / 1_000_000n}${frac ? `.${frac}` : ''}`;
}

export interface Kind {
  code: string;
  name: string;
}
export interface Holding {
  household: string;
  kind: string;
  units: string;
}
export interface PastedRegister {
  holdings: Holding[];
  /** Each problem with the row it is on (1 = the first pasted line) and what is wrong, in Chinese. */
  problems: Array<{ row: number; message: string }>;
}

/**
 * A share register pasted from a spreadsheet (tabs between cells, or commas): either wide, a header row
 * `户编码 | <kind> | <kind> …` (a kind by its code or its name) and a row per household; or long, one holding a row,
 * `户编码 | 股种 | 股数` (a header row is optional). Empty and zero cells are no holding. Every problem is listed, none
 * stops the others from being read.
 */
export function parseHoldings(text: string, kinds: Kind[]): PastedRegister {
  const rows = text
    .replace(/^\ufeff/, '')
    .split(/\r?\n/)
    .map((line, i) => ({ row: i + 1, cells: line.split(line.includes('\t') ? '\t' : ',').map((c) => c.trim()) }))
    .filter((r) => r.cells.some((c) => c !== ''));
  const problems: PastedRegister['problems'] = [];
  const holdings: Holding[] = [];
  if (!rows.length) return { holdings, problems: [{ row: 0, message: '没有粘贴任何内容' }] };
  const kindOf = (cell: string) => kinds.find((k) => k.code === cell || (k.name && k.name === cell))?.code ?? null;
  const header = rows[0].cells;
  // A first row `H001 | POP | 4` is a holding of the long form; a header names the household column or kinds.
  const longData = header.length >= 3 && kindOf(header[1]) !== null && UNITS.test(header[2]);
  const isHeader = !longData && (/户|编码|code/i.test(header[0]) || header.slice(1).some((c) => kindOf(c) !== null));
  const long = longData || (isHeader && /股种|类别|kind/i.test(header[1] ?? ''));
  const seen = new Set<string>();
  const add = (row: number, household: string, kind: string, value: string) => {
    if (value === '' || /^0+(\.0+)?$/.test(value)) return;
    if (micro(value) === null) {
      problems.push({ row, message: `户 ${household} 的 ${kind} 股数「${value}」须为正数，最多 6 位小数` });
      return;
    }
    const key = `${household}\u0000${kind}`;
    if (seen.has(key)) {
      problems.push({ row, message: `户 ${household} 的 ${kind} 重复` });
      return;
    }
    seen.add(key);
    holdings.push({ household, kind, units: value });
  };
  const checkHousehold = (row: number, household: string) => {
    if (CODE.test(household)) return true;
    problems.push({ row, message: household ? `户编码「${household}」只能含字母、数字、- 和 _，最多 32 位` : '缺少户编码' });
    return false;
  };
  if (long) {
    for (const { row, cells } of isHeader ? rows.slice(1) : rows) {
      if (!checkHousehold(row, cells[0])) continue;
      const kind = kindOf(cells[1] ?? '');
      if (!kind) {
        problems.push({ row, message: `股种「${cells[1] ?? ''}」不在本次登记的股种中` });
        continue;
      }
      add(row, cells[0], kind, cells[2] ?? '');
    }
  } else {
    if (!isHeader) return { holdings, problems: [{ row: 1, message: '第一行须为表头：户编码，然后每个股种一列（股种代码或名称）' }] };
    const columns = header.slice(1).map((c) => ({ cell: c, kind: kindOf(c) }));
    columns.forEach((c, i) => {
      if (c.cell && !c.kind) problems.push({ row: 1, message: `第 ${i + 2} 列「${c.cell}」不在本次登记的股种中` });
    });
    for (const { row, cells } of rows.slice(1)) {
      if (!checkHousehold(row, cells[0])) continue;
      columns.forEach((c, i) => {
        if (c.kind) add(row, cells[0], c.kind, cells[i + 1] ?? '');
      });
    }
  }
  if (!holdings.length && !problems.length) problems.push({ row: 0, message: '没有任何股数' });
  return { holdings, problems };
}

/** Units by kind over the holdings, exact. */
export function totalsByKind(holdings: Holding[]): Record<string, string> {
  const sums: Record<string, bigint> = {};
  for (const h of holdings) sums[h.kind] = (sums[h.kind] ?? 0n) + (micro(h.units) ?? 0n);
  return Object.fromEntries(Object.entries(sums).map(([k, s]) => [k, units(s)]));
}

/** The kinds of the spec's example, offered for a village's first registration. */
export const DEFAULT_KINDS: Kind[] = [
  { code: 'POP', name: '人口股' },
  { code: 'LAB', name: '劳龄股' },
  { code: 'LAND', name: '土地股' },
  { code: 'AID', name: '帮扶股' },
];

export interface Keep {
  code: string;
  name: string;
  mode: 'rate' | 'amount';
  value: string;
}
export interface VillagePolicyState {
  keeps: Keep[];
  weights: Array<{ kind: string; weight: string }>;
}

export const emptyKeep = (): Keep => ({ code: '', name: '', mode: 'rate', value: '' });

/** A new village's policy: 10% to 公积公益金, and weight 1 for each kind. */
export function defaultVillagePolicy(kinds: Kind[] = DEFAULT_KINDS): VillagePolicyState {
  return {
    keeps: [{ code: 'reserve', name: '公积公益金', mode: 'rate', value: '0.10' }],
    weights: kinds.map((k) => ({ kind: k.code, weight: '1' })),
  };
}

/** The document the service stores: `{ keeps: [{code, name, rate | amount}], weights: {KIND: "1"} }`. */
export function toVillageDocument(state: VillagePolicyState): { keeps: Array<Record<string, string>>; weights: Record<string, string> } {
  return {
    keeps: state.keeps.map((k) => ({ code: k.code.trim(), name: k.name.trim(), [k.mode]: k.value.trim() })),
    weights: Object.fromEntries(state.weights.map((w) => [w.kind.trim(), w.weight.trim()])),
  };
}

/** The form's state of a stored document (what it does not say is left empty). */
export function fromVillageDocument(document: unknown): VillagePolicyState {
  const d = (document ?? {}) as { keeps?: Array<Record<string, unknown>>; weights?: Record<string, unknown> };
  return {
    keeps: (d.keeps ?? []).map((k) => ({
      code: String(k.code ?? ''),
      name: String(k.name ?? ''),
      mode: k.amount !== undefined ? 'amount' : 'rate',
      value: String(k.amount ?? k.rate ?? ''),
    })),
    weights: Object.entries(d.weights ?? {}).map(([kind, weight]) => ({ kind, weight: String(weight) })),
  };
}

/**
 * What is wrong with the state, keyed as the service keys its fields (`policy.keeps[0].rate`,
 * `policy.weights.LAB`), so that either side's message lands under the same field.
 */
export function villagePolicyIssues(state: VillagePolicyState): Record<string, string> {
  const issues: Record<string, string> = {};
  const codes = new Set<string>();
  let rates = 0n;
  state.keeps.forEach((k, i) => {
    const at = `policy.keeps[${i}]`;
    const code = k.code.trim();
    if (!CODE.test(code)) issues[`${at}.code`] = '代码只能含字母、数字、- 和 _，最多 32 位';
    else if (codes.has(code)) issues[`${at}.code`] = `代码 ${code} 重复`;
    codes.add(code);
    if (!k.name.trim()) issues[`${at}.name`] = '请填写名称';
    const value = k.value.trim();
    if (k.mode === 'rate') {
      const r = micro(value);
      if (r === null || r <= 0n || r >= 1_000_000n) issues[`${at}.rate`] = '比例须大于 0、小于 1，最多 6 位小数，如 0.10';
      else rates += r;
    } else if (!/^\d{1,12}(\.\d{1,2})?$/.test(value) || fen(value) <= 0n) {
      issues[`${at}.amount`] = '金额须为大于 0 的数，最多两位小数，如 2000.00';
    }
  });
  if (rates >= 1_000_000n) issues['policy.keeps'] = '提取比例合计须小于 1';
  const kinds = new Set<string>();
  let any = false;
  state.weights.forEach((w, i) => {
    const kind = w.kind.trim();
    if (!CODE.test(kind)) issues[`policy.weights[${i}].kind`] = '股种代码只能含字母、数字、- 和 _，最多 32 位';
    else if (kinds.has(kind)) issues[`policy.weights[${i}].kind`] = `股种 ${kind} 重复`;
    kinds.add(kind);
    const m = micro(w.weight);
    if (m === null) issues[`policy.weights.${kind || i}`] = '权重须为不小于 0 的数，最多 6 位小数，如 0.5';
    else if (m > 0n) any = true;
  });
  if (!state.weights.length) issues['policy.weights'] = '至少要有一个股种的权重';
  else if (!any && !Object.keys(issues).some((k) => k.startsWith('policy.weights')))
    issues['policy.weights'] = '至少一个股种的权重须大于 0';
  return issues;
}

/** A household as the form holds it (every field a string, '' when not given). */
export interface HouseholdForm {
  code: string;
  headName: string;
  idLast4: string;
  bankName: string;
  bankAccount: string;
  joinedOn: string;
}

/**
 * What the browser checks of a household before sending, keyed by field (the service checks again; its field messages
 * win). A whole identity number is refused: only the last four characters are kept (spec: personal data to the minimum).
 */
export function householdProblems(f: HouseholdForm, adding: boolean): Record<string, string> {
  const p: Record<string, string> = {};
  if (adding && !CODE.test(f.code.trim())) p.code = '户编码只能含字母、数字、- 和 _，最多 32 位';
  if (!f.headName.trim()) p.headName = '请填写户主姓名';
  const id = f.idLast4.trim().toUpperCase();
  if (id.length > 4) p.idLast4 = '只保存身份证号的后四位，请只填后四位';
  else if (id && !/^[0-9X]{4}$/.test(id)) p.idLast4 = '身份证后四位须为 4 位数字（最后一位可为 X）';
  const account = f.bankAccount.replace(/\s+/g, '');
  if (account && !/^\d{8,30}$/.test(account)) p.bankAccount = '账号须为 8 到 30 位数字';
  if (f.joinedOn && !/^\d{4}-\d{2}-\d{2}$/.test(f.joinedOn)) p.joinedOn = '日期格式为 YYYY-MM-DD';
  return p;
}

/** A single household's payment: a positive amount of at most what it is still owed, a date, the bank's reference. */
export function paymentProblems(v: { amount: string; date: string; bankReference: string }, outstanding: string): Record<string, string> {
  const p: Record<string, string> = {};
  if (!isPositiveAmount(v.amount)) p.amount = '金额须为大于 0 的数，最多两位小数';
  else if (fen(v.amount.trim()) > fen(outstanding)) p.amount = `不能超过尚未支付的 ${money(outstanding)}`;
  if (!v.date) p.date = '请选择支付日期';
  if (!v.bankReference.trim()) p.bankReference = '请填写银行流水号';
  return p;
}
