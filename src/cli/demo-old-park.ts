import ExcelJS from 'exceljs';
import { INestApplicationContext } from '@nestjs/common';
import { ImportsService } from '../imports/imports.service';
import { templateWorkbook } from '../imports/template';
import { OpeningBalancesService } from '../opening-balances/opening-balances.service';
import { systemActor } from '../platform/context/actor';
import { ProjectsService } from '../projects/projects.service';

/**
 * The demo's second project, the older one (issue 12): the seed's park at 前兴稍村 (郭道镇), "由8个乡镇、48个行政村
 * 共同注资打造的食用菌产业示范园", brought in through the import as an accountant would: the template workbook filled
 * with its 8 townships, 48 villages (6 a township; the seed names only 前兴稍村, the others are numbered), its capital
 * history since 2019 and its opening balance on 2024-12-31; then the opening balance approved and posted by a second
 * user. Idempotent: the same workbook imports nothing new, and a posted opening balance is left as it is.
 */
export const OLD_PARK_CODE = 'QXS-1';
const CUTOVER = '2024-12-31';
/** 沁源县's townships: 郭道镇 hosts the park. */
const TOWNSHIPS = [
  ['GUODAO', '沁源县郭道镇'],
  ['QINHE', '沁源县沁河镇'],
  ['LINGKONGSHAN', '沁源县灵空山镇'],
  ['WANGHE', '沁源县王和镇'],
  ['LIYUAN', '沁源县李元镇'],
  ['ZHONGYU', '沁源县中峪乡'],
  ['FAZHONG', '沁源县法中乡'],
  ['JIAOKOU', '沁源县交口乡'],
];
/** Each village put in 300,000.00 in cash on 2019-05-01; the first of each township 100,000.00 in kind (大棚) on 2021-04-15. */
const CASH = 30_000_000n;
const ASSET = 10_000_000n;
const RESERVE = 12_000_000n;

const yuan = (fen: bigint) => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;

function villages(): Array<{ code: string; name: string; township: string; asset: boolean }> {
  return TOWNSHIPS.flatMap(([township, name], t) =>
    Array.from({ length: 6 }, (_, k) => ({
      code: t === 0 && k === 0 ? 'QXS' : `QX-${String(t * 6 + k + 1).padStart(2, '0')}`,
      name: t === 0 && k === 0 ? '前兴稍村股份经济合作社' : `${name.replace('沁源县', '')}第${k + 1}村股份经济合作社`,
      township,
      asset: k === 0,
    })),
  );
}

/** The template (src/imports/template.ts) with its example rows replaced by the park's records. */
async function filledTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await templateWorkbook()) as unknown as ArrayBuffer);
  const fill = (sheet: string, rows: Array<Array<string | number>>) => {
    const ws = wb.getWorksheet(sheet)!;
    ws.spliceRows(2, 1);
    for (const r of rows) ws.addRow(r);
  };
  const vs = villages();
  fill('乡镇', TOWNSHIPS);
  fill(
    '村',
    vs.map((v) => [v.code, v.name, v.township]),
  );
  fill('项目', [
    [OLD_PARK_CODE, '郭道镇前兴稍村食用菌产业示范园', '前兴稍村食用菌产业示范园', '一期', 'QXS', '沁源县某食用菌公司', '2019-05-01'],
  ]);
  fill(
    '参与村',
    vs.map((v) => [OLD_PARK_CODE, v.code]),
  );
  fill('出资', [
    ...vs.map((v, i) => [OLD_PARK_CODE, v.code, '2019-05-01', yuan(CASH), '现金', '财政衔接资金', `沁财农〔2019〕${i + 1}号`, '首期出资']),
    ...vs
      .filter((v) => v.asset)
      .map((v, i) => [OLD_PARK_CODE, v.code, '2021-04-15', yuan(ASSET), '实物', '村集体', `大棚移交-${i + 1}`, '出菇大棚']),
  ]);
  fill('经营成果', []);
  const assets = ASSET * BigInt(vs.filter((v) => v.asset).length);
  const capital = CASH * BigInt(vs.length) + assets;
  fill('期初余额', [
    [OLD_PARK_CODE, CUTOVER, '102', yuan(capital + RESERVE - assets), ''],
    [OLD_PARK_CODE, CUTOVER, '151', yuan(assets), ''],
    [OLD_PARK_CODE, CUTOVER, '311', '', yuan(RESERVE)],
    ...vs.map((v) => [OLD_PARK_CODE, CUTOVER, `301-${v.code}`, '', yuan(CASH + (v.asset ? ASSET : 0n))]),
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Imports the park and posts its opening balance: prepared by `npm run demo`, approved and posted by a second user. */
export async function loadOldPark(ctx: INestApplicationContext): Promise<void> {
  const preparer = systemActor('npm run demo');
  const checker = systemActor('npm run demo（复核）');
  const report = await ctx
    .get(ImportsService)
    .import(preparer, [{ originalname: '前兴稍村示范园.xlsx', buffer: await filledTemplate() }], false);
  const created = Object.values(report.sheets).reduce((n, c) => n + c.created, 0);
  const project = await ctx.get(ProjectsService).byCode(OLD_PARK_CODE);
  const openings = ctx.get(OpeningBalancesService);
  let doc: { id: string; status: string } = (await openings.list(preparer, project.id)).find((d) => d.status !== 'reversed')!;
  if (doc.status === 'draft') doc = await openings.approve(checker, project.id, doc.id);
  if (doc.status === 'approved') doc = await openings.post(checker, project.id, doc.id);
  console.log(
    created === 0
      ? `老项目 ${OLD_PARK_CODE} 已经导入（id ${project.id}），没有重复导入。`
      : `已通过导入载入老项目 ${OLD_PARK_CODE}（id ${project.id}）：8 个乡镇、48 个村、2019 年以来的出资历史和 ${CUTOVER} 的期初余额（文件 SHA-256 ${report.sha256.slice(0, 12)}…）。`,
  );
  console.log(
    `期初余额${doc.status === 'posted' ? '已由另一位用户审核并入账' : `状态：${doc.status}`}；试试："GET /api/projects/${project.id}/opening-balances"`,
  );
}
