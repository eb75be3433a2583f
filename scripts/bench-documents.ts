/**
 * Documents benchmark (printed figures, not a test), issue 11 point 6: a 1,000-village run's
 *   - 分红明细表 as XLSX (target under 2 s), and
 *   - 分红通知单 as one PDF of 1,000 pages (target under 10 s),
 * each from the service's JSON through the builder and the renderer in the worker pool, as the routes do. It prints
 * the time of each step, the file's size, the process's peak memory (target under 500 MB; worker threads included),
 * and the latency of GET /api/health polled while the document renders (the event loop must keep answering).
 * Uses DATABASE_URL when set (its rows go to a new project), else a throw-away embedded PostgreSQL.
 * `npm run bench:documents`
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../src/app.module';
import { configureHttp } from '../src/app.factory';
import { loadConfig } from '../src/platform/config/config';
import { systemActor } from '../src/platform/context/actor';
import { openDatabase } from '../src/platform/database/data-source';
import { throwAwayPostgres } from './bench/throwaway-postgres';
import type { Document, DocumentFormat } from '../src/platform/documents/document';
import { DocumentRenderer } from '../src/platform/documents/document-renderer';
import { beijingDateTime } from '../src/platform/clock/clock';
import { noticesDocument } from '../src/reports/documents/notices.document';
import { runStatementDocument } from '../src/reports/documents/run-statement.document';
import { ReportsService } from '../src/reports/reports.service';
import { RunDocumentsService } from '../src/reports/run-documents.service';
import { RunsService } from '../src/runs/runs.service';
import { accountant, approvedRun, seedLargePark } from '../test/support/seed';

const VILLAGES = 1000;
const SECRET = 'bench-secret-bench-secret-bench-secret';

async function database(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined };
  return throwAwayPostgres('bench-documents', 54000, 'enclave_bench');
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (t: number) => `${t.toFixed(0)} ms`;

/** The process's resident memory, sampled every 20 ms: its peak while `fn` runs. */
async function withPeakMemory<T>(fn: () => Promise<T>): Promise<{ value: T; peak: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    return { value: await fn(), peak };
  } finally {
    clearInterval(timer);
  }
}

/** GET /api/health one after another while `fn` runs: each answer's latency. */
async function withHealthLatency<T>(url: string, fn: () => Promise<T>): Promise<{ value: T; latencies: number[] }> {
  const latencies: number[] = [];
  let done = false;
  const poll = (async () => {
    while (!done) {
      const t0 = performance.now();
      await fetch(url).then((r) => r.arrayBuffer());
      latencies.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  try {
    return { value: await fn(), latencies };
  } finally {
    done = true;
    await poll;
  }
}

function summary(latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return `${sorted.length} answers, median ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms`;
}

async function main(): Promise<void> {
  const target = await database();
  const { dataSource: db } = await openDatabase(target.url);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(db, { jwtSecret: SECRET, jwtTtlSeconds: 3600 }), {
    bodyParser: false,
    logger: ['error'],
  });
  configureHttp(app, { ...loadConfig({}), jwtSecret: SECRET });
  await app.listen(0, '127.0.0.1');
  const health = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/api/health`;
  try {
    const s0 = performance.now();
    const projectId = await seedLargePark(app, db, VILLAGES, `D${Date.now().toString(36).slice(-5)}`);
    const runId = await approvedRun(app, projectId);
    await app.get(RunsService).post(accountant('poster'), projectId, runId, '2025-01-15');
    console.log(`documents: seeded a ${VILLAGES}-village park and posted its run in ${ms(performance.now() - s0)}`);

    const actor = systemActor('npm run bench:documents');
    const print = { printedBy: 'bench', printedAt: beijingDateTime(new Date()) };
    const renderer = app.get(DocumentRenderer);
    const measure = async (what: string, format: DocumentFormat, build: () => Promise<Document>, targetMs: number) => {
      const { value, peak } = await withPeakMemory(() =>
        withHealthLatency(health, async () => {
          const t0 = performance.now();
          const document = await build();
          const t1 = performance.now();
          const bytes = await renderer.render(document, format);
          return { bytes, data: t1 - t0, render: performance.now() - t1, pages: document.pages.length };
        }),
      );
      const { bytes, data, render, pages } = value.value;
      const total = data + render;
      console.log(
        `documents: ${what} (${format.toUpperCase()}, ${pages} page${pages > 1 ? 's' : ''} in the model): ${ms(total)} ` +
          `(JSON and model ${ms(data)}, render ${ms(render)}; target < ${targetMs / 1000} s: ${total < targetMs ? 'met' : 'MISSED'}), ` +
          `${mb(bytes.byteLength)}, peak memory ${mb(peak)} (target < 500 MB: ${peak < 500 * 1024 * 1024 ? 'met' : 'MISSED'})`,
      );
      console.log(`documents:   GET /api/health meanwhile: ${summary(value.latencies)}`);
    };

    // A first, small render warms the worker pool (fonts read, modules loaded), as a running service has.
    await renderer.render(runStatementDocument(await app.get(ReportsService).runStatement(actor, projectId, runId), print), 'pdf');
    await measure(
      `分红明细表 of ${VILLAGES} villages`,
      'xlsx',
      async () => runStatementDocument(await app.get(ReportsService).runStatement(actor, projectId, runId), print),
      2000,
    );
    await measure(
      `分红通知单 for ${VILLAGES} villages`,
      'pdf',
      async () => noticesDocument(await app.get(RunDocumentsService).notices(actor, projectId, runId), print),
      10000,
    );
  } finally {
    await app.close();
    await db.destroy();
    await target.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
