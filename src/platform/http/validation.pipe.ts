import { ArgumentMetadata, ValidationError as ClassValidationError, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import type { FieldIssue } from '../../core/errors';
import { UNKNOWN_FIELD } from './field-labels';
import { isVettedBody } from './raw-input';
import { badInput, unsafeInputIssue } from './unsafe-input';
import { NOT_NULL } from './validators';

/** The first number of class-validator's default message ("… shorter than or equal to 100 characters"). */
const number = (message: string): string => /(\d+)/.exec(message)?.[1] ?? '?';

/** IsIn's values, from "… must be one of the following values: cash, asset", quoted: "cash"、"asset". */
const values = (message: string): string =>
  (message.split(': ').slice(1).join(': ') || '')
    .split(', ')
    .filter(Boolean)
    .map((v) => JSON.stringify(v))
    .join('、');

const CJK = /[\u3400-\u9fff]/;

/** What a DTO's `@Matches` pattern asks for, by field (the DTOs' own texts are English; these replace them). */
const PATTERNS: Readonly<Record<string, string>> = {
  login: '须为 2 到 64 个字符，只能用小写字母 a-z、数字 0-9 和 "."、"_"、"-"',
  account: '须为科目代码，例如 "211" 或 "211-V01"',
  freshKg: '须为带引号的公斤数字符串，最多 3 位小数，例如 "12500.5"',
  driedKg: '须为带引号的公斤数字符串，最多 3 位小数，例如 "12500.5"',
};

/**
 * class-validator's rules in Chinese, by constraint name: its default messages are English. Our own validators
 * (validators.ts) already speak Chinese and pass through. The field's label is added by the exception filter.
 */
const RULES: Readonly<Record<string, (message: string, property: string) => string>> = {
  whitelistValidation: () => UNKNOWN_FIELD,
  isString: () => '须为字符串',
  isNotEmpty: () => '不能为空',
  maxLength: (m) => `最多 ${number(m)} 个字符`,
  minLength: (m) => (number(m) === '1' ? '不能为空' : `至少 ${number(m)} 个字符`),
  isIn: (m) => `须为 ${values(m)} 之一`,
  isEnum: (m) => `须为 ${values(m)} 之一`,
  isInt: () => '须为整数',
  isNumber: () => '须为数字',
  isPositive: () => '须大于零',
  min: (m) => `不能小于 ${number(m)}`,
  max: (m) => `不能大于 ${number(m)}`,
  isUuid: () => '须为 id（UUID，形如 "3f6c2a1e-5b7d-4c8e-9f01-23456789abcd"）',
  isBoolean: () => '须为 "true" 或 "false"',
  isObject: () => '须为 JSON 对象 {…}',
  isArray: () => '须为 JSON 数组 […]',
  isDefined: () => '必填',
  nestedValidation: () => '须为 JSON 对象 {…}',
  matches: (_m, property) => (Object.hasOwn(PATTERNS, property) ? PATTERNS[property] : '格式不对'),
  // core/password.ts still words its rule in English: said here until it speaks Chinese itself.
  isPassword: (m) => (CJK.test(m) ? m : '须为 10 到 200 个字符的字符串'),
};

function inChinese(rule: string, message: string, property: string): string {
  if (Object.hasOwn(RULES, rule)) return RULES[rule](message, property);
  return CJK.test(message) ? message : '格式不对';
}

/**
 * The reasons of one field, in Chinese. A null where a value is required, a missing field, and a value of the wrong
 * type each say so once, not once per rule they also break.
 */
function reasons(e: ClassValidationError): string[] {
  const constraints = e.constraints ?? {};
  const rules = Object.keys(constraints);
  if (rules.length === 0) return [];
  if (constraints[NOT_NULL]) return [inChinese(NOT_NULL, constraints[NOT_NULL], e.property)];
  if (e.value === undefined && !constraints.whitelistValidation) return ['必填'];
  if (constraints.isString) return [inChinese('isString', constraints.isString, e.property)];
  return rules.map((rule) => inChinese(rule, constraints[rule], e.property));
}

/** class-validator's errors as issues: each a machine path and a Chinese reason (the command line prints them too). */
export function flatten(errors: ClassValidationError[], prefix = ''): FieldIssue[] {
  return errors.flatMap((e) => {
    const field = prefix ? (/^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : `${prefix}.${e.property}`) : e.property;
    const own = reasons(e).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Strict input: unknown fields are rejected, never silently dropped; text no column can hold (NUL, lone
 * surrogates), `__proto__`/`constructor` keys and JSON numbers beyond 2^53 are refused in any body, query or path
 * parameter before validation; path parameters stay the strings they came as (a pipe such as ParseYearPipe parses them).
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A whole JSON body was checked as it was parsed (raw-input.ts): only what it flagged was walked.
    if (metadata.type !== 'custom' && !(metadata.type === 'body' && isVettedBody(value))) {
      const issue = unsafeInputIssue(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
      if (issue) throw badInput([issue]);
      if (metadata.type === 'param') return value;
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  const options: ValidationPipeOptions = {
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => badInput(flatten(errors)),
  };
  return new StrictValidationPipe(options);
}
