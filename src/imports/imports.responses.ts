import { ApiProperty } from '@nestjs/swagger';

/** Rows of one sheet: created, changed, unchanged (a re-import of the same file changes nothing). */
export class ImportCountResponse {
  @ApiProperty({ description: '新建的行数', example: 48 })
  created: number;

  @ApiProperty({ description: '修改的行数', example: 0 })
  changed: number;

  @ApiProperty({ description: '未变的行数', example: 0 })
  unchanged: number;
}

export class ImportedFileResponse {
  @ApiProperty({ description: '文件名', example: '导入模板.xlsx' })
  name: string;

  @ApiProperty({ description: '文件的 SHA-256（十六进制）' })
  sha256: string;
}

export class ImportSheetsResponse {
  @ApiProperty({ description: '乡镇', type: () => ImportCountResponse })
  townships: ImportCountResponse;
  @ApiProperty({ description: '村', type: () => ImportCountResponse })
  villages: ImportCountResponse;
  @ApiProperty({ description: '项目', type: () => ImportCountResponse })
  projects: ImportCountResponse;
  @ApiProperty({ description: '参与村', type: () => ImportCountResponse })
  participants: ImportCountResponse;
  @ApiProperty({ description: '出资（含历史）', type: () => ImportCountResponse })
  capital: ImportCountResponse;
  @ApiProperty({ description: '年度经营成果', type: () => ImportCountResponse })
  results: ImportCountResponse;
  @ApiProperty({ description: '期初余额分录', type: () => ImportCountResponse })
  opening: ImportCountResponse;
  @ApiProperty({ description: '成员户（成员表按户计数：一户可占多行）', type: () => ImportCountResponse })
  members: ImportCountResponse;
}

/** What an import did, or in a dry run would do. */
export class ImportReportResponse {
  @ApiProperty({ description: '是否只是检查（dryRun=true：什么也没有保存）' })
  dryRun: boolean;

  @ApiProperty({ description: '上传的文件', type: () => [ImportedFileResponse] })
  files: ImportedFileResponse[];

  @ApiProperty({ description: '上传内容的 SHA-256：一个文件时即其哈希，多个文件时为各文件哈希逐行连接后的哈希' })
  sha256: string;

  @ApiProperty({ description: '各工作表的行数', type: () => ImportSheetsResponse })
  sheets: ImportSheetsResponse;

  @ApiProperty({ description: '股权登记版本（成员表中填写了股权登记日的行，按村和登记日各为一个版本）', type: () => ImportCountResponse })
  registers: ImportCountResponse;

  @ApiProperty({ description: '记的凭证数（期初日期之后的出资）', example: 0 })
  vouchersPosted: number;

  @ApiProperty({
    description: '导入时代为处理、需要告知的事项，例如完整的身份证号只保存了后四位',
    type: [String],
    example: ['成员 第3行 身份证后四位：是完整的身份证号，只保存了后四位'],
  })
  notes: string[];
}
