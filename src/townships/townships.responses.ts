import { ApiProperty } from '@nestjs/swagger';
import { CREATED_AT, UPDATED_AT } from '../platform/http/common.responses';

/** A township as the API answers it (TownshipsRepository's row). */
export class TownshipResponse {
  @ApiProperty({ description: '乡镇 id', format: 'uuid' })
  id: string;

  @ApiProperty({ description: '乡镇代码', example: 'T01' })
  code: string;

  @ApiProperty({ description: '乡镇名称', example: '韩洪乡' })
  name: string;

  @ApiProperty(CREATED_AT)
  createdAt: string;

  @ApiProperty(UPDATED_AT)
  updatedAt: string;
}
