import { Foundation1764300000000 } from './1764300000000-Foundation';
import { Access1764310000000 } from './1764310000000-Access';
import { Ledger1764320000000 } from './1764320000000-Ledger';

/** Every migration, oldest first. Never edit one once committed; add a new one. */
export const migrations = [Foundation1764300000000, Access1764310000000, Ledger1764320000000];
