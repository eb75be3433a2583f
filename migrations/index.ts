import { Foundation1764300000000 } from './1764300000000-Foundation';
import { Access1764310000000 } from './1764310000000-Access';
import { Ledger1764320000000 } from './1764320000000-Ledger';
import { EventChain1764400000000 } from './1764400000000-EventChain';
import { Duties1764410000000 } from './1764410000000-Duties';
import { Sessions1764500000000 } from './1764500000000-Sessions';
import { OpeningBalances1764510000000 } from './1764510000000-OpeningBalances';
import { PostingBulk1764520000000 } from './1764520000000-PostingBulk';
import { ReportIndexes1764530000000 } from './1764530000000-ReportIndexes';
import { ClosedYearBalances1764540000000 } from './1764540000000-ClosedYearBalances';
import { PostingSingle1764550000000 } from './1764550000000-PostingSingle';
import { Books1764560000000 } from './1764560000000-Books';
import { Households1764570000000 } from './1764570000000-Households';
import { VillagePolicies1764575000000 } from './1764575000000-VillagePolicies';
import { VillageRuns1764580000000 } from './1764580000000-VillageRuns';

/** Every migration, oldest first. Never edit one once committed; add a new one. */
export const migrations = [
  Foundation1764300000000,
  Access1764310000000,
  Ledger1764320000000,
  EventChain1764400000000,
  Duties1764410000000,
  Sessions1764500000000,
  OpeningBalances1764510000000,
  PostingBulk1764520000000,
  ReportIndexes1764530000000,
  ClosedYearBalances1764540000000,
  PostingSingle1764550000000,
  Books1764560000000,
  Households1764570000000,
  VillagePolicies1764575000000,
  VillageRuns1764580000000,
];
