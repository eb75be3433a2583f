import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsString, MaxLength } from 'class-validator';
import { IsOptionalNonNull, IsYear, MAX_YEAR, MIN_YEAR, QueryInt } from '../platform/http/validators';

const EXAMPLE = {
  guaranteed: { type: 'rate', rate: '0.06' },
  shortfall: 'operator_tops_up',
  deductions: [{ code: 'reserve', name: '公积公益金', rate: '0.10' }],
};

export class CreatePolicyDto {
  @ApiProperty({
    example: 2025,
    minimum: MIN_YEAR,
    maximum: MAX_YEAR,
    description: 'first year the policy is in force; it stays in force until a later version',
  })
  @IsYear()
  effectiveFromYear: number;
  @ApiProperty({ example: EXAMPLE, description: 'the policy document of the rulebook (distribution.md)' })
  @IsObject()
  policy: Record<string, unknown>;
  @ApiPropertyOptional({ example: '2025年联席会议决议' }) @IsOptionalNonNull() @IsString() @MaxLength(500) memo?: string;
}

export class UpdatePolicyDto {
  @ApiProperty({ example: EXAMPLE }) @IsObject() policy: Record<string, unknown>;
  @ApiPropertyOptional({ example: '2025年联席会议决议' }) @IsOptionalNonNull() @IsString() @MaxLength(500) memo?: string;
}

export class InForceQuery {
  @ApiProperty({ type: Number, example: 2025, minimum: MIN_YEAR, maximum: MAX_YEAR }) @QueryInt() @IsYear() year: number;
}
