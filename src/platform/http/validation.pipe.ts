import { BadRequestException, ValidationError as ClassValidationError, ValidationPipe } from '@nestjs/common';
import type { FieldIssue } from '../../core/errors';

function flatten(errors: ClassValidationError[], prefix = ''): FieldIssue[] {
  return errors.flatMap((e) => {
    const field = prefix ? (/^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : `${prefix}.${e.property}`) : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({
      field,
      message: message.startsWith(`property ${e.property} should not exist`) ? 'unknown field' : message,
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Strict input: unknown fields are rejected, never silently dropped. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const issues = flatten(errors);
      return new BadRequestException({
        message: issues.map((i) => `${i.field}: ${i.message}`).join('; '),
        errors: issues,
      });
    },
  });
}
