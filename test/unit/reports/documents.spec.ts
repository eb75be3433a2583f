import type { DistributionResult } from '../../../src/core/distribution';
import { buildDistributionRun, buildYearClose, buildYearResult, netOf, trialBalance, Voucher } from '../../../src/core/ledger';
import { formatFen } from '../../../src/core/money';
import { checkTable } from '../../../src/platform/documents/cells';
import type { Block, Document, Table } from '../../../src/platform/documents/document';
import { incomeDistributionDocument } from '../../../src/reports/documents/income-distribution.document';
import { beancountAccount, ExportVoucher, toBeancount, toHledger } from '../../../src/reports/documents/journal-export';
import { journalDocument } from '../../../src/reports/documents/journal.document';
import { noticesDocument } from '../../../src/reports/documents/notices.document';
import { publicityDocument } from '../../../src/reports/documents/publicity.document';
import { RunStatementAnswer, runStatementDocument } from '../../../src/reports/documents/run-statement.document';
import { trialBalanceDocument } from '../../../src/reports/documents/trial-balance.document';
import { villageStatementDocument } from '../../../src/reports/documents/village-statement.document';
import { voucherDocument, VoucherAnswer } from '../../../src/reports/documents/voucher.document';
import { capitalRows } from '../../../src/reports/run-documents.service';
import { waterfallLine, waterfallOf } from '../../../src/reports/waterfall';
import { expectedResult } from '../ledger/support';

/** The seed's 2025 run of DH-1 (six villages, 500,000.00 each, 34,500.00 each): the documents' sample data. */
const result = expectedResult('01-seed-dinghu-2025') as unknown as DistributionResult;
const policy = { deductions: [{ code: 'reserve', name: '公积公益金' }] };
const waterfall = waterfallOf(result, policy);
const digest = { sequence: 17, hash: 'ab12cd34ef56'.padEnd(64, '0') };
const print = { printedBy: '张会计', printedAt: '2026-01-16 09:30:00' };
const NAMES = ['程壁村', '定湖村', '东岭村', '西沟村', '南庄村', '北坡村'];

