import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

const EXAMPLE = {
  guaranteed: { type: 'rate', rate: '0.06' },
  shortfall: 'operator_tops_up',
  deductions: [{ code: 'reserve', name: '公积公益金', rate: '0.10' }],
};

export class CreatePolicyDto {
  @ApiProperty({ example: 2025, description: 'first year the policy is in force; it stays in force until a later version' })
  @IsInt()
  @Min(1900)
  @Max(9999)
  effectiveFromYear: number;
  @ApiProperty({ example: EXAMPLE, description: 'the policy document of the rulebook (distribution.md)' })
  @IsObject()
  policy: Record<string, unknown>;
  @ApiPropertyOptional({ example: '2025年联席会议决议' }) @IsOptional() @IsString() @MaxLength(500) memo?: string;
}

export class UpdatePolicyDto {
  @ApiProperty({ example: EXAMPLE }) @IsObject() policy: Record<string, unknown>;
  @IsOptional() @IsString() @MaxLength(500) memo?: string;
}

export class InForceQuery {
  @ApiProperty({ example: 2025 }) @Type(() => Number) @IsInt() @Min(1900) @Max(9999) year: number;
}
