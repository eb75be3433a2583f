/**
 * The forms' rules, checked in the browser before anything is sent (the service checks them again and its answer
 * wins: each field's message from an error answer is shown under that field). Element Plus form rules.
 */
import type { FormItemRule } from 'element-plus';
import { isPositiveAmount } from './format';

/** A field that must be filled; only spaces count as empty. */
export const required = (label: string): FormItemRule => ({ required: true, whitespace: true, message: `请填写${label}`, trigger: 'blur' });

/** The service's password rules: 10 to 200 characters, not only whitespace. */
export function passwordProblem(value: string): string | null {
  if (value.length < 10) return '新密码至少 10 个字符';
  if (value.length > 200) return '新密码最多 200 个字符';
  if (value.trim() === '') return '新密码不能只有空格';
  return null;
}

export const amountRule: FormItemRule = {
  trigger: 'blur',
  validator: (_rule, value: string, callback) => {
    if (!value) callback(new Error('请填写金额'));
    else if (!isPositiveAmount(value)) callback(new Error('金额须为大于 0 的数，最多两位小数，如 12000.50'));
    else callback();
  },
};

export const dateRule: FormItemRule = {
  trigger: 'change',
  validator: (_rule, value: string, callback) => {
    if (!value) callback(new Error('请选择日期'));
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) callback(new Error('日期格式为 YYYY-MM-DD'));
    else callback();
  },
};

export const codeRule: FormItemRule = {
  trigger: 'blur',
  validator: (_rule, value: string, callback) => {
    if (!value?.trim()) callback(new Error('请填写代码'));
    else if (!/^[A-Za-z0-9_-]{1,32}$/.test(value.trim())) callback(new Error('代码只能含字母、数字、- 和 _，最多 32 位'));
    else callback();
  },
};
