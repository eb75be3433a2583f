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

/** A connection to the test database; the global setup applied the migrations and set TEST_DATABASE_URL. */
export async function openTestDatabase(): Promise<DataSource> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (test/support/global-setup.ts)');
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
  db: DataSource;
  /** A service (or any provider) of the graph. */
  get<T>(type: abstract new (...args: never[]) => T): T;
  close(): Promise<void>;
}

/** The service's module graph without HTTP, for integration tests that call services directly. */
export async function createTestModule(options: TestModuleOptions = {}): Promise<TestModule> {
  const db = await openTestDatabase();
  const module = await compileAppModule(db, options);
  await module.init();
  return {
    module,
    db,
    get: <T>(type: abstract new (...args: never[]) => T) => module.get<T>(type as never),
    async close() {
      await module.close();
      if (db.isInitialized) await db.destroy();
    },
  };
}
