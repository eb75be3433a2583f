import { flushPromises as flush, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import YearResultForm from '../src/components/YearResultForm.vue';

/** Correcting a year's result: the service's rules checked in the form, only what changed sent, a cleared figure as null. */
async function flushPromises() {
  for (let i = 0; i < 3; i++) {
    await flush();
    await new Promise((r) => setTimeout(r, 60));
    await nextTick();
  }
}
const input = (w: ReturnType<typeof mount>, name: string) => w.find(`input[data-test=result-${name}]`);
const messages = (w: ReturnType<typeof mount>) => w.findAll('.el-form-item__error').map((e) => e.text());
const submit = (w: ReturnType<typeof mount>) => (w.vm as unknown as { submit(): Promise<void> }).submit();

const initial = {
  year: 2025,
  revenue: '1860000.00',
  costs: '1650000.00',
  mushroomLogs: '300000',
  freshKg: '412000.5',
  driedKg: null,
  jobs: 85,
  wagesPaid: '960000.00',
  memo: null,
};

describe('correcting a year result', () => {
  it('refuses an empty revenue, a negative or three-decimal amount, a fractional count and bad kilograms', async () => {
    const w = mount(YearResultForm, { props: { initial } });
    await input(w, 'revenue').setValue('  ');
    await input(w, 'costs').setValue('-5');
    await input(w, 'mushroomLogs').setValue('12.5');
    await input(w, 'freshKg').setValue('1.2345');
    await input(w, 'jobs').setValue('2147483648');
    await input(w, 'wagesPaid').setValue('100.001');
    await submit(w);
    await flushPromises();
    expect(messages(w)).toEqual([
      '请填写金额',
      '须为不小于 0 的金额，最多两位小数，如 1860000.00',
      '菌棒数须为 0 到 9007199254740991 的整数',
      '须为公斤数，不小于 0，最多三位小数，如 12500.5',
      '务工人数须为 0 到 2147483647 的整数',
      '须为不小于 0 的金额，最多两位小数，如 1860000.00',
    ]);
    expect(w.emitted('submit')).toBeUndefined();
  });

  it('sends only the changed fields, a cleared one as null, counts as numbers', async () => {
    const w = mount(YearResultForm, { props: { initial } });
    await input(w, 'revenue').setValue('1860000'); // the same amount written differently: unchanged
    await input(w, 'costs').setValue(' 1700000.5 ');
    await input(w, 'freshKg').setValue('412000.500'); // the same kilograms
    await input(w, 'wagesPaid').setValue('');
    await input(w, 'jobs').setValue('90');
    await input(w, 'memo').setValue('按审计调整');
    await submit(w);
    await flushPromises();
    expect(messages(w)).toEqual([]);
    expect(w.emitted('submit')).toEqual([[{ costs: '1700000.5', jobs: 90, wagesPaid: null, memo: '按审计调整' }]]);
  });

  it("shows the service's field errors under their fields", async () => {
    const w = mount(YearResultForm, {
      props: { initial, fieldErrors: { costs: '"1e6"：金额不能用科学计数法（e）', year: '已入账的 2025 年度分红计算用到了这份经营成果' } },
    });
    await flushPromises();
    expect(messages(w)).toEqual(['"1e6"：金额不能用科学计数法（e）', '已入账的 2025 年度分红计算用到了这份经营成果']);
  });
});
