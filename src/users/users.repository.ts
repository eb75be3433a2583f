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
  /** Bumped when the password changes or is reset: tokens issued before stop working. */
  tokenVersion: number;
  createdAt: Date;
  updatedAt: Date;
  /** Who created the account and who last changed it (its role, status or a password reset); null for a system task. */
  createdBy: string | null;
  updatedBy: string | null;
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

  async update(id: string, u: Pick<User, 'displayName' | 'role' | 'villageId' | 'enabled' | 'updatedBy'>): Promise<User> {
    return (await this.one<User>(
      `UPDATE app_user SET display_name = $2, role = $3, village_id = $4, enabled = $5, updated_by = $6, updated_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, u.displayName, u.role, u.villageId, u.enabled, u.updatedBy],
    ))!;
  }

  /**
   * A new password hash; every token signed before stops working. `resetBy` (another user, or null for a
   * system task) becomes the account's last changer; a user changing their own password (no `resetBy`)
   * leaves it, so that whoever set a one-time password stays on record after its owner replaces it.
   */
  async setPassword(id: string, passwordHash: string, mustChangePassword: boolean, resetBy?: { userId: string | null }): Promise<User> {
    return (await this.one<User>(
      `UPDATE app_user SET password_hash = $2, must_change_password = $3, token_version = token_version + 1, updated_at = now(),
              updated_by = CASE WHEN $4 THEN $5::uuid ELSE updated_by END
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

  /** The stored hash, for sign-in and password changes only. */
  async passwordHashOf(id: string): Promise<string | undefined> {
    return (await this.one<{ hash: string }>('SELECT password_hash AS hash FROM app_user WHERE id = $1', [id]))?.hash;
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
