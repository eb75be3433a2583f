import { flushPromises as flush, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import PolicyForm from '../src/components/PolicyForm.vue';
import { defaultPolicy, emptyBucket, fromDocument, policyIssues, toDocument } from '../src/policy/policy-form';

/** The rulebook's options as a form: the document it makes, and the rules it checks before sending. */
const SPEC_EXAMPLE = {
  capitalBasis: 'time_weighted',
  guaranteed: { type: 'rate', rate: '0.06' },
  shortfall: 'operator_tops_up',
  deductions: [
    { code: 'reserve', name: '公积公益金', rate: '0.10' },
    { code: 'operator', name: '运营方分成', brackets: [{ upTo: '2000000.00', rate: '0.05' }, { rate: '0.10' }] },
  ],
  sharing: [
    { code: 'capital', name: '按出资比例', share: '0.4', weights: 'capital' },
    { code: 'land', name: '按土地入股', share: '0.3', weights: { V01: '12.5', V02: '30' } },
    { code: 'poor', name: '脱贫户滚动发展金', share: '0.2', payee: { code: 'FUND-POOR', name: '脱贫户滚动发展金' } },
    { code: 'risk', name: '风险金', share: '0.1', payee: { code: 'FUND-RISK', name: '风险金' } },
  ],
};

describe('the policy document of the form', () => {
  it('reads and writes back the spec’s example unchanged, and finds nothing wrong with it', () => {
    const state = fromDocument(SPEC_EXAMPLE);
    expect(toDocument(state)).toEqual(SPEC_EXAMPLE);
    expect(policyIssues(state, ['V01', 'V02'])).toEqual({});
  });

  it('fills the spec’s defaults for what a short document leaves out', () => {
    const doc = toDocument(fromDocument({ guaranteed: { type: 'fixed', amounts: { V01: '220000.00' } } }));
    expect(doc).toEqual({
      capitalBasis: 'time_weighted',
      guaranteed: { type: 'fixed', amounts: { V01: '220000.00' } },
      shortfall: 'operator_tops_up',
      deductions: [],
      sharing: [{ code: 'capital', name: '按出资比例', share: '1', weights: 'capital' }],
    });
  });

  it('names each broken rule by the service’s field name', () => {
    const s = fromDocument(SPEC_EXAMPLE);
    s.guaranteedRate = '6%';
    s.deductions[0].rate = '0.95';
    s.deductions[1].brackets[1].upTo = '100.00';
    s.sharing[1].weights[0].village = 'V09';
    s.sharing[3].share = '0.2';
    s.sharing.push({ ...emptyBucket(), code: 'capital', name: '重复', share: '0' });
    expect(policyIssues(s, ['V01', 'V02'])).toEqual({
      'policy.guaranteed.rate': '保底比例须为 0 到 1 之间的小数，最多 6 位小数，如 0.06',
      'policy.deductions[1].brackets[1].upTo': '最后一档不写上限：它涵盖上一档上限以上的全部金额',
      'policy.deductions': '各项提取的最高比例之和须小于 1，否则提取后就没有可分配的余额了',
      'policy.sharing[1].weights[0].village': '未知的村 "V09"：只能填写本项目的村',
      'policy.sharing[4].code': '分配项代码 "capital" 重复',
      'policy.sharing': '各分配项的份额之和须正好为 1（现在是 1.1）',
    });
  });

  it('adds shares exactly (0.1 + 0.2 + 0.7 is 1)', () => {
    const s = defaultPolicy();
    s.sharing = [
      { ...emptyBucket(), code: 'a', name: 'A', share: '0.1' },
      { ...emptyBucket(), code: 'b', name: 'B', share: '0.2' },
      { ...emptyBucket(), code: 'c', name: 'C', share: '0.7' },
    ];
    expect(policyIssues(s)).toEqual({});
  });
});

describe('the policy form', () => {
  async function settle() {
    for (let i = 0; i < 2; i++) {
      await flush();
      await new Promise((r) => setTimeout(r, 60));
      await nextTick();
    }
  }
  const messages = (w: ReturnType<typeof mount>) => w.findAll('.el-form-item__error, .form-error').map((e) => e.text());

  it('shows the JSON beside the form, and refuses shares that do not add up to 1', async () => {
    const w = mount(PolicyForm, { props: { year: 2025, villages: ['V01'] } });
    await w.find('input[data-test=bucket-share-0]').setValue('0.9');
    await settle();
    expect(w.find('[data-test=policy-json-view]').text()).toContain('"share": "0.9"');
    (w.vm as unknown as { submit(): void }).submit();
    await settle();
    expect(messages(w)).toEqual(['各分配项的份额之和须正好为 1（现在是 0.9）']);
    expect(w.emitted('submit')).toBeUndefined();
  });

  it('loads pasted JSON into the form and sends the document with its year', async () => {
    const w = mount(PolicyForm, { props: { year: 2024, villages: ['V01', 'V02'] } });
    await w.find('textarea[data-test=policy-json]').setValue(JSON.stringify(SPEC_EXAMPLE));
    await w.find('[data-test=policy-json-load]').trigger('click');
    await settle();
    expect((w.find('input[data-test=deduction-name-1]').element as HTMLInputElement).value).toBe('运营方分成');
    (w.vm as unknown as { submit(): void }).submit();
    expect(w.emitted('submit')).toEqual([[{ effectiveFromYear: 2024, policy: SPEC_EXAMPLE, memo: undefined }]]);
  });

  it('shows the service’s message under the field it names, and one it has no place for in a list', async () => {
    const fieldErrors = { 'policy.sharing[0].share': '份额超出范围', 'policy.guaranteed.amounts.V07': '未知的村 "V07"' };
    const w = mount(PolicyForm, { props: { year: 2024, fieldErrors } });
    await settle();
    expect(w.findAll('.el-form-item__error').map((e) => e.text())).toEqual(['份额超出范围']);
    expect(w.find('[data-test=policy-other-errors]').text()).toBe('policy.guaranteed.amounts.V07：未知的村 "V07"');
  });
});
