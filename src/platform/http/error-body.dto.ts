import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One broken rule of a refused input. */
export class FieldIssueBody {
  @ApiProperty({ description: '字段的 JSON 路径', example: 'amount' })
  field: string;

  @ApiProperty({ description: '中文说明，以字段名开头', example: '金额：最多两位小数' })
  message: string;
}

/**
 * The one error shape of the API, as HttpExceptionFilter writes it; documented on every 4xx (and 503) answer of the
 * OpenAPI document through ApiErrors (openapi.ts).
 */
export class ErrorBody {
  @ApiProperty({ description: 'HTTP 状态码', example: 400 })
  statusCode: number;

  @ApiProperty({ description: 'HTTP 状态名（英文）', example: 'Bad Request' })
  error: string;

  @ApiProperty({
    description: '稳定的机器可读错误代码（英文），不随措辞变化，例如 VALIDATION_FAILED、NOT_FOUND、CONFLICT',
    example: 'VALIDATION_FAILED',
  })
  code: string;

  @ApiProperty({ description: '给用户看的中文说明', example: '金额：最多两位小数' })
  message: string;

  @ApiPropertyOptional({ description: '逐项列出的输入问题（400，以及指明字段的 409）', type: [FieldIssueBody] })
  errors?: FieldIssueBody[];

  @ApiProperty({
    description: '请求编号：请求头 X-Request-Id，或服务生成的编号；报告问题时请附上',
    example: '6f1c2b1e-8a4d-4c55-9a07-1d2e3f4a5b6c',
  })
  requestId: string;
}
