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
}

export interface NewUser {
  login: string;
  displayName: string;
  role: Role;
  villageId: string | null;
  passwordHash: string;
  mustChangePassword: boolean;
}

const COLUMNS = `id, login, display_name AS "displayName", role, village_id AS "villageId", enabled,
  must_change_password AS "mustChangePassword", token_version AS "tokenVersion", created_at AS "createdAt", updated_at AS "updatedAt"`;

@Injectable()
export class UsersRepository extends Repository {
  async insert(u: NewUser): Promise<User> {
    return (await this.one<User>(
      `INSERT INTO app_user (login, display_name, role, village_id, password_hash, must_change_password)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [u.login, u.displayName, u.role, u.villageId, u.passwordHash, u.mustChangePassword],
    ))!;
  }

  async update(id: string, u: Pick<User, 'displayName' | 'role' | 'villageId' | 'enabled'>): Promise<User> {
    return (await this.one<User>(
      `UPDATE app_user SET display_name = $2, role = $3, village_id = $4, enabled = $5, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, u.displayName, u.role, u.villageId, u.enabled],
    ))!;
  }

  /** A new password hash; every token signed before stops working. */
  async setPassword(id: string, passwordHash: string, mustChangePassword: boolean): Promise<User> {
    return (await this.one<User>(
      `UPDATE app_user SET password_hash = $2, must_change_password = $3, token_version = token_version + 1, updated_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, passwordHash, mustChangePassword],
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
