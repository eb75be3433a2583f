import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsString, MaxLength } from 'class-validator';
import { IsOptionalNonNull, IsYear, MAX_YEAR, MIN_YEAR, QueryInt } from '../platform/http/validators';

const EXAMPLE = {
  keeps: [
    { code: 'reserve', name: '公积公益金', rate: '0.10' },
    { code: 'welfare', name: '公益事业', amount: '2000.00' },
  ],
  weights: { POP: '1', LAB: '0.5', LAND: '1', AID: '1' },
};

const POLICY_DESCRIPTION =
  'the village policy document (spec households.md): keeps (optional; each a code, a name and exactly one of rate, on the total income, or amount) and weights (share kind code → weight per unit)';

export class CreateVillagePolicyDto {
  @ApiProperty({
    example: 2025,
    minimum: MIN_YEAR,
    maximum: MAX_YEAR,
    description: 'first year the policy is in force; it stays in force until a later version',
  })
  @IsYear()
  effectiveFromYear: number;
  @ApiProperty({ example: EXAMPLE, description: POLICY_DESCRIPTION })
  @IsObject()
  policy: Record<string, unknown>;
  @ApiPropertyOptional({ example: '2025年成员代表大会决议' }) @IsOptionalNonNull() @IsString() @MaxLength(500) memo?: string;
}

export class UpdateVillagePolicyDto {
  @ApiProperty({ example: EXAMPLE, description: POLICY_DESCRIPTION }) @IsObject() policy: Record<string, unknown>;
  @ApiPropertyOptional({ example: '2025年成员代表大会决议' }) @IsOptionalNonNull() @IsString() @MaxLength(500) memo?: string;
}

export class VillagePolicyInForceQuery {
  @ApiProperty({ type: Number, example: 2025, minimum: MIN_YEAR, maximum: MAX_YEAR }) @QueryInt() @IsYear() year: number;
}
