import { BadRequestException } from '@nestjs/common';
import type { FieldIssue } from '../../core/errors';

export { unsafeInputIssue } from './unsafe-value';

/**
 * The 400 of the validation pipe's shape for issues found before validation. Each issue is its machine path and a
 * Chinese reason; the exception filter names the field as people know it (field-labels.ts).
 */
export function badInput(issues: FieldIssue[]): BadRequestException {
  return new BadRequestException({ message: issues.map((i) => `${i.field}：${i.message}`).join('；'), errors: issues });
}
