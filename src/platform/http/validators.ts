import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { registerDecorator, ValidateIf, ValidationArguments, ValidationOptions } from 'class-validator';
import { codeIssue, dateIssue, moneyIssue, rateIssue } from '../../core/money';
import { creditCodeIssue } from '../../core/credit-code';
import { passwordIssue } from '../../core/password';

/**
 * class-validator decorators over the core's checks, so that a DTO field and a
 * scenario document reject the same inputs with the same words.
 */
function fromCheck(name: string, check: (value: unknown) => string | null) {
  return (options?: ValidationOptions): PropertyDecorator =>
    (target: object, propertyName: string | symbol) => {
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: propertyName as string,
        options,
        validator: {
          validate: (value: unknown) => check(value) === null,
          defaultMessage: (args?: ValidationArguments) => check(args?.value) ?? '格式不对',
        },
      });
    };
}

/** Yuan to the fen as a decimal string, e.g. "500000.00". */
export const IsMoney = fromCheck('isMoney', moneyIssue);
/** A real calendar date YYYY-MM-DD. */
export const IsCalendarDate = fromCheck('isCalendarDate', dateIssue);
/** 1 to 32 of A-Z a-z 0-9 _ -. */
export const IsCode = fromCheck('isCode', codeIssue);
/** A rate in [0, 1] with at most 6 decimals, as a string. */
export const IsRate = fromCheck('isRate', rateIssue);
/** 统一社会信用代码 with a valid check character. */
export const IsCreditCode = fromCheck('isCreditCode', creditCodeIssue);

/** A non-negative money amount (revenue, costs, wages). */
export const IsNonNegativeMoney = fromCheck('isNonNegativeMoney', (v) => {
  const issue = moneyIssue(v);
  if (issue) return issue;
  return (v as string).startsWith('-') ? '不能为负数' : null;
});

/** A new password: 10 to 200 characters. */
export const IsPassword = fromCheck('isPassword', passwordIssue);

/** The name of the rule `IsOptionalNonNull()` adds; the validation pipe shows only its message when a null breaks it. */
export const NOT_NULL = 'notNull';
const notNull = fromCheck(NOT_NULL, (v) => (v === null ? '不能为 "null"：要保留原值，请不要传这个字段' : null));

/**
 * An optional field that cannot be null: absent skips its rules, null is refused (class-validator's IsOptional lets
 * null through to a NOT NULL column). Nullable fields keep `IsOptional()` + `ValidateIf(v !== null)`.
 */
export const IsOptionalNonNull = (): PropertyDecorator =>
  applyDecorators(
    ValidateIf((_o, v) => v !== undefined),
    notNull(),
  );

export const MIN_YEAR = 1900;
export const MAX_YEAR = 9999;

/** Why `value` is not a year of the books (the column's range), in one message, or null. */
export function yearIssue(value: unknown): string | null {
  if (value === undefined || value === null) return '必填';
  if (typeof value !== 'number' || !Number.isInteger(value)) return '须为整数年份，例如 2025';
  if (value < MIN_YEAR || value > MAX_YEAR) return `须在 ${MIN_YEAR} 到 ${MAX_YEAR} 之间`;
  return null;
}

/** A year from 1900 to 9999: "年度：必填", "年度：须为整数年份" or the range, never all three. */
export const IsYear =
  (options?: ValidationOptions): PropertyDecorator =>
  (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isYear',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => yearIssue(value) === null,
        defaultMessage: (args?: ValidationArguments) => yearIssue(args?.value) ?? '格式不对',
      },
    });
  };

/**
 * A query parameter meant as an integer: digits become a number, anything else ("1e20", "0x10", "") stays a string
 * for the integer rule to refuse (Number() would read "1e20" as 10^20 and "0x10" as 16).
 */
export const QueryInt = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^-?[0-9]{1,16}$/.test(value) ? Number(value) : value));

const INSTANT = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-](\d{2}):(\d{2}))?)?$/;

/** Why `value` is neither a calendar date nor an ISO instant PostgreSQL reads as such, or null. */
export function instantIssue(value: unknown): string | null {
  const expected = '须为日期（例如 2025-01-31）或时刻（例如 2025-01-31T08:00:00+08:00）';
  if (typeof value !== 'string') return expected;
  const m = INSTANT.exec(value);
  if (!m) return `${JSON.stringify(value.slice(0, 40))} 不是日期或时刻：${expected}`;
  const date = dateIssue(m[1]);
  if (date) return date;
  const [hour, minute, second, offsetHour, offsetMinute] = [m[2], m[3], m[4], m[6], m[7]].map((x) => Number(x ?? 0));
  if (hour > 23 || minute > 59 || second > 59 || offsetHour > 14 || offsetMinute > 59)
    return `${JSON.stringify(value.slice(0, 40))} 不是有效的时刻`;
  return null;
}

/** A calendar date (a whole day in Beijing time) or an ISO instant. */
export const IsDateOrInstant = fromCheck('isDateOrInstant', instantIssue);

/**
 * An integer from `min` to `max`, in one message ("须为 0 到 2147483647 之间的整数"), not one per
 * broken rule. For ints and bigints stored from JSON numbers; `max` at most Number.MAX_SAFE_INTEGER.
 */
export const IsIntegerIn =
  (min: number, max: number, options?: ValidationOptions): PropertyDecorator =>
  (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isIntegerIn',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max,
        defaultMessage: () => `须为 ${min} 到 ${max} 之间的整数`,
      },
    });
  };
