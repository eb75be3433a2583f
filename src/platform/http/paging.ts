import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsIntegerIn, QueryInt } from './validators';

/** Pages beyond this are refused: (page - 1) × pageSize must stay an exact offset PostgreSQL accepts. */
export const MAX_PAGE = 1_000_000;

export class PageQuery {
  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: MAX_PAGE, default: 1 })
  @IsOptional()
  @QueryInt()
  @IsIntegerIn(1, MAX_PAGE)
  page = 1;

  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @QueryInt()
  @IsIntegerIn(1, 500)
  pageSize = 50;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function pageOf<T>(items: T[], total: number, q: PageQuery): Page<T> {
  return { items, total, page: q.page, pageSize: q.pageSize };
}
