import { ApiProperty } from '@nestjs/swagger';
import { IsYear, MAX_YEAR, MIN_YEAR, QueryInt } from '../platform/http/validators';

export class YearQuery {
  @ApiProperty({ type: Number, example: 2025, minimum: MIN_YEAR, maximum: MAX_YEAR }) @QueryInt() @IsYear() year: number;
}
