/**
 * Import benchmark (printed figures, not a test): the onboarding workload, one
 * XLSX workbook of BENCH_VILLAGES villages (default 10,000) in 10 projects
 * that move in on 2024-12-31, 5 capital events per village (50,000) dated
 * 2020–2024 (history: no voucher) and each project's opening lines (its bank
 * and each village's 301), through ImportsService as `POST /api/imports` runs
 * it: a dry run, then the import (one transaction), then the same file again
 * (nothing to do); then, the opening balances approved and posted, one
 * event a village after the cut-over (10,000 vouchers). Prints each time and
 * the process's peak memory.
 * Uses a new database on DATABASE_URL's server (dropped after), else a
 * throw-away embedded PostgreSQL. `node -r @swc-node/register scripts/bench-import.ts`
 */
import 'reflect-metadata';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { PassThrough } from 'node:stream';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import ExcelJS from 'exceljs';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { ImportsService } from '../src/imports/imports.service';
import { OpeningBalancesService } from '../src/opening-balances/opening-balances.service';
import { ProjectsService } from '../src/projects/projects.service';
import { openDatabase } from '../src/platform/database/data-source';
import { throwAwayPostgres } from './bench/throwaway-postgres';
import { accountant } from '../test/support/seed';

const VILLAGES = Number(process.env.BENCH_VILLAGES ?? 10_000);
const PROJECTS = 10;
const EVENTS_PER_VILLAGE = 5;

/** The process's peak resident set so far (worker threads share it), in MB. */
const peakMb = () => (process.resourceUsage().maxRSS / 1024).toFixed(0);
const memory = () => `RSS now ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB, peak so far ${peakMb()} MB`;

const village = (i: number) => `V${String(i + 1).padStart(5, '0')}`;
const projectCode = (j: number) => `P${String(j + 1).padStart(2, '0')}`;

/** One contribution a village on 2025-04-15, after the cut-over, as a CSV file of the capital sheet. */
async function afterCutover(): Promise<Buffer> {
  const lines = ['项目编码,村编码,日期,金额,方式,凭据号'];
  for (let i = 0; i < VILLAGES; i++) lines.push(`${projectCode(i % PROJECTS)},${village(i)},2025-04-15,1000.00,现金,L-${i}`);
  return Buffer.from(lines.join('\n'));
}

const fen = (n: number) => `${Math.trunc(n / 100)}.${String(n % 100).padStart(2, '0')}`;

async function database(): Promise<{ url: string; stop: () => Promise<void> }> {
  const name = `enclave_bench_import_${process.pid}`;
  if (process.env.DATABASE_URL) {
    const admin = process.env.DATABASE_URL;
    const c = new Client({ connectionString: admin });
    await c.connect();
    await c.query(`CREATE DATABASE "${name}"`);
    await c.end();
    const u = new URL(admin);
    u.pathname = `/${name}`;
    return {
      url: u.toString(),
      stop: async () => {
        const d = new Client({ connectionString: admin });
        await d.connect();
        await d.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await d.end();
      },
    };
  }
  return throwAwayPostgres('bench-import', 56000, name);
}

/**
 * The workbook: villages V00001…, projects P01…, each village in one project with five contributions. Written with
 * exceljs's streaming writer, row by row: the peak memory printed is the import's, not the generator's.
 */
