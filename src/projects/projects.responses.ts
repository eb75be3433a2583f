import { ApiProperty } from '@nestjs/swagger';
import { CREATED_AT, UPDATED_AT } from '../platform/http/common.responses';

const NULLABLE_ID = { format: 'uuid', nullable: true, type: String } as const;
const NULLABLE_TEXT = { nullable: true, type: String } as const;
const NULLABLE_DATE = { format: 'date', nullable: true, type: String } as const;

/** A project (a park, or one phase of it, with its own books) as the API answers it (ProjectsRepository's row). */
export class ProjectResponse {
  @ApiProperty({ description: '项目 id', format: 'uuid' })
  id: string;

  @ApiProperty({ description: '项目代码', example: 'DH-1' })
  code: string;

  @ApiProperty({ description: '项目名称', example: '东湖食用菌产业园一期' })
  name: string;

  @ApiProperty({ ...NULLABLE_TEXT, description: '园区名称；未填写时为 null', example: '东湖食用菌产业园' })
  parkName: string | null;

  @ApiProperty({ ...NULLABLE_TEXT, description: '期次；未填写时为 null', example: '一期' })
  phase: string | null;

  @ApiProperty({ ...NULLABLE_ID, description: '所属乡镇 id；未填写时为 null' })
  townshipId: string | null;

  @ApiProperty({ ...NULLABLE_ID, description: '园区所在村 id；未填写时为 null' })
  hostVillageId: string | null;

  @ApiProperty({ ...NULLABLE_TEXT, description: '运营方；未填写时为 null', example: '东湖菌业有限公司' })
  operatorName: string | null;

  @ApiProperty({ ...NULLABLE_DATE, description: '开始日期（YYYY-MM-DD）；未填写时为 null', example: '2024-04-15' })
  startDate: string | null;

  @ApiProperty({ ...NULLABLE_DATE, description: '期初日期：从旧账迁入时旧账的最后一天（YYYY-MM-DD）；不是迁入的项目为 null' })
  cutoverDate: string | null;

  @ApiProperty(CREATED_AT)
  createdAt: string;

  @ApiProperty(UPDATED_AT)
  updatedAt: string;
}

/** A village taking part in a project, with its capital there today. */
export class ParticipantResponse {
  @ApiProperty({ description: '村 id', format: 'uuid' })
  villageId: string;

  @ApiProperty({ description: '村代码', example: 'V01' })
  code: string;

  @ApiProperty({ description: '村名称', example: '程壁村' })
  name: string;

  @ApiProperty({ ...NULLABLE_DATE, description: '加入日期（YYYY-MM-DD）；未填写时为 null' })
  joinedOn: string | null;

  @ApiProperty({
    ...NULLABLE_TEXT,
    description: '该村在本项目中现有的出资额（元，小数字符串，各笔出资之和）；村报账员看其他村时为 null',
    example: '500000.00',
  })
  capital: string | null;
}