function tables(doc: Document): Table[] {
  return doc.pages.flatMap((p) => p.blocks.flatMap((b: Block) => (b.kind === 'table' ? [b.table] : [])));
}
function table(doc: Document, name: string): Table {
  const t = tables(doc).find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name} in ${tables(doc).map((x) => x.name)}`);
  return t;
}
const sum = (xs: Array<string | null | undefined>) => formatFen(xs.reduce((a, x) => a + (x ? BigInt(x.replace('.', '')) : 0n), 0n));

function statement(redacted?: string): RunStatementAnswer {
  const villages = result.villages.map((v, i) => ({
    code: v.code,
    name: NAMES[i],
    capitalBase: v.capitalBase,
    guaranteed: v.guaranteed,
    shares: v.shares,
    total: v.total,
    yieldPercent: '6.90',
    paid: i === 0 ? '10000.00' : '0.00',
    outstanding: i === 0 ? '24500.00' : v.total,
  }));
  return {
    project: 'DH-1',
    projectName: '韩洪乡定湖村飞地香菇园区（首期）',
    phase: '首期',
    year: 2025,
    runId: 'run-1',
    status: 'posted',
    postingDate: '2026-01-15',
    asOf: '2026-01-16',
    waterfall,
    villages: redacted ? villages.slice(0, 1) : villages,
    payees: [],
    handledBy: {
      preparedBy: '李制单',
      preparedOn: '2026-01-10',
      approvedBy: '王审核',
      approvedOn: '2026-01-12',
      postedBy: '张会计',
      postingDate: '2026-01-15',
    },
    digest,
    ...(redacted && { redacted }),
  };
}

describe('document builders: the models the renderers print', () => {
  it('every table of every document has cells of its columns kinds (the renderers refuse anything else)', () => {
    for (const doc of [runStatementDocument(statement(), print), runStatementDocument(statement('本村视图'), print)]) {
      for (const t of tables(doc)) expect(() => checkTable(t)).not.toThrow();
    }
  });

  describe('分红明细表', () => {
    const doc = runStatementDocument(statement(), print);

    it('is named for the project and year, landscape, with the footer of the spec', () => {
      expect(doc.fileName).toBe('分红明细表-DH-1-2025');
      expect(doc.orientation).toBe('landscape');
      expect(doc.footer).toEqual({
        project: '韩洪乡定湖村飞地香菇园区（首期）（DH-1）',
        asOf: '2026-01-16',
        digest: { sequence: '17', hash: 'ab12cd34ef56' },
        printedBy: '张会计',
        printedAt: '2026-01-16 09:30:00',
      });
    });

    it('prints the waterfall in the rulebook order, each deduction and bucket by name', () => {
      expect(table(doc, '分配过程').rows).toEqual([
        { item: '本年净收益 N', amount: '210000.00' },
        { item: '保底分红 G', amount: '180000.00' },
        { item: '弥补以前年度亏损 R', amount: '0.00' },
        { item: '结余 S', amount: '30000.00' },
        { item: '提取公积公益金', amount: '3000.00' },
        { item: '可分配利润 P', amount: '27000.00' },
        { item: '其中：按出资分成', amount: '27000.00' },
      ]);
    });

    it('has one row per village and totals that are the sums of the rows, column by column', () => {
      const t = table(doc, '各村分红');
      expect(t.columns.map((c) => c.title)).toEqual([
        '村代码',
        '村名',
        '出资基数',
        '保底分红',
        '按出资分成',
        '分红合计',
        '分红率',
        '已付',
        '未付',
      ]);
      expect(t.rows.map((r) => r.name)).toEqual(NAMES);
      for (const key of ['capitalBase', 'guaranteed', 'share:capital', 'total', 'paid', 'outstanding']) {
        expect([key, t.totals![key]]).toEqual([key, sum(t.rows.map((r) => r[key]))]);
      }
      expect(t.totals).toMatchObject({ total: '207000.00', paid: '10000.00', outstanding: '197000.00', guaranteed: '180000.00' });
    });

    it('fills the signature row with who prepared, approved and posted, and when', () => {
      const signatures = doc.pages[0].blocks.find((b) => b.kind === 'signatures');
      expect(signatures).toEqual({
        kind: 'signatures',
        items: [
          { label: '制单（2026-01-10）', name: '李制单' },
          { label: '审核（2026-01-12）', name: '王审核' },
          { label: '记账（2026-01-15）', name: '张会计' },
        ],
      });
    });

    it("a treasurer's statement has their own row, no totals row (it would not be the sum), and says it is cut", () => {
      const cut = runStatementDocument(statement('村报账员视图'), print);
      const t = table(cut, '各村分红');
      expect(t.rows).toHaveLength(1);
      expect(t.totals).toBeUndefined();
      expect(cut.pages[0].blocks).toContainEqual({ kind: 'paragraph', text: '村报账员视图' });
    });
  });

  it('names a top-up, a loss and a deficit carried forward in the waterfall, and writes it in one line', () => {
    const w = {
      ...waterfall,
      operatorTopUp: '5000.00',
      deficit: { broughtForward: '0.00', recovered: '0.00', incurred: '800.00', carriedForward: '800.00' },
    };
    const line = waterfallLine(w);
    expect(line).toContain('运营方补齐 5000.00 元');
    expect(line).toContain('本年亏损 800.00 元结转以后年度弥补');
    expect(waterfallLine(waterfall)).toBe(
      '本年净收益 210000.00 元，保底分红 180000.00 元，结余 30000.00 元，提取公积公益金 3000.00 元，可分配利润 27000.00 元（按出资分成 27000.00 元）。',
    );
  });

  describe('分红通知单', () => {
    const v = result.villages[0];
    const notice = {
      village: { code: 'V01', name: '程壁村' },
      capitalBase: v.capitalBase,
      capital: capitalRows(['2024-04-15 出资 500000.00 × 365/365']),
      guaranteed: v.guaranteed,
      guaranteedFormula: '500000.00 × 365/365 × 6% = 30000.00 → 四舍五入 30000.00',
      shares: [{ code: 'capital', name: '按出资分成', amount: '4500.00', formula: '27000.00 × C / ΣC = 4500.00' }],
      total: '34500.00',
      totalInWords: '人民币叁万肆仟伍佰元整',
      yieldPercent: '6.90',
      owed: '34500.00',
      paid: '0.00',
      outstanding: '34500.00',
      villageVouchers: [
        {
          date: '2026-01-15',
          summary: '应收DH-1项目2025年度分红',
          lines: [
            { account: '112', name: '应收款', debit: '34500.00', credit: '0.00' },
            { account: '502', name: '投资收益', debit: '0.00', credit: '34500.00' },
          ],
        },
      ],
    };
    const answer = {
      project: 'DH-1',
      projectName: '定湖园区',
      year: 2025,
      runId: 'run-1',
      postingDate: '2026-01-15',
      asOf: '2026-01-16',
      digest,
    };

    it('reads the days held from the stored trace, and keeps a line it cannot read as text', () => {
      expect(
        capitalRows(['2024-04-15 出资 500000.00 × 261/366', '2025-10-20 减资 -30000.00 × 73/365', '2024-01-01 出资 100.00', '其他']),
      ).toEqual([
        { date: '2024-04-15', amount: '500000.00', daysHeld: '261', daysInYear: '366', text: '2024-04-15 出资 500000.00 × 261/366' },
        { date: '2025-10-20', amount: '-30000.00', daysHeld: '73', daysInYear: '365', text: '2025-10-20 减资 -30000.00 × 73/365' },
        { date: '2024-01-01', amount: '100.00', daysHeld: null, daysInYear: null, text: '2024-01-01 出资 100.00' },
        { date: '', amount: '0.00', daysHeld: null, daysInYear: null, text: '其他' },
      ]);
    });

    it('is one page per village with the 大写, the formulas and the village-side vouchers; tables named uniquely', () => {
      const doc = noticesDocument({ ...answer, notices: [notice, { ...notice, village: { code: 'V02', name: '定湖村' } }] }, print);
      expect(doc.pages.map((p) => p.subtitle)).toEqual(['程壁村\u30002025 年度', '定湖村\u30002025 年度']);
      expect(doc.fileName).toBe('分红通知单-DH-1-2025');
      const names = tables(doc).map((t) => t.name);
      expect(new Set(names).size).toBe(names.length);
      expect(doc.pages[0].blocks).toContainEqual({
        kind: 'fields',
        items: [
          { label: '分红合计（大写）', value: '人民币叁万肆仟伍佰元整' },
          { label: '已付（截至 2026-01-16）', value: '¥0.00' },
          { label: '未付', value: '¥34,500.00' },
        ],
      });
      const calc = table(doc, 'V01 分红计算');
      expect(calc.rows.map((r) => r.amount)).toEqual(['30000.00', '4500.00']);
      expect(calc.totals!.amount).toBe(sum(calc.rows.map((r) => r.amount)));
      expect(table(doc, 'V01 本村记账凭证').rows.map((r) => r.account)).toEqual(['112 应收款', '502 投资收益']);
      for (const t of tables(doc)) expect(() => checkTable(t)).not.toThrow();
      expect(noticesDocument({ ...answer, notices: [notice] }, print).fileName).toBe('分红通知单-DH-1-2025-程壁村');
    });
  });

  it('公示表: every village, totals that are the sums, the publicity period, and a QR code of the digest', () => {
    const doc = publicityDocument(
      {
        project: 'DH-1',
        projectName: '定湖园区',
        year: 2025,
        runId: 'run-1',
        asOf: '2026-01-16',
        waterfall,
        waterfallLine: waterfallLine(waterfall),
        villages: result.villages.map((v, i) => ({
          code: v.code,
          name: NAMES[i],
          capitalBase: v.capitalBase,
          total: v.total,
          yieldPercent: '6.90',
        })),
        period: { from: '2026-01-16', to: '2026-01-22', days: 7 },
        objections: '向村务监督委员会提出',
        digest,
        qr: `DH-1 #17 ${digest.hash}`,
      },
      print,
    );
    const t = table(doc, '各村分红');
    expect(t.totals).toMatchObject({ name: '合计', capitalBase: '3000000.00', total: '207000.00' });
    const blocks = doc.pages[0].blocks;
    expect(blocks).toContainEqual({ kind: 'qr', text: `DH-1 #17 ${digest.hash}`, caption: '账簿摘要 #17 ab12cd34ef56' });
    expect(blocks).toContainEqual({
      kind: 'fields',
      items: [
        { label: '公示期', value: '2026-01-16 至 2026-01-22（7 天）' },
        { label: '异议受理', value: '向村务监督委员会提出' },
      ],
    });
  });

  describe('记账凭证', () => {
    const voucher: VoucherAnswer = {
      project: 'DH-1',
      projectName: '定湖园区',
      number: '2026-01-0004',
      sequence: 9,
      date: '2026-01-20',
      summary: '冲销: 支付程壁村分红款',
      reversalOf: '2026-01-0003',
      reversedBy: null,
      source: { type: 'payment', id: 'p', fiscalYear: null },
      attachment: '银行回单',
      lines: [
        { account: '211-V01', name: '应付款—程壁村', debit: '0.00', credit: '34500.00', memo: '' },
        { account: '102', name: '银行存款', debit: '34500.00', credit: '0.00', memo: '' },
      ],
      totals: { debit: '34500.00', credit: '34500.00', inWords: '人民币叁万肆仟伍佰元整' },
      signatures: { supervisor: '', bookkeeper: '张会计', approver: '', preparer: '张会计' },
      hash: digest.hash,
      asOf: '2026-01-21',
      digest,
    };

    it('shows each line with code and name, totals in figures and 大写, the signature boxes, and the reversal', () => {
      const doc = voucherDocument(voucher, print);
      expect(doc.fileName).toBe('记账凭证-DH-1-2026-01-0004');
      const page = doc.pages[0];
      expect(page.title).toBe('记账凭证（冲销）');
      expect(page.blocks[0]).toEqual({
        kind: 'fields',
        items: [
          { label: '凭证号', value: '2026-01-0004' },
          { label: '日期', value: '2026-01-20' },
          { label: '附单据', value: '1 张（银行回单）' },
          { label: '冲销', value: '红字冲销：冲销 2026-01-0003' },
        ],
      });
      const t = tables(doc)[0];
      expect(t.rows).toEqual([
        { summary: '冲销: 支付程壁村分红款', account: '211-V01', name: '应付款—程壁村', debit: null, credit: '34500.00' },
        { summary: '冲销: 支付程壁村分红款', account: '102', name: '银行存款', debit: '34500.00', credit: null },
      ]);
      expect(t.totals).toEqual({ summary: '合计', account: null, name: null, debit: '34500.00', credit: '34500.00' });
      expect(page.blocks).toContainEqual({ kind: 'fields', items: [{ label: '合计（大写）', value: '人民币叁万肆仟伍佰元整' }] });
      expect(page.blocks.find((b) => b.kind === 'signatures')).toEqual({
        kind: 'signatures',
        items: [
          { label: '会计主管', name: '' },
          { label: '记账', name: '张会计' },
          { label: '审核', name: '' },
          { label: '制单', name: '张会计' },
        ],
      });
      expect(doc.footer.asOf).toBe('2026-01-21');
    });

    it('an original that was reversed says by which voucher', () => {
      const doc = voucherDocument({ ...voucher, reversalOf: null, reversedBy: '2026-01-0004' }, print);
      expect(doc.pages[0].title).toBe('记账凭证');
      expect(doc.pages[0].blocks[0]).toMatchObject({
        items: expect.arrayContaining([{ label: '冲销', value: '本凭证已由 2026-01-0004 冲销' }]),
      });
    });
  });

  describe('the books of the seed year, as journal, trial balance and export', () => {
    const vouchers: Voucher[] = [
      ...buildYearResult({ year: 2025, date: '2025-12-31', revenue: 186000000n, costs: 165000000n }),
      ...buildYearClose({ year: 2025, date: '2025-12-31', revenue: 186000000n, costs: 165000000n }),
      ...buildDistributionRun(result as never, { date: '2026-01-15' }),
    ];
    const exported: ExportVoucher[] = vouchers.map((v, i) => ({
      number: `${v.date.slice(0, 7)}-${String(i + 1).padStart(4, '0')}`,
      date: v.date,
      summary: v.summary,
      reversalOf: null,
      lines: v.lines.map((l) => ({ account: l.account, debit: formatFen(l.debit), credit: formatFen(l.credit), memo: l.memo ?? '' })),
    }));
    const x = {
      project: { code: 'DH-1', name: '定湖园区' },
      asOf: '2026-01-16',
      digest,
      vouchers: exported,
      accountName: (a: string) => `名称${a}`,
    };
    const tb = trialBalance(
      vouchers.flatMap((v) => v.lines.map((l) => ({ ...l, date: v.date }))),
      '2026-12-31',
    );

    /** An independent reading of the hledger text: every posting line's account and amount, summed per account. */
    function hledgerBalances(text: string): Map<string, bigint> {
      const out = new Map<string, bigint>();
      for (const line of text.split('\n')) {
        const m = /^ {4}(\S+)\s+CNY\s+(-?)(\d+)\.(\d\d)/.exec(line);
        if (!m) continue;
        const fen = BigInt(m[3]) * 100n + BigInt(m[4]);
        out.set(m[1], (out.get(m[1]) ?? 0n) + (m[2] ? -fen : fen));
      }
      return out;
    }

    it('hledger text sums, account by account, to the trial balance (parents = the sum of their sub-accounts)', () => {
      const text = toHledger(x);
      expect(text).toContain('account 211-V01  ; 名称211-V01');
      expect(text).toContain('2025-12-31 * (2025-12-0001) 2025年度经营收入');
      const balances = hledgerBalances(text);
      for (const row of tb.rows) {
        let net = 0n;
        for (const [account, amount] of balances) if (account === row.account || account.startsWith(`${row.account}-`)) net += amount;
        expect([row.account, net]).toEqual([row.account, netOf(row.closing)]);
      }
      expect([...balances.values()].reduce((a, b) => a + b, 0n)).toBe(0n);
    });

    it('beancount opens each account under its type on first use, with its name, and balances each transaction', () => {
      const text = toBeancount(x);
      expect(beancountAccount('211-V01')).toBe('Liabilities:211-V01');
      expect(beancountAccount('322-01-DED-reserve')).toBe('Equity:322-01-DED-reserve');
      expect(beancountAccount('511')).toBe('Expenses:511');
      expect(text).toContain('2025-12-31 open Assets:102 CNY\n  name: "名称102"');
      expect(text).toContain('option "operating_currency" "CNY"');
      for (const txn of text.split('\n\n').filter((b) => /^\d{4}-\d{2}-\d{2} \*/.test(b))) {
        const amounts = [...txn.matchAll(/ (-?\d+)\.(\d\d) CNY/g)].map((m) => BigInt(m[1] + m[2]));
        expect(amounts.reduce((a, b) => a + b, 0n)).toBe(0n);
      }
    });

    it('凭证列表: one row per line, totals the sums of the lines', () => {
      const doc = journalDocument(
        {
          project: 'DH-1',
          projectName: '定湖园区',
          filter: { from: '2025-01-01' },
          asOf: '2026-01-16',
          items: exported.map((v) => ({ ...v, lines: v.lines.map((l) => ({ ...l, name: `名称${l.account}` })) })),
          digest,
        },
        print,
      );
      const t = tables(doc)[0];
      expect(t.rows).toHaveLength(exported.reduce((n, v) => n + v.lines.length, 0));
      expect(t.totals).toMatchObject({ number: '合计', debit: sum(t.rows.map((r) => r.debit)), credit: sum(t.rows.map((r) => r.credit)) });
      expect(t.totals!.debit).toBe(t.totals!.credit);
      expect(doc.fileName).toBe('凭证列表-DH-1-2025-01-01-2026-01-16');
      expect(() => checkTable(t)).not.toThrow();
    });

    it('科目余额表: a balance sits in the column of its side; the totals row is the books’ and balances', () => {
      const bal = (b: { side: string; amount: bigint }) => ({ side: b.side, amount: formatFen(b.amount) });
      const doc = trialBalanceDocument(
        {
          project: 'DH-1',
          projectName: '定湖园区',
          periodStart: tb.periodStart,
          asOf: tb.asOf,
          rows: tb.rows.map((r) => ({
            ...r,
            opening: bal(r.opening),
            closing: bal(r.closing),
            debit: formatFen(r.debit),
            credit: formatFen(r.credit),
          })),
          totals: Object.fromEntries(Object.entries(tb.totals).map(([k, v]) => [k, formatFen(v)])) as never,
          balanced: true,
          digest,
        },
        print,
      );
      const t = tables(doc)[0];
      expect(t.rows.find((r) => r.account === '211-V01')).toMatchObject({
        name: '\u3000应付款—V01',
        closingCredit: '34500.00',
        closingDebit: null,
      });
      expect(t.totals).toMatchObject({ account: '合计', name: '借贷平衡' });
      expect(t.totals!.closingDebit).toBe(t.totals!.closingCredit);
      expect(t.totals!.closingDebit).toBe(sum(t.rows.filter((r) => !r.account!.includes('-')).map((r) => r.closingDebit)));
      expect(() => checkTable(t)).not.toThrow();
    });
  });

  it('收益及收益分配表 prints its lines numbered, and the per-log figures when the year counts the logs', () => {
    const doc = incomeDistributionDocument(
      {
        project: 'DH-1',
        projectName: '定湖园区',
        year: 2025,
        runId: 'run-1',
        lines: [
          { line: 1, item: '一、经营收入', amount: '1860000.00' },
          { line: 2, item: '减：经营支出', amount: '1650000.00' },
        ],
        perLog: { mushroomLogs: '1000000', revenue: '1.86', netProfit: '0.21' },
        asOf: '2026-01-16',
        digest,
      },
      print,
    );
    expect(tables(doc)[0].rows).toEqual([
      { item: '一、经营收入', line: '1', amount: '1860000.00' },
      { item: '减：经营支出', line: '2', amount: '1650000.00' },
    ]);
    expect(doc.pages[0].blocks).toContainEqual({
      kind: 'fields',
      items: [
        { label: '菌棒数', value: '1000000' },
        { label: '每菌棒经营收入', value: '¥1.86' },
        { label: '每菌棒本年收益', value: '¥0.21' },
      ],
    });
    expect(doc.fileName).toBe('收益及收益分配表-DH-1-2025');
  });

  it('村对账单: a reversed payment is listed with its reversal and left out of the total paid', () => {
    const doc = villageStatementDocument(
      {
        village: { id: 'v', code: 'V01', name: '程壁村' },
        asOf: '2026-02-01',
        dividends: [
          {
            project: 'DH-1',
            year: 2025,
            capitalBase: '500000.00',
            total: '34500.00',
            yieldPercent: '6.90',
            owed: '34500.00',
            paid: '10000.00',
            outstanding: '24500.00',
          },
        ],
        payments: [
          {
            project: 'DH-1',
            date: '2026-01-20',
            voucher: '2026-01-0010',
            bankReference: 'B-1',
            amount: '5000.00',
            reversalVoucher: '2026-01-0011',
            reversalDate: '2026-01-21',
          },
          {
            project: 'DH-1',
            date: '2026-01-22',
            voucher: '2026-01-0012',
            bankReference: 'B-2',
            amount: '10000.00',
            reversalVoucher: null,
            reversalDate: null,
          },
        ],
        villageVouchers: [],
        digests: [{ project: 'DH-1', ...digest }],
      },
      print,
    );
    const payments = table(doc, '收款记录');
    expect(payments.rows.map((r) => r.status)).toEqual(['已冲销（2026-01-0011，2026-01-21）', '有效']);
    expect(payments.totals).toMatchObject({ project: '有效合计', amount: '10000.00' });
    expect(table(doc, '应收分红').totals).toMatchObject({ total: '34500.00', paid: '10000.00', outstanding: '24500.00' });
    expect(doc.footer.project).toBe('程壁村：DH-1');
    for (const t of tables(doc)) expect(() => checkTable(t)).not.toThrow();
  });
});
