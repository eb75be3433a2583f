import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuthService } from '../../src/access/auth.service';
import { configureHttp } from '../../src/app.factory';
import { Role } from '../../src/platform/access/roles';
import { loadConfig } from '../../src/platform/config/config';
import { systemActor } from '../../src/platform/context/actor';
import { UsersService } from '../../src/users/users.service';
import { compileAppModule, openTestDatabase, TEST_JWT_SECRET, TestModuleOptions } from './test-module';

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
  /** The owner's connection (a superuser), for reading and tampering behind the service's back; the app runs as the service role. */
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

/**
 * The real application on the test database (migrations applied by the global
 * setup): the module graph built by @nestjs/testing, with the HTTP setup of
 * src/app.factory.ts. `clock` pins "today" for tests that depend on the date.
 */
export async function createTestApp(options: TestModuleOptions = {}): Promise<TestApp> {
  const service = await openTestDatabase('service');
  const db = await openTestDatabase('owner');
  // Failed sign-ins are counted per address in PostgreSQL (src/access/sign-in-throttle.ts), and every test file signs
  // in from 127.0.0.1: each file starts with a clean count, so one file's wrong passwords cannot lock out the next.
  await db.query('DELETE FROM sign_in_attempt');
  const module = await compileAppModule(service, options);
  const app = module.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: ['error'] });
  configureHttp(app, { ...loadConfig({}), jwtSecret: TEST_JWT_SECRET });
  await app.init();
  const server = app.getHttpServer();

  async function signIn(role: Role, villageCode?: string): Promise<SignedInUser> {
    const login = uniqueCode(role.slice(0, 3)).toLowerCase();
    const user = await app
      .get(UsersService)
      .create(systemActor('test'), { login, displayName: login, role, villageCode, password: TEST_PASSWORD });
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
      for (const d of [service, db]) if (d.isInitialized) await d.destroy();
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
