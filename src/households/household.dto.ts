import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, registerDecorator, ValidateIf, ValidationArguments } from 'class-validator';
import { bankAccountIssue, idLast4Issue } from '../core/households/masking';
import { PageQuery } from '../platform/http/paging';
import { IsCalendarDate, IsCode, IsOptionalNonNull } from '../platform/http/validators';

/** A class-validator rule over one of the core's checks, so a DTO and an import row refuse with the same words. */
export function fromCheck(name: string, check: (value: unknown) => string | null) {
  return (): PropertyDecorator => (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => check(value) === null,
        defaultMessage: (args?: ValidationArguments) => check(args?.value) ?? '格式不对',
      },
    });
  };
}

/** The head's name: 1 to 50 characters, not only spaces. */
export function headNameIssue(value: unknown): string | null {
  if (typeof value !== 'string') return '须为户主姓名字符串，例如 "弓长东"';
  const name = value.trim();
  if (name === '') return '户主姓名不能为空';
  if (Array.from(name).length > 50) return '户主姓名最多 50 个字';
  return null;
}

/** The last four characters of an identity-card number; a whole number is refused (only the last four are kept). */
export const IsIdLast4 = fromCheck('isIdLast4', idLast4Issue);
/** A bank account: 8 to 30 digits, spaces allowed and dropped. */
export const IsBankAccount = fromCheck('isBankAccount', bankAccountIssue);
export const IsHeadName = fromCheck('isHeadName', headNameIssue);

export class CreateHouseholdDto {
  @ApiProperty({ example: 'H001', description: '户编码：村内唯一，1 到 32 个字母、数字、"_" 或 "-"' }) @IsCode() code: string;
  @ApiProperty({ example: '弓长东', description: '户主姓名' }) @IsHeadName() headName: string;
  @ApiPropertyOptional({ example: '123X', description: '户主身份证号后四位（只保存后四位，不接受完整号码）' })
  @IsOptionalNonNull()
  @IsIdLast4()
  idLast4?: string;
  @ApiPropertyOptional({ example: '沁县农村信用合作联社', description: '开户行' })
  @IsOptionalNonNull()
  @IsString()
  @MaxLength(100)
  bankName?: string;
  @ApiPropertyOptional({ example: '6217 0000 1234 1234', description: '银行账号：8 到 30 位数字，可用空格分组（保存时去掉空格）' })
  @IsOptionalNonNull()
  @IsBankAccount()
  bankAccount?: string;
  @ApiPropertyOptional({ example: '2016-01-01', description: '成为成员的日期' }) @IsOptionalNonNull() @IsCalendarDate() joinedOn?: string;
}

/** A correction: absent keeps a field, null clears a nullable one. */
export class UpdateHouseholdDto {
  @ApiPropertyOptional({ example: 'H001' }) @IsOptionalNonNull() @IsCode() code?: string;
  @ApiPropertyOptional({ example: '弓长东' }) @IsOptionalNonNull() @IsHeadName() headName?: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '123X' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsIdLast4()
  idLast4?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '沁县农村信用合作联社' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(100)
  bankName?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '6217 0000 1234 1234' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsBankAccount()
  bankAccount?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '2016-01-01' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsCalendarDate()
  joinedOn?: string | null;
}

export class LeaveHouseholdDto {
  @ApiProperty({ example: '2025-06-30', description: '退出日期：此后的股权登记不再含该户' }) @IsCalendarDate() date: string;
  @ApiProperty({ example: '全户迁出', description: '退出原因' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

const STATES = ['active', 'left', 'all'] as const;

export class HouseholdQuery extends PageQuery {
  @ApiPropertyOptional({ example: '弓', description: '户编码或户主姓名包含的文字' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
  @ApiPropertyOptional({ enum: STATES, default: 'all', description: 'active 在册，left 已退出，all 全部' })
  @IsOptional()
  @IsIn(STATES)
  state?: (typeof STATES)[number];
}
