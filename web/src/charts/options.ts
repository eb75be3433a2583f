/**
 * The chart options, without animation (a screenshot or a print shows the final picture). Amounts come as decimal
 * strings; a chart's bar height is the one place they become numbers
 * (a picture, not a figure anyone copies), while every label and tooltip shows the exact string.
 */
import { fen, money } from '../format';

const height = (amount: string) => Number(fen(amount)) / 100;

export interface WaterfallStep {
  name: string;
  /** The step's amount: positive adds, negative takes away; `total` steps are drawn from zero. */
  amount: string;
  total?: boolean;
}

/** A waterfall: invisible base bars carry each step to where the previous one ended. */
export function waterfallOption(steps: WaterfallStep[]) {
  let running = 0n;
  const base: number[] = [];
  const bars: Array<{ value: number; itemStyle: { color: string }; label: string }> = [];
  for (const s of steps) {
    const a = fen(s.amount);
    if (s.total) {
      base.push(0);
      running = a;
      bars.push({ value: Number(a) / 100, itemStyle: { color: '#409eff' }, label: money(s.amount) });
      continue;
    }
    const next = running + a;
    const low = a < 0n ? next : running;
    base.push(Number(low) / 100);
    bars.push({ value: Number(a < 0n ? -a : a) / 100, itemStyle: { color: a < 0n ? '#f56c6c' : '#67c23a' }, label: money(s.amount) });
    running = next;
  }
  return {
    animation: false,
    tooltip: {
      trigger: 'axis',
      formatter: (p: Array<{ dataIndex: number }>) => `${steps[p[0].dataIndex].name}：${bars[p[0].dataIndex].label}`,
    },
    grid: { left: 90, right: 20, top: 20, bottom: 40 },
    xAxis: { type: 'category', data: steps.map((s) => s.name) },
    yAxis: { type: 'value' },
    series: [
      { type: 'bar', stack: 'w', data: base, itemStyle: { color: 'transparent' }, emphasis: { disabled: true } },
      {
        type: 'bar',
        stack: 'w',
        data: bars,
        label: { show: true, position: 'top', formatter: (p: { dataIndex: number }) => bars[p.dataIndex].label },
      },
    ],
  };
}

/** Each village's total as a stacked bar: guaranteed, then the profit share. */
export function villageBarsOption(villages: Array<{ name: string; guaranteed: string; total: string }>) {
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['保底分红', '利润分成'] },
    grid: { left: 90, right: 20, top: 40, bottom: 60 },
    xAxis: { type: 'category', data: villages.map((v) => v.name), axisLabel: { interval: 0, rotate: villages.length > 8 ? 40 : 0 } },
    yAxis: { type: 'value' },
    series: [
      { name: '保底分红', type: 'bar', stack: 't', data: villages.map((v) => height(v.guaranteed)), color: '#409eff' },
      {
        name: '利润分成',
        type: 'bar',
        stack: 't',
        data: villages.map((v) => Number(fen(v.total) - fen(v.guaranteed)) / 100),
        color: '#e6a23c',
      },
    ],
  };
}

/** Owed against paid, per village. */
export function owedPaidOption(rows: Array<{ name: string; owed: string; paid: string }>) {
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['应付', '已付'] },
    grid: { left: 90, right: 20, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: rows.map((r) => r.name) },
    yAxis: { type: 'value' },
    series: [
      { name: '应付', type: 'bar', data: rows.map((r) => height(r.owed)), color: '#909399' },
      { name: '已付', type: 'bar', data: rows.map((r) => height(r.paid)), color: '#67c23a' },
    ],
  };
}

/** Running capital per village over time (a step line per village). */
export function capitalOption(events: Array<{ village: string; date: string; amount: string }>) {
  const dates = [...new Set(events.map((e) => e.date))].sort();
  const villages = [...new Set(events.map((e) => e.village))].sort();
  const series = villages.map((v) => {
    let running = 0n;
    const data = dates.map((d) => {
      for (const e of events) if (e.village === v && e.date === d) running += fen(e.amount);
      return Number(running) / 100;
    });
    return { name: v, type: 'line', step: 'end', data };
  });
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: villages, type: 'scroll' },
    grid: { left: 90, right: 20, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: dates },
    yAxis: { type: 'value' },
    series,
  };
}
