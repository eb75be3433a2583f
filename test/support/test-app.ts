import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuthService } from '../../src/access/auth.service';
import { createApp } from '../../src/app.factory';
import { Role } from '../../src/platform/access/roles';
import { loadConfig } from '../../src/platform/config/config';
import { systemActor } from '../../src/platform/context/actor';
import { createDataSource } from '../../src/platform/database/data-source';
import { UsersService } from '../../src/users/users.service';

export const TEST_PASSWORD = 'test-password-123';

export interface SignedInUser {
  id: string;
  login: string;
  token: string;
  /** An HTTP client that sends this user's bearer token. */
  http: () => request.Agent;
}

export interface TestApp {
  app: INestApplication;
  db: DataSource;
  /** An accountant (乡镇会计), who may read and write records. */
  accountant: SignedInUser;
  /** Shorthand for accountant.http(). */
  http: () => request.Agent;
  /** No token at all. */
  anonymous: () => ReturnType<typeof request>;
  /** Creates a user of that role (a treasurer needs a village code) and signs them in. */
  signIn(role: Role, villageCode?: string): Promise<SignedInUser>;
  close(): Promise<void>;
}

/** The real application on the test database (migrations applied by the global setup). */
export async function createTestApp(): Promise<TestApp> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (test/support/global-setup.ts)');
  const db = createDataSource(url);
  await db.initialize();
  const app = await createApp(db, { ...loadConfig({}), jwtSecret: 'test-secret-test-secret-test-secret-42' });
  const server = app.getHttpServer();

  async function signIn(role: Role, villageCode?: string): Promise<SignedInUser> {
    const login = uniqueCode(role.slice(0, 3)).toLowerCase();
    const user = await app.get(UsersService).create(systemActor('test'), { login, displayName: login, role, villageCode, password: TEST_PASSWORD });
    const { accessToken } = await app.get(AuthService).sign(user);
    return { id: user.id, login, token: accessToken, http: () => request.agent(server).set('Authorization', `Bearer ${accessToken}`) };
  }

  const accountant = await signIn('accountant');
  return {
    app,
    db,
    accountant,
    http: accountant.http,
    anonymous: () => request(server),
    signIn,
    async close() {
      await app.close();
      if (db.isInitialized) await db.destroy();
    },
  };
}

let counter = 0;
/** A code no other test uses, so tests share one database without stepping on each other. */
export function uniqueCode(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36).slice(-5)}${process.pid % 1000}${counter}`.slice(0, 32);
}

/** Counts rows of a table, to prove a rejected request stored nothing. */
export async function countRows(db: DataSource, table: string): Promise<number> {
  const [row] = await db.query(`SELECT count(*)::int AS n FROM ${table}`);
  return row.n;
}
