import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsCode } from '../platform/http/validators';

/** `?format=` as the project's documents take it (reports.dto.ts): json by default, or a file this route gives. */
const Format = (formats: string) =>
  applyDecorators(
    ApiPropertyOptional({ example: formats.split('|')[1] ?? 'pdf', description: `${formats}; default json, or by the Accept header` }),
    IsOptional(),
    IsString(),
    MaxLength(20),
  );

export class HouseholdSlipsQuery {
  @ApiPropertyOptional({ example: 'H001', description: "a household's code: its slip only; default every household of the run" })
  @IsOptional()
  @IsCode()
  household?: string;

  @Format('json|pdf') format?: string;
}

export class MemberPublicityQuery {
  @Format('json|pdf|xlsx') format?: string;
}

export class VillageRunStatementQuery {
  @Format('json|pdf|xlsx|csv') format?: string;
}
