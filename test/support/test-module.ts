import 'reflect-metadata';
import { Test, TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AppModule, AppOptions } from '../../src/app.module';
import { Clock } from '../../src/platform/clock/clock';
import { createDataSource } from '../../src/platform/database/data-source';

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-42';
export const TEST_APP_OPTIONS: AppOptions = { jwtSecret: TEST_JWT_SECRET, jwtTtlSeconds: 3600 };

export interface TestModuleOptions {
  /** Replaces the machine's clock, so that "today" is the test's date (Beijing time). */
  clock?: Clock;
}

/**
 * A connection to the test database, which the global setup migrated: as the service's role (owns no table, cannot
 * disable a trigger), what the app under test uses; or as the owner, a superuser, for tampering behind its back.
 */
export async function openTestDatabase(as: 'service' | 'owner' = 'service'): Promise<DataSource> {
  const variable = as === 'service' ? 'TEST_SERVICE_DATABASE_URL' : 'TEST_DATABASE_URL';
  const url = process.env[variable];
  if (!url) throw new Error(`${variable} is not set: run the tests through jest (test/support/global-setup.ts)`);
  const db = createDataSource(url);
  await db.initialize();
  return db;
}

/** The whole module graph of the service on a database, built by @nestjs/testing, with the clock overridden when given. */
export async function compileAppModule(db: DataSource, options: TestModuleOptions = {}): Promise<TestingModule> {
  let builder = Test.createTestingModule({ imports: [AppModule.forRoot(db, TEST_APP_OPTIONS)] });
  if (options.clock) builder = builder.overrideProvider(Clock).useValue(options.clock);
  return builder.compile();
}

export interface TestModule {
  module: TestingModule;
  /** The owner's connection (a superuser), for reading and tampering behind the service's back; the graph runs as the service role. */
  db: DataSource;
  /** A service (or any provider) of the graph. */
  get<T>(type: abstract new (...args: never[]) => T): T;
  close(): Promise<void>;
}

/** The service's module graph without HTTP, for integration tests that call services directly. */
export async function createTestModule(options: TestModuleOptions = {}): Promise<TestModule> {
  const service = await openTestDatabase('service');
  const db = await openTestDatabase('owner');
  const module = await compileAppModule(service, options);
  await module.init();
  return {
    module,
    db,
    get: <T>(type: abstract new (...args: never[]) => T) => module.get<T>(type as never),
    async close() {
      await module.close();
      for (const d of [service, db]) if (d.isInitialized) await d.destroy();
    },
  };
}
