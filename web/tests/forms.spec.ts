import { flushPromises as flush, mount } from '@vue/test-utils';
import { nextTick } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import PaymentForm from '../src/components/PaymentForm.vue';
import RecordForm from '../src/components/RecordForm.vue';
import LoginView from '../src/views/LoginView.vue';
import PasswordView from '../src/views/PasswordView.vue';

/** The forms check what they can before sending, and show each message under its field. */
/** The form's async validator, then the re-render that shows the messages (Element Plus shows a field's state after 100 ms). */
async function flushPromises() {
  for (let i = 0; i < 3; i++) {
    await flush();
    await new Promise((r) => setTimeout(r, 60));
    await nextTick();
  }
}
/** Element Plus puts an el-input's attributes on its <input>. */
const input = (wrapper: ReturnType<typeof mount>, name: string) => wrapper.find(`input[data-test=${name}]`);
const messages = (wrapper: ReturnType<typeof mount>) => wrapper.findAll('.el-form-item__error').map((e) => e.text());

function withRouter() {
  setActivePinia(createPinia());
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { template: '<div/>' } }] });
  return { global: { plugins: [router] } };
}

describe('the payment form', () => {
  const props = { village: '程壁村', outstanding: '34500.00', date: '2026-01-15' };

  it('refuses more than is outstanding, and says how much that is', async () => {
    const w = mount(PaymentForm, { props });
    await input(w, 'pay-amount').setValue('34500.01');
    await (w.vm as unknown as { submit(): Promise<void> }).submit();
    await flushPromises();
    expect(messages(w)).toContain('不能超过尚未支付的 ¥34,500.00');
    expect(w.emitted('submit')).toBeUndefined();
  });

  it.each([
    ['12,000', '金额须为大于 0 的数，最多两位小数，如 12000.50'], // a thousands separator is not an amount
    ['0', '金额须为大于 0 的数，最多两位小数，如 12000.50'],
    ['100.001', '金额须为大于 0 的数，最多两位小数，如 12000.50'], // a third decimal would be a lost fen
    ['', '请填写金额'],
  ])('refuses the amount "%s"', async (amount, message) => {
    const w = mount(PaymentForm, { props });
    await input(w, 'pay-amount').setValue(amount);
    await (w.vm as unknown as { submit(): Promise<void> }).submit();
    await flushPromises();
    expect(messages(w)).toContain(message);
    expect(w.emitted('submit')).toBeUndefined();
  });

  it('wants a bank reference, and sends a valid payment as typed', async () => {
    const w = mount(PaymentForm, { props });
    await input(w, 'pay-amount').setValue(' 12000.5 ');
    await (w.vm as unknown as { submit(): Promise<void> }).submit();
    await flushPromises();
    expect(messages(w)).toEqual(['请填写银行流水号']);
    await input(w, 'pay-reference').setValue('BANK-001');
    await (w.vm as unknown as { submit(): Promise<void> }).submit();
    await flushPromises();
    expect(w.emitted('submit')).toEqual([[{ amount: '12000.5', date: '2026-01-15', bankReference: 'BANK-001' }]]);
  });

  it('shows the service’s message for a field under that field', async () => {
    const w = mount(PaymentForm, { props: { ...props, fieldErrors: { bankReference: '银行流水号已用于另一笔支付' } } });
    await flushPromises();
    expect(messages(w)).toEqual(['银行流水号已用于另一笔支付']);
  });
});

describe('the record form', () => {
  it('refuses a code with spaces or Chinese, and a missing name', async () => {
    const w = mount(RecordForm, { props: { kind: 'villages' } });
    await input(w, 'field-code').setValue('V 01');
    await input(w, 'field-townshipCode').setValue('韩洪');
    await (w.vm as unknown as { submit(): Promise<void> }).submit();
    await flushPromises();
    expect(messages(w)).toEqual(['代码只能含字母、数字、- 和 _，最多 32 位', '请填写名称', '代码只能含字母、数字、- 和 _，最多 32 位']);
    expect(w.emitted('submit')).toBeUndefined();
  });

  it('sends the fields trimmed, leaving out the empty ones', async () => {
    const w = mount(RecordForm, { props: { kind: 'townships' } });
    await input(w, 'field-code').setValue(' HANHONG ');
    await input(w, 'field-name').setValue('韩洪乡');
    await (w.vm as unknown as { submit(): Promise<void> }).submit();
    await flushPromises();
    expect(w.emitted('submit')).toEqual([[{ code: 'HANHONG', name: '韩洪乡' }]]);
  });
});

describe('sign-in and the password change', () => {
  it('asks for the login and the password before sending anything', async () => {
    const w = mount(LoginView, withRouter());
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(messages(w)).toEqual(['请填写用户名', '请填写密码']);
  });

  it.each([
    ['short', 'short', '新密码至少 10 个字符'],
    ['          ', '          ', '新密码不能只有空格'],
    ['one-time-pass', 'one-time-pass', '新密码不能与当前密码相同'],
  ])('refuses the new password "%s"', async (newPassword, confirm, message) => {
    const w = mount(PasswordView, withRouter());
    await input(w, 'current').setValue('one-time-pass');
    await input(w, 'new').setValue(newPassword);
    await input(w, 'confirm').setValue(confirm);
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(messages(w)).toEqual([message]);
  });

  it('wants the new password twice, the same', async () => {
    const w = mount(PasswordView, withRouter());
    await input(w, 'current').setValue('one-time-pass');
    await input(w, 'new').setValue('a-long-new-password');
    await input(w, 'confirm').setValue('a-long-new-passw0rd');
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(messages(w)).toEqual(['两次输入的新密码不一致']);
  });
});
