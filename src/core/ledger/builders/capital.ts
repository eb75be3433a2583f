/** Capital contributions (出资) and withdrawals: Dr 102 or 151 / Cr 301-village, negatives the other way. */
import { ValidationError } from '../../errors';
import { BANK, FIXED_ASSETS, villageCapital } from '../accounts';
import { cr, dr, makeVoucher, present, Voucher } from '../voucher';

export interface CapitalEvent {
  village: string;
  villageName?: string;
  date: string;
  /** Positive: a contribution; negative: a withdrawal or transfer-out. */
  amount: bigint;
  kind: 'cash' | 'asset';
}

export function buildCapitalEvent(e: CapitalEvent): Voucher[] {
  if (typeof e.amount !== 'bigint') throw ValidationError.of('amount', '须为以分为单位的金额（bigint）');
  if (e.kind !== 'cash' && e.kind !== 'asset') throw ValidationError.of('kind', '须为 "cash"（现金出资）或 "asset"（资产作价出资）');
  const capital = villageCapital(e.village);
  const other = e.kind === 'cash' ? BANK : FIXED_ASSETS;
  const who = e.villageName ?? e.village;
  const abs = e.amount < 0n ? -e.amount : e.amount;
  const summary =
    e.kind === 'cash'
      ? e.amount > 0n
        ? `收到${who}现金出资`
        : `退还${who}现金出资`
      : e.amount > 0n
        ? `${who}以资产作价出资`
        : `${who}撤回资产出资`;
  const lines = e.amount > 0n ? [dr(other, abs), cr(capital, abs)] : [dr(capital, abs), cr(other, abs)];
  return present([makeVoucher(e.date, summary, lines)]);
}
