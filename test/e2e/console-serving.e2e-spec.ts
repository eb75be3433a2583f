import * as fs from 'node:fs';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/platform/config/config';
import { openTestDatabase, TEST_JWT_SECRET } from '../support/test-module';

/**
 * The console is served by the service itself (issue 13): its built files at `/`, index.html for the console's own
 * routes, the API untouched at /api, and nothing in the page that loads from another host. Needs the built console
 * (web/dist, `npm run build:web`; `npm test` builds it before Jest). The app is made as `npm start` makes it
 * (createApp): @nestjs/serve-static picks its loader from the HTTP adapter, which a Nest testing module compiled
 * before its application does not have yet.
 */
const dist = path.resolve(__dirname, '../../web/dist');

describe('the console, served at /', () => {
  let db: DataSource;
  let app: INestApplication;
  const anonymous = () => request(app.getHttpServer());
  beforeAll(async () => {
    if (!fs.existsSync(path.join(dist, 'index.html'))) throw new Error('web/dist is missing: run `npm run build:web` first');
    db = await openTestDatabase('service');
    app = await createApp(db, { ...loadConfig({ BACKUP_CRON: 'off' }), jwtSecret: TEST_JWT_SECRET });
  });
  afterAll(async () => {
    await app?.close();
    if (db?.isInitialized) await db.destroy();
  });

  it('answers / with the console’s page, in Chinese, checked again on every visit', async () => {
    const res = await anonymous().get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<html lang="zh-CN">');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('answers a console route (a reload on /projects/…) with the same page', async () => {
    const index = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
    for (const route of ['/dashboard', '/projects/0f0e/distribution/2025', '/villages/abc']) {
      const res = await anonymous().get(route).expect(200);
      expect(res.text).toBe(index);
    }
  });

  it('serves the hashed assets, cached for good', async () => {
    const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(
      fs.readFileSync(path.join(dist, 'index.html'), 'utf8'),
    );
    expect(script).not.toBeNull();
    const res = await anonymous().get(script![1]).expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('leaves /api to the service: an unknown API path is the API’s JSON 404, never the page', async () => {
    const res = await anonymous().get('/api/no-such-route').expect(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.code).toBeDefined();
    await anonymous().get('/api/health').expect(200, { status: 'ok' });
  });

  it('loads nothing from another host: every file refers only to its own origin', () => {
    const external: string[] = [];
    for (const file of fs.readdirSync(dist, { recursive: true }).map(String)) {
      if (!/\.(html|css)$/.test(file)) continue;
      const text = fs.readFileSync(path.join(dist, file), 'utf8');
      for (const m of text.matchAll(/(?:src|href)=["']?(https?:)?\/\/[^"' >]+|url\(\s*["']?https?:\/\/[^)]+\)|@import\s+["']?https?:/g))
        external.push(`${file}: ${m[0]}`);
    }
    expect(external).toEqual([]);
  });
});
