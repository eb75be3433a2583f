import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsIntegerIn, IsNonNegativeMoney, IsOptionalNonNull, IsYear, MAX_YEAR, MIN_YEAR } from '../platform/http/validators';

const KG = /^[0-9]{1,12}(\.[0-9]{1,3})?$/;
const KG_MESSAGE = 'must be kilograms as a decimal string with at most 3 decimals, e.g. "12500.5"';
/** jobs is an int column. */
const MAX_INT = 2147483647;
/** mushroom_logs is a bigint column, but a count past 2^53 cannot travel as a JSON number. */
const MAX_COUNT = Number.MAX_SAFE_INTEGER;

export class CreateYearResultDto {
  @ApiProperty({ example: 2025, minimum: MIN_YEAR, maximum: MAX_YEAR }) @IsYear() year: number;
  @ApiProperty({ example: '1860000.00', description: '经营收入' }) @IsNonNegativeMoney() revenue: string;
  @ApiProperty({ example: '1650000.00', description: '经营支出' }) @IsNonNegativeMoney() costs: string;
  @ApiPropertyOptional({ example: 1000000, minimum: 0, maximum: MAX_COUNT, description: '菌棒 (mushroom logs)' })
  @IsOptionalNonNull()
  @IsIntegerIn(0, MAX_COUNT)
  mushroomLogs?: number;
  @ApiPropertyOptional({ example: '850000.5', description: 'fresh mushrooms, kg' })
  @IsOptionalNonNull()
  @IsString()
  @Matches(KG, { message: `freshKg ${KG_MESSAGE}` })
  freshKg?: string;
  @ApiPropertyOptional({ example: '42000', description: 'dried mushrooms, kg' })
  @IsOptionalNonNull()
  @IsString()
  @Matches(KG, { message: `driedKg ${KG_MESSAGE}` })
  driedKg?: string;
  @ApiPropertyOptional({ example: 120, minimum: 0, maximum: MAX_INT, description: 'jobs created' })
  @IsOptionalNonNull()
  @IsIntegerIn(0, MAX_INT)
  jobs?: number;
  @ApiPropertyOptional({ example: '2400000.00', description: 'wages paid' }) @IsOptionalNonNull() @IsNonNegativeMoney() wagesPaid?: string;
  @ApiPropertyOptional({ example: '2025年度' }) @IsOptionalNonNull() @IsString() @MaxLength(500) memo?: string;
}

export class UpdateYearResultDto {
  @ApiPropertyOptional({ example: '1860000.00' }) @IsOptionalNonNull() @IsNonNegativeMoney() revenue?: string;
  @ApiPropertyOptional({ example: '1650000.00' }) @IsOptionalNonNull() @IsNonNegativeMoney() costs?: string;
  @ApiPropertyOptional({ type: Number, nullable: true, example: 1000000, minimum: 0, maximum: MAX_COUNT })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsIntegerIn(0, MAX_COUNT)
  mushroomLogs?: number | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '850000.5' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Matches(KG, { message: `freshKg ${KG_MESSAGE}` })
  freshKg?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '42000' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Matches(KG, { message: `driedKg ${KG_MESSAGE}` })
  driedKg?: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true, example: 120, minimum: 0, maximum: MAX_INT })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsIntegerIn(0, MAX_INT)
  jobs?: number | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '2400000.00' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsNonNegativeMoney()
  wagesPaid?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '2025年度' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(500)
  memo?: string | null;
}
