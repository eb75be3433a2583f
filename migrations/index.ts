import { Foundation1764300000000 } from './1764300000000-Foundation';

/** Every migration, oldest first. Never edit one once committed; add a new one. */
export const migrations = [Foundation1764300000000];
