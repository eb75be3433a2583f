import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../platform/http/paging';
import { IsCode, IsOptionalNonNull } from '../platform/http/validators';

export class CreateTownshipDto {
  @ApiProperty({ example: 'HANHONG' }) @IsCode() code: string;
  @ApiProperty({ example: '韩洪乡' }) @IsString() @IsNotEmpty() @MaxLength(100) name: string;
}

export class UpdateTownshipDto {
  @ApiPropertyOptional({ example: '韩洪乡' }) @IsOptionalNonNull() @IsString() @IsNotEmpty() @MaxLength(100) name?: string;
}

export class TownshipQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'part of the code or name' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
}
