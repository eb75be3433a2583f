import { amountInWords } from '../../core/amount-in-words';
import { parseMoney } from '../../core/money';
import type { Block, Document, Page } from '../../platform/documents/document';
import { Digest, digestLine, fileSafe, footerOf, Printing, yuan } from './common';
import { decimalProduct, decimalSum } from '../../core/ratios';
import { VILLAGE_RUN_STATUS, VillageRunStatementAnswer } from './village-run-statement.document';

/** One household's slip: its units by kind with each kind's weight, the formula, the amount (and in words), paid, outstanding. */
export interface HouseholdSlip {
  code: string;
  headName: string;
  /** Each kind the household holds: its units, the kind's weight and their product (exact, up to twelve decimals). */
  units: Array<{ kind: string; name: string; units: string; weight: string; weighted: string }>;
  /** The household's weight: the sum of its units × the kinds' weights, as the run computed it. */
  weight: string;
  /** 户折算股数 ÷ 全村折算股数 × 成员分红总额 = 分红金额, in figures. */
  formula: string;
  /** The engine's trace of the household's amount (largest remainder to the fen). */
  trace: string;
  amount: string;
  amountInWords: string;
  paid: string;
  outstanding: string;
}

/** The slips of a run as VillageRunDocumentsService.slips answers them. */
export interface HouseholdSlipsAnswer {
  runId: string;
  villageCode: string;
  villageName: string;
  year: number;
  status: string;
  postingDate: string | null;
  /** Paid and outstanding as of this date (the day the slips are read). */
  asOf: string;
  /** What the run shares among the households, and the village's total weight it is shared by. */
  shared: string;
  totalWeight: string;
  slips: HouseholdSlip[];
  /** The village book's head when read. */
  digest: Digest;
}

/**
 * The slips of a run's statement as of `asOf`: every household's, or only the one whose code is `household` (none
 * when the run has no such household). The village's total weight is every household's, whichever are printed.
 */
export function householdSlipsOf(s: VillageRunStatementAnswer, asOf: string, household?: string): HouseholdSlipsAnswer {
  const totalWeight = decimalSum(s.households.map((h) => h.weight));
  const lines = household === undefined ? s.households : s.households.filter((h) => h.code === household);
  return {
    runId: s.id,
    villageCode: s.villageCode,
    villageName: s.villageName,
    year: s.year,
    status: s.status,
    postingDate: s.postingDate,
    asOf,
    shared: s.shared,
    totalWeight,
    slips: lines.map((h) => ({
      code: h.code,
      headName: h.headName,
      units: s.kinds
        .filter((k) => h.units[k.code] !== undefined)
        .map((k) => ({
          kind: k.code,
          name: k.name,
          units: h.units[k.code],
          weight: k.weight,
          weighted: decimalProduct(h.units[k.code], k.weight),
        })),
      weight: h.weight,
      formula: `${h.weight} ÷ ${totalWeight} × ${s.shared} = ${h.amount}（最大余数法精确到分）`,
      trace: h.trace,
      amount: h.amount,
      amountInWords: amountInWords(parseMoney(h.amount, 'amount')),
      paid: h.paid,
      outstanding: h.outstanding,
    })),
    digest: s.digest,
  };
}

/** 户分红单: one page per household, the page the household keeps (its 分红单). */
export function householdSlipPage(h: HouseholdSlip, a: HouseholdSlipsAnswer): Page {
  const status = VILLAGE_RUN_STATUS[a.status] ?? a.status;
  const blocks: Block[] = [
    {
      kind: 'fields',
      items: [
        { label: '村', value: `${a.villageName}（${a.villageCode}）` },
        { label: '年度', value: String(a.year) },
        { label: '户编码', value: h.code },
        { label: '户主', value: h.headName },
      ],
    },
    {
      kind: 'table',
      table: {
        name: `${h.code} 持股及折算`,
        columns: [
          { key: 'name', title: '股种', kind: 'text', width: 1.4 },
          { key: 'units', title: '股数', kind: 'text' },
          { key: 'weight', title: '每股权重', kind: 'text' },
          { key: 'weighted', title: '折算股数', kind: 'text', width: 1.2 },
        ],
        rows: h.units.map((u) => ({ name: `${u.name}（${u.kind}）`, units: u.units, weight: u.weight, weighted: u.weighted })),
        totals: { name: '本户折算股数', units: null, weight: null, weighted: h.weight },
      },
    },
    {
      kind: 'fields',
      items: [
        { label: '成员分红总额', value: yuan(a.shared) },
        { label: '全村折算股数', value: a.totalWeight },
        { label: '计算', value: h.formula },
      ],
    },
    ...(h.trace ? [{ kind: 'paragraph' as const, text: `计算过程：${h.trace}` }] : []),
    {
      kind: 'fields',
      items: [
        { label: '分红金额', value: yuan(h.amount) },
        { label: '分红金额（大写）', value: h.amountInWords },
        { label: `已付（截至 ${a.asOf}）`, value: yuan(h.paid) },
        { label: '未付', value: yuan(h.outstanding) },
      ],
    },
    {
      kind: 'paragraph',
      text: `${digestLine(a.digest)}（本村账簿）；成员分红计算 ${a.runId}，${status}${a.postingDate ? `，${a.postingDate} 入账` : '，尚未入账'}。`,
    },
    {
      kind: 'signatures',
      items: [
        { label: '经办（村报账员）', name: '' },
        { label: '户主签收', name: '' },
        { label: '日期', name: '' },
      ],
    },
  ];
  return { title: '户分红单', subtitle: `${a.villageName}\u3000${a.year} 年度\u3000${status}`, blocks };
}

/** Every household's slip, in the run's order, one page each; named for the household when there is one. */
export function householdSlipsDocument(a: HouseholdSlipsAnswer, print: Printing): Document {
  const one = a.slips.length === 1 ? `-${fileSafe(a.slips[0].code)}` : '';
  return {
    fileName: `户分红单-${fileSafe(a.villageCode)}-${a.year}${one}`,
    title: '户分红单',
    pages: a.slips.map((h) => householdSlipPage(h, a)),
    footer: footerOf({ code: a.villageCode, name: a.villageName }, a.asOf, a.digest, print, '村'),
  };
}
