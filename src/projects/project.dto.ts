import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { PageQuery } from '../platform/http/paging';
import { IsCalendarDate, IsCode, IsOptionalNonNull } from '../platform/http/validators';

export class CreateProjectDto {
  @ApiProperty({ example: 'DH-1' }) @IsCode() code: string;
  @ApiProperty({ example: '韩洪乡定湖村飞地香菇园区（首期）' }) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiPropertyOptional({ example: '定湖村飞地香菇园区' }) @IsOptionalNonNull() @IsString() @MaxLength(200) parkName?: string;
  @ApiPropertyOptional({ example: '首期' }) @IsOptionalNonNull() @IsString() @MaxLength(50) phase?: string;
  @ApiPropertyOptional({ example: 'HANHONG' }) @IsOptionalNonNull() @IsCode() townshipCode?: string;
  @ApiPropertyOptional({ example: 'V02', description: 'code of the village hosting the park' })
  @IsOptionalNonNull()
  @IsCode()
  hostVillageCode?: string;
  @ApiPropertyOptional({ example: '沁源县某食用菌公司' }) @IsOptionalNonNull() @IsString() @MaxLength(200) operatorName?: string;
  @ApiPropertyOptional({ example: '2024-04-15' }) @IsOptionalNonNull() @IsCalendarDate() startDate?: string;
  @ApiPropertyOptional({
    example: '2024-12-31',
    description:
      '期初日期: the last day of the old books, for a project that moves in from them (then its opening balance is the first voucher)',
  })
  @IsOptionalNonNull()
  @IsCalendarDate()
  cutoverDate?: string;
}

export class UpdateProjectDto {
  @ApiPropertyOptional({ example: '韩洪乡定湖村飞地香菇园区（首期）' })
  @IsOptionalNonNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '定湖村飞地香菇园区' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(200)
  parkName?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '二期' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(50)
  phase?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'HANHONG' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsCode()
  townshipCode?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'V02' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsCode()
  hostVillageCode?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '沁源县某食用菌公司' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(200)
  operatorName?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '2024-04-15' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsCalendarDate()
  startDate?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '2024-12-31',
    description: '期初日期; set, changed or cleared only while the project has no voucher',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsCalendarDate()
  cutoverDate?: string | null;
}

export class ProjectQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'part of the code or name' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() townshipId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'projects this village takes part in' }) @IsOptional() @IsUUID() villageId?: string;
}

export class AddParticipantDto {
  @ApiProperty({ example: 'V01' }) @IsCode() villageCode: string;
  @ApiPropertyOptional({ example: '2024-04-15' }) @IsOptionalNonNull() @IsCalendarDate() joinedOn?: string;
}
