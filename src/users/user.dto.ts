import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { ROLES, Role } from '../platform/access/roles';
import { PageQuery } from '../platform/http/paging';
import { IsCode, IsOptionalNonNull, IsPassword } from '../platform/http/validators';

export class CreateUserDto {
  @ApiProperty({ example: 'zhang.kuaiji', description: '2-64 of a-z 0-9 . _ -' })
  @Matches(/^[a-z0-9._-]{2,64}$/, { message: 'must be 2 to 64 of a-z 0-9 . _ -' })
  login: string;
  @ApiProperty({ example: '张会计' }) @IsString() @IsNotEmpty() @MaxLength(100) displayName: string;
  @ApiProperty({ enum: ROLES, example: 'accountant' }) @IsIn(ROLES) role: Role;
  @ApiPropertyOptional({ example: 'V01', description: "a treasurer's village (required for treasurers)" })
  @IsOptionalNonNull()
  @IsCode()
  villageCode?: string;
  @ApiPropertyOptional({ description: 'omit to have a one-time password generated and returned once' })
  @IsOptionalNonNull()
  @IsPassword()
  password?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ example: '张会计' }) @IsOptionalNonNull() @IsString() @IsNotEmpty() @MaxLength(100) displayName?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOptionalNonNull() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'V01' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsCode()
  villageCode?: string | null;
  @ApiPropertyOptional({ description: 'false signs the user out everywhere at once' }) @IsOptionalNonNull() @IsBoolean() enabled?: boolean;
}

export class UserQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
}
