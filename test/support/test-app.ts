import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/config';
import { createDataSource } from '../../src/database/data-source';

export interface TestApp {
  app: INestApplication;
  db: DataSource;
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

/** The real application on the test database (migrations applied by the global setup). */
export async function createTestApp(): Promise<TestApp> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (test/support/global-setup.ts)');
  const db = createDataSource(url);
  await db.initialize();
  const app = await createApp(db, { ...loadConfig({}), corsOrigins: [] });
  return {
    app,
    db,
    http: () => request(app.getHttpServer()),
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
