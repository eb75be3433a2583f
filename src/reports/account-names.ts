import { accountName } from '../core/ledger';
import { villageSubAccount } from '../core/village-view';

/**
 * An account's name as an accountant writes it: 应付款—程壁村 rather than 应付款—V01 for a village's sub-account
 * (211, 301), the chart's name otherwise (收益分配—各项分配—保底分红). `names` maps village codes to names.
 */
export function accountLabel(account: string, names: ReadonlyMap<string, string>): string {
  const sub = villageSubAccount(account);
  const village = sub && names.get(sub.code);
  return village ? `${accountName(sub.parent)}—${village}` : accountName(account);
}
