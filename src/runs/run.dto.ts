import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsCalendarDate, IsOptionalNonNull, IsYear, MAX_YEAR, MIN_YEAR, QueryInt } from '../platform/http/validators';

export class CreateRunDto {
  @ApiProperty({ example: 2025, minimum: MIN_YEAR, maximum: MAX_YEAR }) @IsYear() year: number;
}

/** The date the run's (or its reversal's) vouchers carry; default today. */
export class RunDateDto {
  @ApiPropertyOptional({
    example: '2026-03-31',
    description: "posting date; must be after the run's year and in an open year; default today",
  })
  @IsOptionalNonNull()
  @IsCalendarDate()
  date?: string;
}

export class OptionalYearQuery {
  @ApiPropertyOptional({ type: Number, example: 2025, minimum: MIN_YEAR, maximum: MAX_YEAR })
  @IsOptional()
  @QueryInt()
  @IsYear()
  year?: number;
}