async function workbook(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: false });
  const add = (name: string, header: string[], rows: (string | number)[][]) => {
    const ws = wb.addWorksheet(name);
    ws.addRow(header).commit();
    for (const r of rows) ws.addRow(r).commit();
    ws.commit();
  };
  const project = (i: number) => projectCode(i % PROJECTS);
  add('乡镇', ['编码', '名称'], [['BENCH', '基准乡']]);
  add(
    '村',
    ['编码', '名称', '乡镇编码'],
    Array.from({ length: VILLAGES }, (_, i) => [village(i), `第${i + 1}村`, 'BENCH']),
  );
  add(
    '项目',
    ['编码', '名称', '开始日期'],
    Array.from({ length: PROJECTS }, (_, i) => [project(i), `基准项目${i + 1}`, '2020-01-01']),
  );
  // Each village puts in 100,000.00 + 2k fen in year 2020 + k: 500,000.20 by the cut-over.
  const capital = 50000020;
  const opening: (string | number)[][] = [];
  for (let j = 0; j < PROJECTS; j++) {
    const members = Array.from({ length: VILLAGES }, (_, i) => i).filter((i) => i % PROJECTS === j);
    opening.push([project(j), '2024-12-31', '102', fen(members.length * capital), '']);
    for (const i of members) opening.push([project(j), '2024-12-31', `301-${village(i)}`, '', fen(capital)]);
  }
  add(
    '参与村',
    ['项目编码', '村编码'],
    Array.from({ length: VILLAGES }, (_, i) => [project(i), village(i)]),
  );
  const events: (string | number)[][] = [];
  for (let i = 0; i < VILLAGES; i++) {
    for (let k = 0; k < EVENTS_PER_VILLAGE; k++)
      events.push([project(i), village(i), `${2020 + k}-04-15`, fen(10000000 + 2 * k), '现金', '', `R-${i}-${k}`]);
  }
  add('出资', ['项目编码', '村编码', '日期', '金额', '方式', '资金来源', '凭据号'], events);
  add('期初余额', ['项目编码', '截止日', '科目', '借方', '贷方'], opening);
  await wb.commit();
  return Buffer.concat(chunks);
}

async function main(): Promise<void> {
  const target = await database();
  let app: INestApplicationContext | undefined;
  try {
    const { dataSource } = await openDatabase(target.url);
    app = await NestFactory.createApplicationContext(
      AppModule.forRoot(dataSource, { jwtSecret: 'bench-secret-bench-secret-bench-secret', jwtTtlSeconds: 3600 }),
      { logger: ['error'] },
    );
    const t0 = performance.now();
    const data = await workbook();
    console.log(
      `import: workbook of ${VILLAGES} villages, ${VILLAGES * EVENTS_PER_VILLAGE} capital events: ${(data.length / 1e6).toFixed(1)} MB, made in ${(performance.now() - t0).toFixed(0)} ms; ${memory()}`,
    );
    const service = app.get(ImportsService);
    const actor = accountant('bench');
    const files = [{ originalname: 'bench.xlsx', buffer: data }];
    for (const [what, dryRun] of [
      ['dry run', true],
      ['import', false],
      ['same file again', false],
    ] as const) {
      const s = performance.now();
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      const report = await service.import(actor, files, dryRun);
      loop.disable();
      const ms = performance.now() - s;
      const created = Object.values(report.sheets).reduce((n, c) => n + c.created, 0);
      console.log(
        `import: ${what}: ${(ms / 1000).toFixed(1)} s, ${created} rows created, ${report.vouchersPosted} vouchers posted; ` +
          `event loop delay max ${(loop.max / 1e6).toFixed(0)} ms; ${memory()}`,
      );
    }
    // Then the openings approved and posted, and one event a village after the cut-over: each posts its voucher.
    const openings = app.get(OpeningBalancesService);
    const checker = accountant('bench-checker');
    const projects = app.get(ProjectsService);
    for (let j = 0; j < PROJECTS; j++) {
      const project = await projects.byCode(projectCode(j));
      const [doc] = await openings.list(actor, project.id);
      await openings.approve(checker, project.id, doc.id);
      await openings.post(checker, project.id, doc.id);
    }
    const later = await afterCutover();
    const s = performance.now();
    const report = await service.import(actor, [{ originalname: '出资.csv', buffer: later }], false);
    console.log(
      `import: ${VILLAGES} capital events after the cut-over (CSV): ${((performance.now() - s) / 1000).toFixed(1)} s, ${report.vouchersPosted} vouchers posted; ${memory()}`,
    );
    console.log(`import: peak memory (max RSS of the process, worker threads included): ${peakMb()} MB`);
  } finally {
    await app?.close();
    await target.stop();
  }
}

main().catch((e) => {
  console.error(String(e instanceof Error ? e.message : e).slice(0, 2000));
  process.exit(1);
});
