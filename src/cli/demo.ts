import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { appOptions } from '../app.factory';
import { AppModule } from '../app.module';
import { systemActor } from '../platform/context/actor';
import { CapitalService } from '../capital/capital.service';
import { loadConfig } from '../platform/config/config';
import { connectDatabase } from '../platform/database/connect';
import { PoliciesService } from '../policies/policies.service';
import { ProjectsService } from '../projects/projects.service';
import type { ScenarioDocument } from '../distributions/scenario-builder';
import { ResultsService } from '../results/results.service';
import { TownshipsService } from '../townships/townships.service';
import { VillagesService } from '../villages/villages.service';
import { loadVillageMembers } from './demo-members';
import { loadOldPark } from './demo-old-park';

/**
 * `npm run demo`: loads the seed's first-phase park (韩洪乡定湖村飞地香菇园区, six
 * villages, 500,000.00 each, the 2025 result and policy) from
 * fixtures/scenarios/01-seed-dinghu-2025.json, through the same services the
 * API uses; the members of its village 程壁村 (demo-members.ts); then the older park at 前兴稍村 through the import,
 * with its history and opening balance (demo-old-park.ts). A newcomer sees both paths.
 * Running it twice changes nothing.
 */
const SCENARIO = path.join(__dirname, '../../fixtures/scenarios/01-seed-dinghu-2025.json');

async function main(): Promise<void> {
  const s: ScenarioDocument = JSON.parse(fs.readFileSync(SCENARIO, 'utf8'));
  const config = loadConfig();
  const db = await connectDatabase(config);
  const ctx = await NestFactory.createApplicationContext(AppModule.forRoot(db.dataSource, appOptions(config)), { logger: ['error'] });
  try {
    await loadFirstPark(ctx, s);
    await loadVillageMembers(ctx);
    await loadOldPark(ctx);
  } finally {
    await ctx.close();
    await db.close();
  }
}

/** The first park, entered record by record through the services. */
async function loadFirstPark(ctx: INestApplicationContext, s: ScenarioDocument): Promise<void> {
  const actor = systemActor('npm run demo');
  const projects = ctx.get(ProjectsService);
  const existing = await projects.list(actor, { q: s.project.code, page: 1, pageSize: 1 });
  if (existing.items.some((p) => p.code === s.project.code)) {
    console.log(`演示项目 ${s.project.code} 已经载入（id ${existing.items[0].id}），没有重复载入。`);
    return;
  }
  // Townships and villages may already exist (entered by hand, or shared with another project): reuse them.
  const townships = ctx.get(TownshipsService);
  const township =
    (await townships.list({ q: 'HANHONG', page: 1, pageSize: 50 })).items.find((t) => t.code === 'HANHONG') ??
    (await townships.create(actor, { code: 'HANHONG', name: '沁源县韩洪乡' }));
  const villages = ctx.get(VillagesService);
  for (const v of s.villages) {
    const found = (await villages.list(actor, { q: v.code, page: 1, pageSize: 50 })).items.some((x) => x.code === v.code);
    if (!found) await villages.create(actor, { code: v.code, name: v.name, townshipCode: township.code });
  }
  const project = await projects.create(actor, {
    code: s.project.code,
    name: s.project.name,
    parkName: '定湖村飞地香菇园区',
    phase: '首期',
    townshipCode: township.code,
    hostVillageCode: 'V02',
    operatorName: '园区运营公司',
    startDate: '2024-04-15',
  });
  for (const v of s.villages) await projects.addParticipant(actor, project.id, { villageCode: v.code, joinedOn: '2024-04-15' });
  for (const c of s.contributions) {
    await ctx
      .get(CapitalService)
      .create(actor, project.id, { villageCode: c.village, date: c.date, amount: c.amount, kind: 'cash', fundSource: '财政衔接资金' });
  }
  await ctx.get(ResultsService).create(actor, project.id, {
    year: s.year,
    revenue: s.result.revenue,
    costs: s.result.costs,
    mushroomLogs: 1000000,
    freshKg: '850000',
    driedKg: '42000',
    jobs: 120,
    wagesPaid: '2400000.00',
  });
  await ctx.get(PoliciesService).create(actor, project.id, { effectiveFromYear: 2024, policy: s.policy, memo: '保底分红6%+利润分成' });
  console.log(`已载入演示项目 ${project.code}（id ${project.id}）：${s.villages.length} 个村、出资、${s.year} 年度经营成果和分配方案。`);
  console.log(`试试："GET /api/projects/${project.id}/villages"`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
