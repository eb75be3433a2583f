import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

export class YearQuery {
  @ApiProperty({ example: 2025 }) @Type(() => Number) @IsInt() @Min(1900) @Max(9999) year: number;
}
