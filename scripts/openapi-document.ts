/**
 * The service's OpenAPI document, exactly as GET /api/docs-json serves it, built without a database: the module graph
 * on a DataSource that never connects (nothing queries while the document is made). The console's typed client is
 * generated from a checked-in copy of it (web/src/api/openapi.json); `npm run api:snapshot` rewrites that copy, and
 * test/unit/console/openapi-snapshot.spec.ts fails when the copy and the service disagree.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { configureHttp } from '../src/app.factory';
import { loadConfig } from '../src/platform/config/config';

export const SNAPSHOT = 'web/src/api/openapi.json';

export async function openApiDocument(): Promise<unknown> {
  const config = { ...loadConfig({ BACKUP_CRON: 'off' }), jwtSecret: 'openapi-document-only-never-signs-a-token' };
  const neverConnected = new DataSource({ type: 'postgres', url: 'postgres://nobody@127.0.0.1:1/none' });
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(neverConnected, { jwtSecret: config.jwtSecret, jwtTtlSeconds: config.jwtTtlSeconds }),
    { bodyParser: false, logger: ['error'] },
  );
  try {
    configureHttp(app, config);
    await app.init();
    return (await request(app.getHttpServer()).get('/api/docs-json').expect(200)).body;
  } finally {
    await app.close();
  }
}

/** The snapshot's text: two-space JSON with a final newline, so that a diff shows what changed. */
export function snapshotText(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
