/**
 * `npm run samples`: one page of each printed document as PNG in docs/samples/, from the demo project after one
 * posted run, so that the README's pictures can be remade whenever a document's layout changes.
 *
 * It loads the demo (`npm run demo`, which changes nothing when it is loaded already) into the service's database
 * (DATABASE_URL, or the embedded one, as `npm start` uses), then, if the demo's 2025 run is not posted yet, prepares
 * it as 张会计, approves it as 李审核 (two accountants it creates once), posts it dated 2026-01-15 and pays
 * 程壁村 10,000.00. Each document is built by the same services and builders as the routes, rendered by the same
 * renderer, and its first page turned into PNG by poppler's pdftoppm.
 */
import 'reflect-metadata';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { appOptions } from '../src/app.factory';
import { AppModule } from '../src/app.module';
import { Actor, systemActor } from '../src/platform/context/actor';
import { loadConfig } from '../src/platform/config/config';
import { connectDatabase } from '../src/platform/database/connect';
import type { Document } from '../src/platform/documents/document';
import { DocumentRenderer } from '../src/platform/documents/document-renderer';
import { PaymentsService } from '../src/payments/payments.service';
import { ProjectsService } from '../src/projects/projects.service';
import { Printing } from '../src/reports/documents/common';
import { beijingDateTime } from '../src/platform/clock/clock';
import { incomeDistributionDocument } from '../src/reports/documents/income-distribution.document';
import { journalDocument } from '../src/reports/documents/journal.document';
import { noticesDocument } from '../src/reports/documents/notices.document';
import { publicityDocument } from '../src/reports/documents/publicity.document';
import { runStatementDocument } from '../src/reports/documents/run-statement.document';
import { trialBalanceDocument } from '../src/reports/documents/trial-balance.document';
import { villageStatementDocument } from '../src/reports/documents/village-statement.document';
import { voucherDocument } from '../src/reports/documents/voucher.document';
import { IncomeDistributionService } from '../src/reports/income-distribution.service';
import { JournalReport } from '../src/reports/journal.service';
import { ReportsService } from '../src/reports/reports.service';
import { RunDocumentsService } from '../src/reports/run-documents.service';
import { RunsService } from '../src/runs/runs.service';
import { UsersRepository } from '../src/users/users.repository';
import { UsersService } from '../src/users/users.service';
import { VillagesService } from '../src/villages/villages.service';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'docs/samples');
const PROJECT = 'DH-1';
const YEAR = 2025;

/** An accountant of the samples, created once: the signature boxes show real names. */
async function accountantNamed(app: INestApplicationContext, login: string, displayName: string): Promise<Actor> {
  const user =
    (await app.get(UsersRepository).findByLogin(login)) ??
    (await app.get(UsersService).create(systemActor('npm run samples'), {
      login,
      displayName,
      role: 'accountant',
      password: `${randomBytes(12).toString('base64url')}-Aa1`,
    }));
  return { userId: user.id, login: user.login, role: 'accountant', villageId: null };
}

/** The demo's 2025 run, posted (prepared and approved by two accountants) and one payment made, unless it already is. */
async function postedRun(app: INestApplicationContext, projectId: string, maker: Actor, checker: Actor): Promise<string> {
  const runs = app.get(RunsService);
  const existing = (await runs.list(projectId, YEAR)).find((r) => r.status === 'posted');
  if (existing) return existing.id;
  const draft = await runs.create(maker, projectId, YEAR);
  await runs.approve(checker, projectId, draft.id);
  await runs.post(maker, projectId, draft.id, '2026-01-15');
  await app
    .get(PaymentsService)
    .payVillage(maker, projectId, { villageCode: 'V01', amount: '10000.00', date: '2026-01-20', bankReference: '农信社 2026012000018' });
  return draft.id;
}

function toPng(renderedPdf: Uint8Array, name: string, dir: string): string {
  const pdf = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(pdf, renderedPdf);
  const target = path.join(OUT, name);
  execFileSync('pdftoppm', ['-png', '-r', '72', '-f', '1', '-l', '1', '-singlefile', pdf, target]);
  return `${target}.png`;
}

async function main(): Promise<void> {
  const demo = spawnSync('npm', ['run', '-s', 'demo'], { cwd: ROOT, stdio: 'inherit' });
  if (demo.status !== 0) throw new Error('npm run demo 失败');
  const config = loadConfig();
  const db = await connectDatabase(config);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(db.dataSource, appOptions(config)), { logger: ['error'] });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'samples-'));
  try {
    const maker = await accountantNamed(app, 'zhang.kuaiji', '张会计');
    const checker = await accountantNamed(app, 'li.shenhe', '李审核');
    const project = (await app.get(ProjectsService).list(maker, { q: PROJECT, page: 1, pageSize: 10 })).items.find(
      (p) => p.code === PROJECT,
    );
    if (!project) throw new Error(`演示项目 ${PROJECT} 没有载入`);
    const runId = await postedRun(app, project.id, maker, checker);
    const print: Printing = { printedBy: '张会计', printedAt: beijingDateTime(new Date()) };
    const reports = app.get(ReportsService);
    const journal = app.get(JournalReport);
    const runDocuments = app.get(RunDocumentsService);
    const village = (await app.get(VillagesService).list(maker, { q: 'V01', page: 1, pageSize: 10 })).items.find((v) => v.code === 'V01')!;
    const guaranteed = (await journal.journalDocumentData(maker, project.id, {})).items.find((v) => v.summary === `${YEAR}年度保底分红`)!;

    const documents: Array<[string, () => Promise<Document>]> = [
      ['voucher', async () => voucherDocument(await journal.voucher(maker, project.id, guaranteed.number), print)],
      ['journal', async () => journalDocument(await journal.journalDocumentData(maker, project.id, {}), print)],
      ['trial-balance', async () => trialBalanceDocument(await reports.trialBalance(maker, project.id, '2026-01-31'), print)],
      ['run-statement', async () => runStatementDocument(await reports.runStatement(maker, project.id, runId, '2026-01-31'), print)],
      [
        'income-distribution',
        async () => incomeDistributionDocument(await app.get(IncomeDistributionService).statement(project.id, YEAR), print),
      ],
      ['dividend-notice', async () => noticesDocument(await runDocuments.notices(maker, project.id, runId, 'V01', '2026-01-31'), print)],
      ['publicity', async () => publicityDocument(await runDocuments.publicity(project.id, runId), print)],
      ['village-statement', async () => villageStatementDocument(await reports.villageStatement(village.id, '2026-01-31'), print)],
    ];
    fs.mkdirSync(OUT, { recursive: true });
    const renderer = app.get(DocumentRenderer);
    for (const [name, build] of documents) {
      const png = toPng(await renderer.render(await build(), 'pdf'), name, tmp);
      console.log(`${path.relative(ROOT, png)}  ${fs.statSync(png).size.toLocaleString('en-US')} 字节`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    await app.close();
    await db.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
