import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { badInput } from './unsafe-input';
import { yearIssue } from './validators';

/**
 * A year in a path (`/results/2025`): digits within the books' range, else a 400 naming the parameter. Nest's
 * ParseIntPipe let 2147483648 and 1e3-style values through to an int column.
 */
@Injectable()
export class ParseYearPipe implements PipeTransform<unknown, number> {
  transform(value: unknown, metadata: ArgumentMetadata): number {
    const year = typeof value === 'string' && /^-?[0-9]{1,16}$/.test(value) ? Number(value) : value;
    const issue = yearIssue(year);
    if (issue === null) return year as number;
    throw badInput([{ field: metadata.data ?? 'year', message: issue }]);
  }
}
