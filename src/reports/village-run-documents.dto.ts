import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsCode } from '../platform/http/validators';
import { Format } from './reports.dto';

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
