import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { PageQuery } from '../platform/http/paging';
import { IsCode, IsCreditCode, IsOptionalNonNull } from '../platform/http/validators';

export class CreateVillageDto {
  @ApiProperty({ example: 'V01' }) @IsCode() code: string;
  @ApiProperty({ example: '程壁村股份经济合作社' }) @IsString() @IsNotEmpty() @MaxLength(100) name: string;
  @ApiPropertyOptional({ example: 'HANHONG', description: 'code of the township' })
  @IsOptionalNonNull()
  @IsCode()
  townshipCode?: string;
  @ApiPropertyOptional({ example: 'N2140431MF00000009', description: '统一社会信用代码 (18 characters, check character verified)' })
  @IsOptionalNonNull()
  @IsCreditCode()
  creditCode?: string;
}

export class UpdateVillageDto {
  @ApiPropertyOptional({ example: '程壁村股份经济合作社' }) @IsOptionalNonNull() @IsString() @IsNotEmpty() @MaxLength(100) name?: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'HANHONG' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsCode()
  townshipCode?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'N2140431MF00000009' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsCreditCode()
  creditCode?: string | null;
}

export class VillageQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'part of the code or name' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() townshipId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() projectId?: string;
}
