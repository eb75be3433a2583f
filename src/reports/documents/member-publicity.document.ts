import { maskName } from '../../core/households/masking';
import type { Document } from '../../platform/documents/document';
import { Digest, digestLine, fileSafe, footerOf, Printing, sumOf, totalsOf, yuan } from './common';
import { decimalSum } from '../../core/ratios';
import { unitCells, unitColumns, VILLAGE_RUN_STATUS, VillageRunStatementAnswer } from './village-run-statement.document';

/** How long the member notice stays on the board (as the project's 公示表), and where an objection goes. */
export const MEMBER_PUBLICITY_DAYS = 7;
const OBJECTIONS = '对公示内容有异议的，请在公示期内向本村村务监督委员会或村股份经济合作社书面提出';

/** A date `days - 1` days after `from` (both YYYY-MM-DD): the last day of a period that starts on `from`. */
function lastDay(from: string, days: number): string {
  const d = new Date(`${from}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * 成员分红公示表 as VillageRunDocumentsService.publicity answers it: the households by code with the head's name
 * masked (弓*东), never an account number, an identity number or a full name.
 */
export interface MemberPublicityAnswer {
  runId: string;
  villageCode: string;
  villageName: string;
  year: number;
  status: string;
  asOf: string;
  income: { projects: Array<{ code: string; name: string; amount: string }>; other: string; total: string };
  keeps: Array<{ code: string; name: string; amount: string }>;
  kept: string;
  shared: string;
  kinds: Array<{ code: string; name: string; weight: string }>;
  households: Array<{ code: string; maskedName: string; units: Record<string, string>; weight: string; amount: string }>;
  /** The register's units by kind and the weights summed exactly, and the amounts' sum (which is `shared`). */
  totals: { units: Record<string, string>; weight: string; amount: string };
  period: { from: string; to: string; days: number };
  objections: string;
  digest: Digest;
  /** What the QR code holds: the village, the village book's sequence and its full hash. */
  qr: string;
}

/**
 * The notice of a run's statement, its publicity period starting on `from` (the day it is printed): the head's name
 * masked (core/households/masking.ts), and nothing of a household but its code, units, weight and amount.
 */
export function memberPublicityOf(s: VillageRunStatementAnswer, from: string): MemberPublicityAnswer {
  const households = s.households.map((h) => ({
    code: h.code,
    maskedName: maskName(h.headName),
    units: { ...h.units },
    weight: h.weight,
    amount: h.amount,
  }));
  const units = Object.fromEntries(
    s.kinds.map((k) => [k.code, decimalSum(s.households.flatMap((h) => (h.units[k.code] === undefined ? [] : [h.units[k.code]])))]),
  );
  return {
    runId: s.id,
    villageCode: s.villageCode,
    villageName: s.villageName,
    year: s.year,
    status: s.status,
    asOf: from,
    income: { projects: s.income.projects.map((p) => ({ ...p })), other: s.income.other, total: s.income.total },
    keeps: s.keeps.map((k) => ({ ...k })),
    kept: s.kept,
    shared: s.shared,
    kinds: s.kinds.map((k) => ({ ...k })),
    households,
    totals: { units, weight: decimalSum(s.households.map((h) => h.weight)), amount: sumOf(s.households.map((h) => h.amount)) },
    period: { from, to: lastDay(from, MEMBER_PUBLICITY_DAYS), days: MEMBER_PUBLICITY_DAYS },
    objections: OBJECTIONS,
    digest: s.digest,
    qr: `${s.villageCode} ${s.year} #${s.digest.sequence} ${s.digest.hash}`,
  };
}

/** The income, keeps and shared amount in one line, as posted on the board. */
export function memberPublicityLine(p: MemberPublicityAnswer): string {
  const projects = p.income.projects.map((x) => `${x.name} ${yuan(x.amount)}`);
  const other = p.income.other !== '0.00' ? [`其他收入 ${yuan(p.income.other)}`] : [];
  const keeps = p.keeps.map((k) => `提取${k.name} ${yuan(k.amount)}`);
  const parts = [
    `${p.year} 年度本村收入 ${yuan(p.income.total)}${projects.length + other.length ? `（${[...projects, ...other].join('，')}）` : ''}`,
    ...keeps,
    `可分配给成员 ${yuan(p.shared)}`,
  ];
  return parts.join('，') + '。';
}

/** 成员分红公示表 for the village's notice board: masked names, units, weights, amounts, totals, the keeps and a QR code. */
export function memberPublicityDocument(p: MemberPublicityAnswer, print: Printing): Document {
  const village = { code: p.villageCode, name: p.villageName };
  const rows = p.households.map((h) => ({
    code: h.code,
    name: h.maskedName,
    ...unitCells(p.kinds, h.units),
    weight: h.weight,
    amount: h.amount,
  }));
  const totals = { ...totalsOf(rows, ['amount'], 'code'), name: null, ...unitCells(p.kinds, p.totals.units), weight: p.totals.weight };
  return {
    fileName: `成员分红公示表-${fileSafe(p.villageCode)}-${p.year}`,
    title: '成员分红公示表',
    pages: [
      {
        title: `${p.year} 年度成员分红公示表`,
        subtitle: `${p.villageName}（${p.villageCode}）\u3000${VILLAGE_RUN_STATUS[p.status] ?? p.status}`,
        blocks: [
          { kind: 'paragraph', text: memberPublicityLine(p) },
          {
            kind: 'table',
            table: {
              name: '提取',
              columns: [
                { key: 'name', title: '项目', kind: 'text', width: 2 },
                { key: 'amount', title: '金额', kind: 'money', width: 1.5 },
              ],
              rows: p.keeps.map((k) => ({ name: `提取${k.name}`, amount: k.amount })),
              totals: { name: '提取合计', amount: p.kept },
            },
          },
          {
            kind: 'table',
            table: {
              name: '股种及权重',
              columns: [
                { key: 'name', title: '股种', kind: 'text', width: 1.5 },
                { key: 'weight', title: '每股权重', kind: 'text' },
              ],
              rows: p.kinds.map((k) => ({ name: `${k.name}（${k.code}）`, weight: k.weight })),
            },
          },
          {
            kind: 'table',
            table: {
              name: '各户分红',
              columns: [
                { key: 'code', title: '户编码', kind: 'text', width: 1.1 },
                { key: 'name', title: '户主', kind: 'text', width: 0.9 },
                ...unitColumns(p.kinds),
                { key: 'weight', title: '折算股数', kind: 'text', width: 1 },
                { key: 'amount', title: '分红金额', kind: 'money', width: 1.2 },
              ],
              rows,
              totals,
            },
          },
          {
            kind: 'fields',
            items: [
              { label: '公示期', value: `${p.period.from} 至 ${p.period.to}（${p.period.days} 天）` },
              { label: '异议受理', value: p.objections },
            ],
          },
          { kind: 'paragraph', text: `${digestLine(p.digest)}（本村账簿）。扫描二维码可核对账簿摘要。` },
          { kind: 'qr', text: p.qr, caption: `账簿摘要 #${p.digest.sequence} ${p.digest.hash.slice(0, 12)}` },
        ],
      },
    ],
    footer: footerOf(village, p.asOf, p.digest, print, '村'),
  };
}
