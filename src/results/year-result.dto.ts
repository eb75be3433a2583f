import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { IsNonNegativeMoney } from '../platform/http/validators';

const KG = /^[0-9]{1,12}(\.[0-9]{1,3})?$/;
const KG_MESSAGE = 'must be kilograms as a decimal string with at most 3 decimals, e.g. "12500.5"';

export class CreateYearResultDto {
  @ApiProperty({ example: 2025 }) @IsInt() @Min(1900) @Max(9999) year: number;
  @ApiProperty({ example: '1860000.00', description: '经营收入' }) @IsNonNegativeMoney() revenue: string;
  @ApiProperty({ example: '1650000.00', description: '经营支出' }) @IsNonNegativeMoney() costs: string;
  @ApiPropertyOptional({ example: 1000000, description: '菌棒 (mushroom logs)' }) @IsOptional() @IsInt() @Min(0) mushroomLogs?: number;
  @ApiPropertyOptional({ example: '850000.5', description: 'fresh mushrooms, kg' })
  @IsOptional()
  @IsString()
  @Matches(KG, { message: `freshKg ${KG_MESSAGE}` })
  freshKg?: string;
  @ApiPropertyOptional({ example: '42000', description: 'dried mushrooms, kg' })
  @IsOptional()
  @IsString()
  @Matches(KG, { message: `driedKg ${KG_MESSAGE}` })
  driedKg?: string;
  @ApiPropertyOptional({ example: 120, description: 'jobs created' }) @IsOptional() @IsInt() @Min(0) jobs?: number;
  @ApiPropertyOptional({ example: '2400000.00', description: 'wages paid' }) @IsOptional() @IsNonNegativeMoney() wagesPaid?: string;
  @IsOptional() @IsString() @MaxLength(500) memo?: string;
}

export class UpdateYearResultDto {
  @IsOptional() @IsNonNegativeMoney() revenue?: string;
  @IsOptional() @IsNonNegativeMoney() costs?: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsInt() @Min(0) mushroomLogs?: number | null;
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Matches(KG, { message: `freshKg ${KG_MESSAGE}` })
  freshKg?: string | null;
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Matches(KG, { message: `driedKg ${KG_MESSAGE}` })
  driedKg?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsInt() @Min(0) jobs?: number | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsNonNegativeMoney() wagesPaid?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(500) memo?: string | null;
}
