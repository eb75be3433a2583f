import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../platform/http/validators';

export class CreateRunDto {
  @ApiProperty({ example: 2025 }) @IsInt() @Min(1900) @Max(9999) year: number;
}

/** The date the run's (or its reversal's) vouchers carry; default today. */
export class RunDateDto {
  @ApiPropertyOptional({
    example: '2026-03-31',
    description: "posting date; must be after the run's year and in an open year; default today",
  })
  @IsOptional()
  @IsCalendarDate()
  date?: string;
}

export class OptionalYearQuery {
  @ApiPropertyOptional({ example: 2025 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1900) @Max(9999) year?: number;
}
