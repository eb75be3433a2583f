import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { IsPassword } from '../platform/http/validators';

export class LoginDto {
  @ApiProperty({ example: 'admin' }) @IsString() @MaxLength(64) login: string;
  @ApiProperty({ example: 'correct horse battery staple' }) @IsString() @MaxLength(200) password: string;
}

export class ChangePasswordDto {
  @ApiProperty({ example: 'the current password' }) @IsString() @MaxLength(200) currentPassword: string;
  @ApiProperty({ description: 'at least 10 characters', example: 'a new passphrase 2026' }) @IsPassword() newPassword: string;
}
