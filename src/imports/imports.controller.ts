import {
  CallHandler,
  Controller,
  ExecutionContext,
  Get,
  HttpStatus,
  Injectable,
  NestInterceptor,
  PayloadTooLargeException,
  Post,
  Query,
  Res,
  StreamableFile,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';
import { FilesInterceptor } from '@nestjs/platform-express';
import type { MulterOptions } from '@nestjs/platform-express/multer/interfaces/multer-options.interface';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { requestMeta } from '../platform/context/request-meta';
import { ApiErrors, ApiOk, ApiSignedIn } from '../platform/http/openapi';
import { ImportReportResponse } from './imports.responses';
import { ImportRefused, ImportsService, UploadedFile } from './imports.service';
import { templateWorkbook } from './template';

/** 20 MB a file, 20 files an upload. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** File names as browsers send them, in UTF-8 (出资.csv): multer's default would read them as Latin-1. */
const UPLOAD = { limits: { fileSize: MAX_FILE_BYTES, files: 20 }, defParamCharset: 'utf8' } as MulterOptions;

/** Multer's "File too large" said in the users' words, with the limit. */
@Injectable()
class UploadLimitMessage implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next
      .handle()
      .pipe(
        catchError((e: unknown) =>
          throwError(() =>
            e instanceof PayloadTooLargeException
              ? new PayloadTooLargeException('上传的文件超过 20 MB（或超过 20 个文件）：请拆分成几个文件，或删去不需要的工作表后再导入')
              : e,
          ),
        ),
      );
  }
}

@ApiTags('imports 导入')
@ApiSignedIn()
@Controller('imports')
export class ImportsController {
  constructor(private readonly service: ImportsService) {}

  /** A refusal lists every problem as { sheet, row, column, message } in the API's error shape. */
  @ApiOperation({ summary: '导入（Excel 工作簿或 CSV 文件；dryRun=true 时只检查，不保存）' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'array', items: { type: 'string', format: 'binary' } } } } })
  @ApiQuery({ name: 'dryRun', required: false, type: Boolean })
  @ApiOk('各工作表新建、修改、未变的行数，记的凭证数，文件的 SHA-256', ImportReportResponse)
  @ApiErrors(400, 409, 413)
  @Access('write')
  @Post()
  @UseInterceptors(UploadLimitMessage, FilesInterceptor('file', 20, UPLOAD))
  async import(
    @CurrentActor() actor: Actor,
    @UploadedFiles() files: UploadedFile[] | undefined,
    @Query('dryRun') dryRun: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    try {
      const report = await this.service.import(actor, files ?? [], dryRun === 'true' || dryRun === '1');
      res.status(HttpStatus.OK);
      return report;
    } catch (e) {
      if (!(e instanceof ImportRefused)) throw e;
      res.status(HttpStatus.BAD_REQUEST);
      const errors = e.problems.map((p, i) => ({ field: e.issues[i].field, ...p }));
      return {
        statusCode: 400,
        error: 'Bad Request',
        code: e.code,
        message: `导入被拒绝：共 ${errors.length} 处问题，什么也没有导入`,
        errors,
        requestId: requestMeta().requestId,
      };
    }
  }

  @ApiOperation({ summary: '下载导入模板（Excel）' })
  // The workbook is the 200's only media type; a refusal (401, 403, 503) answers JSON in the error shape.
  @ApiOkResponse({
    description: '导入模板：每种记录一个工作表（列名和一行示例），以及"说明"表',
    content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } },
  })
  @Access('read')
  @TreasurerScoped({ kind: 'open' })
  @Get('template')
  async template(): Promise<StreamableFile> {
    return new StreamableFile(await templateWorkbook(), {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      disposition: `attachment; filename="import-template.xlsx"; filename*=UTF-8''${encodeURIComponent('导入模板.xlsx')}`,
    });
  }
}
