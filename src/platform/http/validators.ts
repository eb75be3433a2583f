import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
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
          defaultMessage: (args?: ValidationArguments) => check(args?.value) ?? 'is invalid',
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
  return (v as string).startsWith('-') ? 'must not be negative' : null;
});

/** A new password: 10 to 200 characters. */
export const IsPassword = fromCheck('isPassword', passwordIssue);
