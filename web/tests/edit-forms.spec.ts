import { flushPromises as flush, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import CapitalForm from '../src/components/CapitalForm.vue';
import OpeningBalanceForm from '../src/components/OpeningBalanceForm.vue';
import RecordForm from '../src/components/RecordForm.vue';

/** Edits and corrections send only what changed, and check it as a new record would be checked. */
async function flushPromises() {
  for (let i = 0; i < 3; i++) {
    await flush();
    await new Promise((r) => setTimeout(r, 60));
    await nextTick();
  }
}
const input = (wrapper: ReturnType<typeof mount>, name: string) => wrapper.find(`input[data-test=${name}]`);
const messages = (wrapper: ReturnType<typeof mount>) => wrapper.findAll('.el-form-item__error').map((e) => e.text());
const submit = (w: ReturnType<typeof mount>) => (w.vm as unknown as { submit(): Promise<void> }).submit();

describe('editing a record', () => {
  const initial = {
    code: 'DH-1',
    name: '东湖一期',
    townshipCode: 'HANHONG',
    parkName: '东湖园区',
    phase: null,
    hostVillageCode: null,
    operatorName: '东湖菌业',
    startDate: '2024-04-15',
    cutoverDate: null,
  };

  it('keeps the code fixed and sends only the changed fields, a cleared one as null', async () => {
    const w = mount(RecordForm, { props: { kind: 'projects', initial } });
    expect(input(w, 'field-code').attributes('disabled')).toBeDefined();
    await input(w, 'field-name').setValue(' 东湖一期（更名） ');
    await input(w, 'field-parkName').setValue('');
    await input(w, 'field-phase').setValue('二期');
    await submit(w);
    await flushPromises();
    expect(messages(w)).toEqual([]);
    expect(w.emitted('submit')).toEqual([[{ name: '东湖一期（更名）', parkName: null, phase: '二期' }]]);
  });

  it('refuses an empty name and a host village code with spaces', async () => {
    const w = mount(RecordForm, { props: { kind: 'projects', initial } });
    await input(w, 'field-name').setValue('  ');
    await input(w, 'field-hostVillageCode').setValue('V 02');
    await submit(w);
    await flushPromises();
    expect(messages(w)).toEqual(['请填写名称', '代码只能含字母、数字、- 和 _，最多 32 位']);
    expect(w.emitted('submit')).toBeUndefined();
  });

  it('sends nothing when nothing changed', async () => {
    const w = mount(RecordForm, { props: { kind: 'townships', initial: { code: 'HANHONG', name: '韩洪乡' } } });
    await submit(w);
    await flushPromises();
    expect(w.emitted('submit')).toEqual([[{}]]);
  });
});

describe('correcting a capital event', () => {
  const villages = [{ code: 'V01', name: '程壁村' }];
  const initial = { villageCode: 'V01', date: '2024-04-15', amount: '500000.00', kind: 'cash' as const, fundSource: '衔接资金' };

  it('wants a reason and a non-zero amount', async () => {
    const w = mount(CapitalForm, { props: { villages, initial } });
    await input(w, 'capital-amount').setValue('0');
    await submit(w);
    await flushPromises();
    expect(messages(w)).toEqual(['金额须为非零的数，最多两位小数；撤资写负数', '请填写更正原因']);
    expect(w.emitted('correct')).toBeUndefined();
  });

  it('sends the changed amount with the reason, not the unchanged fields', async () => {
    const w = mount(CapitalForm, { props: { villages, initial } });
    await input(w, 'capital-amount').setValue('450000');
    await input(w, 'capital-memo').setValue('按出资协议更正');
    await submit(w);
    await flushPromises();
    expect(w.emitted('correct')).toEqual([[{ memo: '按出资协议更正', amount: '450000' }]]);
    expect(w.emitted('submit')).toBeUndefined();
  });
});

describe('the opening balance form', () => {
  const villages = [{ code: 'V01', name: '程壁村' }];
  const set = async (w: ReturnType<typeof mount>, i: number, account: string, debit: string, credit: string) => {
    await input(w, `opening-account-${i}`).setValue(account);
    await input(w, `opening-debit-${i}`).setValue(debit);
    await input(w, `opening-credit-${i}`).setValue(credit);
  };

  it('names each bad line and field, and an unbalanced total, before sending anything', async () => {
    const w = mount(OpeningBalanceForm, { props: { villages } });
    await set(w, 0, '151', '1000', '');
    await set(w, 1, '301 V01', '', '999.999');
    await w.find('[data-test=opening-add] button, button[data-test=opening-add]').trigger('click');
    await set(w, 2, '151', '5', '5');
    await submit(w);
    await flushPromises();
    expect(messages(w)).toEqual([
      '科目代码如 102、301-V01、322-02',
      '金额须为不小于 0 的数，最多两位小数',
      '科目 151 已在第 1 行：每个科目只写一行',
    ]);
    expect(w.find('[data-test=opening-line-error-2]').text()).toBe('第 3 行：须借贷二选一：一方金额大于零，另一方为零');
    expect(w.find('[data-test=opening-lines-error]').text()).toBe('借贷不平：借方合计 ¥1,005.00，贷方合计 ¥5.00');
    expect(w.emitted('submit')).toBeUndefined();
  });

  it('sends balanced lines with both sides as two-decimal strings', async () => {
    const w = mount(OpeningBalanceForm, { props: { villages } });
    await set(w, 0, ' 151 ', '500000', '');
    await set(w, 1, '301-V01', '', '500000.00');
    await submit(w);
    await flushPromises();
    expect(w.emitted('submit')).toEqual([
      [
        {
          lines: [
            { account: '151', debit: '500000.00', credit: '0.00' },
            { account: '301-V01', debit: '0.00', credit: '500000.00' },
          ],
        },
      ],
    ]);
  });

  it('shows the service’s message under the line and field it names', async () => {
    const fieldErrors = { 'lines[1].credit': '村 V01 截至 2024-12-31 的出资记录合计 500000.00，期初资本 400000.00 须与之相等' };
    const w = mount(OpeningBalanceForm, { props: { villages, fieldErrors } });
    await flushPromises();
    expect(messages(w)).toEqual([fieldErrors['lines[1].credit']]);
  });
});
