import { Injectable } from '@nestjs/common';
import type { Role } from '../platform/access/roles';
import { isUuid } from '../platform/database/ids';
import { PageRequest, Repository, tableShape, Where } from '../platform/database/repository';

export const userTable = tableShape('app_user', {
  id: 'uuid',
  login: 'character varying(64)',
  display_name: 'character varying(100)',
  role: 'character varying(16)',
  village_id: 'uuid?',
  enabled: 'boolean',
  password_hash: 'text',
  must_change_password: 'boolean',
  token_version: 'integer',
  created_at: 'timestamp with time zone',
  updated_at: 'timestamp with time zone',
  created_by: 'uuid?',
  updated_by: 'uuid?',
  previous_password_hash: 'text?',
});

/** A user as the API shows them: never the password hash. */
export interface User {
  id: string;
  login: string;
  displayName: string;
  role: Role;
  villageId: string | null;
  enabled: boolean;
  mustChangePassword: boolean;
  /** Bumped when the password changes or is reset, or the user is disabled: tokens issued before stop working for good. */
  tokenVersion: number;
  createdAt: Date;
  updatedAt: Date;
  /** Who created the account and who last changed it (its role, status or a password reset); null for a system task. */
  createdBy: string | null;
  updatedBy: string | null;
}

/** What a password check needs, never sent to a client. */
export interface Credentials {
  passwordHash: string;
  /** The password a reset replaced, until its owner chooses a new one: they may not choose it again. */
  previousPasswordHash: string | null;
}

export interface NewUser {
  login: string;
  displayName: string;
  role: Role;
  villageId: string | null;
  passwordHash: string;
  mustChangePassword: boolean;
  createdBy: string | null;
}

const COLUMNS = `id, login, display_name AS "displayName", role, village_id AS "villageId", enabled,
  must_change_password AS "mustChangePassword", token_version AS "tokenVersion", created_at AS "createdAt", updated_at AS "updatedAt",
  created_by AS "createdBy", updated_by AS "updatedBy"`;

@Injectable()
export class UsersRepository extends Repository {
  async insert(u: NewUser): Promise<User> {
    return (await this.one<User>(
      `INSERT INTO app_user (login, display_name, role, village_id, password_hash, must_change_password, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [u.login, u.displayName, u.role, u.villageId, u.passwordHash, u.mustChangePassword, u.createdBy],
    ))!;
  }

  /** Disabling a user also ends their tokens for good: enabling them again does not revive the old ones. */
  async update(id: string, u: Pick<User, 'displayName' | 'role' | 'villageId' | 'enabled' | 'updatedBy'>): Promise<User> {
    return (await this.one<User>(
      `UPDATE app_user SET display_name = $2, role = $3, village_id = $4, enabled = $5, updated_by = $6, updated_at = now(),
              token_version = token_version + CASE WHEN enabled AND NOT $5 THEN 1 ELSE 0 END
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, u.displayName, u.role, u.villageId, u.enabled, u.updatedBy],
    ))!;
  }

  /**
   * A new password hash; every token signed before stops working. `resetBy` (another user, or null for a
   * system task) becomes the account's last changer; a user changing their own password (no `resetBy`)
   * leaves it, so that whoever set a one-time password stays on record after its owner replaces it.
   * A reset keeps the password it replaces (the user's own, not an earlier one-time password), so that the
   * user cannot choose it again; their own change forgets it.
   */
  async setPassword(id: string, passwordHash: string, mustChangePassword: boolean, resetBy?: { userId: string | null }): Promise<User> {
    return (await this.one<User>(
      `UPDATE app_user SET password_hash = $2, must_change_password = $3, token_version = token_version + 1, updated_at = now(),
              updated_by = CASE WHEN $4 THEN $5::uuid ELSE updated_by END,
              previous_password_hash = CASE WHEN NOT $4 THEN NULL WHEN must_change_password THEN previous_password_hash
                                            ELSE password_hash END
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, passwordHash, mustChangePassword, resetBy !== undefined, resetBy?.userId ?? null],
    ))!;
  }

  async findById(id: string, lock = false): Promise<User | undefined> {
    if (!isUuid(id)) return undefined;
    return this.one<User>(`SELECT ${COLUMNS} FROM app_user WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  }

  async findByLogin(login: string): Promise<User | undefined> {
    return this.one<User>(`SELECT ${COLUMNS} FROM app_user WHERE login = $1`, [login]);
  }

  /** A user and their password hashes in one read, for sign-in: a known login costs no more queries than an unknown one. */
  async findWithCredentials(login: string): Promise<{ user: User; credentials: Credentials } | undefined> {
    const row = await this.one<User & Credentials>(
      `SELECT ${COLUMNS}, password_hash AS "passwordHash", previous_password_hash AS "previousPasswordHash" FROM app_user WHERE login = $1`,
      [login],
    );
    if (!row) return undefined;
    const { passwordHash, previousPasswordHash, ...user } = row;
    return { user, credentials: { passwordHash, previousPasswordHash } };
  }

  /** The stored hashes, for sign-in and password changes only. */
  async credentialsOf(id: string): Promise<Credentials | undefined> {
    if (!isUuid(id)) return undefined;
    return this.one<Credentials>(
      'SELECT password_hash AS "passwordHash", previous_password_hash AS "previousPasswordHash" FROM app_user WHERE id = $1',
      [id],
    );
  }

  /**
   * Locks every enabled admin (in id order, so that two transactions queue instead of deadlocking) and returns
   * their ids: whoever disables or demotes one then sees the others as they are once the lock is theirs.
   */
  async lockEnabledAdmins(): Promise<string[]> {
    const rows = await this.rows<{ id: string }>(`SELECT id FROM app_user WHERE role = 'admin' AND enabled ORDER BY id FOR UPDATE`);
    return rows.map((r) => r.id);
  }

  async count(): Promise<number> {
    return (await this.one<{ n: number }>('SELECT count(*)::int AS n FROM app_user'))!.n;
  }

  list(f: { role?: Role }, page: PageRequest): Promise<{ items: User[]; total: number }> {
    return this.page<User>(
      COLUMNS,
      'app_user',
      new Where().and((p) => `role = ${p(f.role)}`, f.role),
      'login',
      page,
    );
  }
}
