import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { ROLES, Role } from '../platform/access/roles';
import { PageQuery } from '../platform/http/paging';
import { IsCode, IsPassword } from '../platform/http/validators';

export class CreateUserDto {
  @ApiProperty({ example: 'zhang.kuaiji', description: '2-64 of a-z 0-9 . _ -' })
  @Matches(/^[a-z0-9._-]{2,64}$/, { message: 'must be 2 to 64 of a-z 0-9 . _ -' })
  login: string;
  @ApiProperty({ example: '张会计' }) @IsString() @IsNotEmpty() @MaxLength(100) displayName: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: Role;
  @ApiPropertyOptional({ example: 'V01', description: "a treasurer's village (required for treasurers)" })
  @IsOptional()
  @IsCode()
  villageCode?: string;
  @ApiPropertyOptional({ description: 'omit to have a one-time password generated and returned once' })
  @IsOptional()
  @IsPassword()
  password?: string;
}

export class UpdateUserDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) displayName?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsCode() villageCode?: string | null;
  @ApiPropertyOptional({ description: 'false signs the user out everywhere at once' }) @IsOptional() @IsBoolean() enabled?: boolean;
}

export class UserQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
}
