import { ApiProperty } from '@nestjs/swagger';
import { CREATED_AT, UPDATED_AT } from '../platform/http/common.responses';

/** A village (村集体经济组织) as the API answers it (VillagesRepository's row). */
export class VillageResponse {
  @ApiProperty({ description: '村 id', format: 'uuid' })
  id: string;

  @ApiProperty({ description: '村代码', example: 'V01' })
  code: string;

  @ApiProperty({ description: '村名称', example: '程壁村' })
  name: string;

  @ApiProperty({ description: '所属乡镇 id；未填写时为 null', format: 'uuid', nullable: true, type: String })
  townshipId: string | null;

  @ApiProperty({ description: '统一社会信用代码；未填写时为 null', nullable: true, type: String, example: 'N2140431MF00000009' })
  creditCode: string | null;

  @ApiProperty(CREATED_AT)
  createdAt: string;

  @ApiProperty(UPDATED_AT)
  updatedAt: string;
}
