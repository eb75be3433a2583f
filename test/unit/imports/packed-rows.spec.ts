import { ImportRow, ImportRows } from '../../../src/core/imports/read';
import { RowPacker, unpackRows } from '../../../src/imports/packed-rows';

const headers = {
  project: '项目编码',
  village: '村编码',
  date: '日期',
  amount: '金额',
  kind: '方式',
  source: '资金来源',
  reference: '凭据号',
  memo: '备注',
};
const capital = (row: number, amount: string, reference: string | null): ImportRow => ({
  sheet: '出资',
  row,
  values: { project: 'QXS-1', village: 'QXS', date: '2019-05-01', amount, kind: 'cash', source: null, reference, memo: null },
  headers,
});

describe('rows packed for the way from the worker', () => {
  it('come back as they went, each distinct value once', () => {
    const packer = new RowPacker();
    const rows = [capital(2, '500000.00', 'R-1'), capital(3, '500000.00', null), capital(5, '-0.25', 'R-1')];
    for (const r of rows) packer.add('capital', r);
    packer.add('results', {
      sheet: '经营成果',
      row: 2,
      values: {
        project: 'QXS-1',
        year: 2025,
        revenue: '2650000.00',
        costs: '2000000.00',
        logs: null,
        freshKg: null,
        driedKg: null,
        jobs: 85,
        wages: null,
      },
      headers: { project: '项目编码' },
    });
    const packed = packer.packed();
    expect(packed.values).toEqual([
      'QXS-1',
      'QXS',
      '2019-05-01',
      '500000.00',
      'cash',
      'R-1',
      '-0.25',
      2025,
      '2650000.00',
      '2000000.00',
      85,
    ]);
    const back: ImportRows = unpackRows(structuredClone(packed));
    expect(back.capital).toEqual(rows);
    expect(back.results.map((r) => [r.row, r.values.year, r.values.jobs, r.values.logs])).toEqual([[2, 2025, 85, null]]);
    expect(back.villages).toEqual([]);
    // One headers object for the sheet's rows.
    expect(back.capital[0].headers).toBe(back.capital[2].headers);
  });

  it('forgets the rows of a file found unreadable half-way', () => {
    const packer = new RowPacker();
    packer.add('capital', capital(2, '1.00', null));
    const mark = packer.mark();
    packer.add('capital', capital(3, '2.00', null));
    packer.add('villages', {
      sheet: '村',
      row: 2,
      values: { code: 'QXS', name: '前兴稍村', township: null, creditCode: null },
      headers: {},
    });
    packer.undo(mark);
    const back = unpackRows(packer.packed());
    expect(back.capital.map((r) => [r.row, r.values.amount])).toEqual([[2, '1.00']]);
    expect(back.villages).toEqual([]);
  });
});
