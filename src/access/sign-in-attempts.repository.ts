import { Injectable } from '@nestjs/common';
import { Repository, tableShape } from '../platform/database/repository';

export const signInAttemptTable = tableShape('sign_in_attempt', {
  id: 'bigint',
  login: 'character varying(64)',
  ip: 'character varying(64)',
  at: 'timestamp with time zone',
  outcome: 'character varying(16)',
});

/**
 * pending: reserved, its password being checked; failed; succeeded; forgiven: a failure the login's next
 * success cleared (it still counts for the address); refused: turned away by the throttle, never checked.
 */
export type AttemptOutcome = 'pending' | 'failed' | 'succeeded' | 'forgiven' | 'refused';

export interface Limits {
  perLogin: number;
  perAddress: number;
  /** Attempts at or before this instant are out of the window. */
  since: Date;
}

/** A reserved check, or a refusal with the oldest attempt that fills the login's or the address's window (null when not full). */
export type Reservation =
  { id: string; outcome: 'pending' } | { id: string; outcome: 'refused'; loginFullSince: Date | null; addressFullSince: Date | null };

/** Advisory lock classes (the two-integer key space): one per kind of key, so a login and an address never share a lock. */
const LOGIN_LOCK = 17645001;
const ADDRESS_LOCK = 17645002;

/**
 * sign_in_attempt: one row per password check asked for, so that the throttle's counts are the database's,
 * shared by every process. A reservation is counted and written under the login's and the address's locks,
 * so that concurrent attempts queue there and the 6th of a burst sees the 5 before it.
 */
@Injectable()
export class SignInAttemptsRepository extends Repository {
  /**
   * Takes the login's lock, then the address's (always in this order, so two reservations cannot deadlock),
   * until the end of the caller's transaction. Call it inside a transaction that does nothing else.
   */
  async lock(login: string, ip: string): Promise<void> {
    await this.rows('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOGIN_LOCK, login]);
    await this.rows('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ADDRESS_LOCK, ip]);
  }

  /** Forgets the login's and the address's attempts that are out of the window: the throttle needs no others. */
  async prune(login: string, ip: string, since: Date): Promise<void> {
    await this.rows('DELETE FROM sign_in_attempt WHERE (login = $1 OR ip = $2) AND at <= $3', [login, ip, since]);
  }

  /**
   * Counts the attempts in the window and writes this one, in one statement: pending when the login has fewer
   * than `perLogin` failed or pending attempts and the address fewer than `perAddress` failed, forgiven or
   * pending ones; refused otherwise. Under `lock`, so that no concurrent reservation counts alongside.
   */
  async reserve(login: string, ip: string, at: Date, limits: Limits): Promise<Reservation> {
    const row = (await this.one<{ id: string; outcome: 'pending' | 'refused'; loginFullSince: Date | null; addressFullSince: Date | null }>(
      `WITH l AS (SELECT at FROM sign_in_attempt WHERE login = $1 AND at > $4 AND outcome IN ('pending', 'failed') ORDER BY at DESC LIMIT $5),
            a AS (SELECT at FROM sign_in_attempt WHERE ip = $2 AND at > $4 AND outcome IN ('pending', 'failed', 'forgiven')
                   ORDER BY at DESC LIMIT $6),
            v AS (SELECT CASE WHEN (SELECT count(*) FROM l) >= $5 THEN (SELECT min(at) FROM l) END AS "loginFullSince",
                         CASE WHEN (SELECT count(*) FROM a) >= $6 THEN (SELECT min(at) FROM a) END AS "addressFullSince"),
            ins AS (INSERT INTO sign_in_attempt (login, ip, at, outcome)
                    SELECT $1, $2, $3,
                           CASE WHEN "loginFullSince" IS NULL AND "addressFullSince" IS NULL THEN 'pending' ELSE 'refused' END FROM v
                    RETURNING id::text AS id, outcome)
       SELECT ins.id, ins.outcome, v."loginFullSince", v."addressFullSince" FROM ins, v`,
      [login, ip, at, limits.since, limits.perLogin, limits.perAddress],
    ))!;
    return row.outcome === 'pending' ? { id: row.id, outcome: 'pending' } : { ...row, outcome: 'refused' };
  }

  /**
   * The login's attempts in the window that speak against a right password just checked (attempt `id`):
   * failed or pending ones, and those refused since it was reserved (a burst that arrived while it was checked).
   */
  async against(login: string, id: string, since: Date): Promise<number> {
    const row = await this.one<{ n: number }>(
      `SELECT count(*)::int AS n FROM sign_in_attempt
        WHERE login = $1 AND id <> $2 AND at > $3 AND (outcome IN ('pending', 'failed') OR (outcome = 'refused' AND id > $2))`,
      [login, id, since],
    );
    return row!.n;
  }

  /** Settles a reserved attempt. */
  async settle(id: string, outcome: Exclude<AttemptOutcome, 'pending' | 'forgiven'>): Promise<void> {
    await this.rows(`UPDATE sign_in_attempt SET outcome = $2 WHERE id = $1 AND outcome = 'pending'`, [id, outcome]);
  }

  /** A success clears the login's earlier failures (the address keeps counting them, as forgiven). */
  async forgive(login: string, beforeId: string): Promise<void> {
    await this.rows(`UPDATE sign_in_attempt SET outcome = 'forgiven' WHERE login = $1 AND outcome = 'failed' AND id < $2`, [
      login,
      beforeId,
    ]);
  }

  /** Failed attempts in the window, of the login and of the address: for the entry that records a lockout. */
  async failures(login: string, ip: string, since: Date): Promise<{ login: number; address: number }> {
    return (await this.one<{ login: number; address: number }>(
      `SELECT count(*) FILTER (WHERE login = $1 AND outcome = 'failed')::int AS login,
              count(*) FILTER (WHERE ip = $2 AND outcome IN ('failed', 'forgiven'))::int AS address
         FROM sign_in_attempt WHERE (login = $1 OR ip = $2) AND at > $3`,
      [login, ip, since],
    ))!;
  }
}
