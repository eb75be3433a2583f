/**
 * The member distribution in a village's own book (spec households.md, "The village's books"): a run's keeps and
 * members' dividends, and a household paid.
 */
import { compareCodes } from '../../codes';
import { InvariantError } from '../../errors';
import { assertBalanced, cr, dr, Voucher, VoucherLine } from '../voucher';
import { parseMoney } from '../../money';

/** The village chart's accounts a member distribution posts to (农村集体经济组织会计制度). */
export const VILLAGE_ACCOUNTS = {
  BANK: '102',
  RESERVE: '311',
  MEMBERS: '322-01-MEMBERS',
  keep: (code: string) => `322-01-DED-${code}`,
  payable: (household: string) => `211-${household}`,
} as const;

/** A voucher of checked lines: debits first, then by account code, as every voucher prints. */
function voucher(date: string, summary: string, lines: VoucherLine[]): Voucher | null {
  const kept = lines.filter((l) => l.debit > 0n || l.credit > 0n);
  if (kept.length === 0) return null;
  const side = (l: VoucherLine) => (l.debit > 0n ? 0 : 1);
  const sorted = kept.sort((a, b) => side(a) - side(b) || compareCodes(a.account, b.account));
  const v: Voucher = { date, summary, lines: sorted };
  assertBalanced(v);
  return v;
}

/**
 * The run's vouchers in the village's book: the keeps (Dr 322-01-DED-<code> / Cr 311 公积公益金, one voucher), then the
 * members' dividends (Dr 322-01-MEMBERS / Cr 211-<household> for every household with an amount, one voucher).
 */
export function buildVillageRunVouchers(r: {
  year: number;
  date: string;
  keeps: ReadonlyArray<{ code: string; name: string; amount: string }>;
  households: ReadonlyArray<{ code: string; amount: string }>;
}): Voucher[] {
  const keepLines: VoucherLine[] = [];
  for (const k of r.keeps) {
    const amount = parseMoney(k.amount, 'keeps');
    if (amount === 0n) continue;
    keepLines.push(
      dr(VILLAGE_ACCOUNTS.keep(k.code), amount, k.name.slice(0, 100)),
      cr(VILLAGE_ACCOUNTS.RESERVE, amount, k.name.slice(0, 100)),
    );
  }
  const members: VoucherLine[] = [];
  let total = 0n;
  for (const h of r.households) {
    const amount = parseMoney(h.amount, 'households');
    if (amount < 0n) throw new InvariantError(`户 ${h.code} 分得负数 ${h.amount}`);
    if (amount === 0n) continue;
    total += amount;
    members.push(cr(VILLAGE_ACCOUNTS.payable(h.code), amount));
  }
  if (total > 0n) members.push(dr(VILLAGE_ACCOUNTS.MEMBERS, total));
  return [
    voucher(r.date, `提取${r.year}年度公积公益金等`, keepLines),
    voucher(r.date, `${r.year}年度成员分红（股金分红）`, members),
  ].filter((v): v is Voucher => v !== null);
}

/** Dr 211-<household> / Cr 102: a household paid its dividend. */
export function buildHouseholdPayment(p: { household: string; headName: string; year: number; date: string; amount: bigint }): Voucher {
  const v = voucher(p.date, `支付${p.household}户（${p.headName}）${p.year}年度分红款`.slice(0, 200), [
    dr(VILLAGE_ACCOUNTS.payable(p.household), p.amount),
    cr(VILLAGE_ACCOUNTS.BANK, p.amount),
  ]);
  if (!v) throw new InvariantError('支付金额须大于零');
  return v;
}
