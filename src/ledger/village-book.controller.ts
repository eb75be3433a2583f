import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { ApiCreated, ApiErrors, ApiOk, ApiSignedIn } from '../platform/http/openapi';
import { ParseYearPipe } from '../platform/http/year.pipe';
import { Idempotent } from '../platform/idempotency/idempotent.decorator';
import { LedgerVerificationResponse } from './ledger.responses';
import { VerificationService } from './verification.service';
import { OpenVillageBookDto, VillageOtherIncomeDto } from './village-book.dto';
import {
  VillageBookOpenedResponse,
  VillageBookResponse,
  VillageOtherIncomeResponse,
  VillageYearCloseResponse,
} from './village-book.responses';
import { VillageBookService } from './village-book.service';

/**
 * A village's own book (村账, VillageBookService): opening it, other income, verification and year close. Its trial
 * balance and journal are reports (src/reports/village-book-reports.controller.ts, village-journal.controller.ts).
 * 村账乡代管: the village's treasurer or the accountant write (`villageMoney`), the accountant closes a year
 * (`money`), the auditor reads; a treasurer only their own village's.
 */
@ApiTags('village-book 村账')
@ApiSignedIn()
@Access('read')
@TreasurerScoped({ kind: 'village', param: 'villageId' })
@Controller('villages/:villageId')
export class VillageBookController {
  constructor(
    private readonly books: VillageBookService,
    private readonly verification: VerificationService,
  ) {}

  @ApiOperation({ summary: '建立村账' })
  @ApiCreated('已建立的村账：建账年度起已入账的项目分红记为应收与投资收益，建账日以后的收款记为银行存款', VillageBookOpenedResponse)
  @ApiErrors(400, 403, 404, 409)
  @Idempotent()
  @Access('villageMoney')
  @Post('book')
  open(@CurrentActor() actor: Actor, @Param('villageId') villageId: string, @Body() dto: OpenVillageBookDto) {
    return this.books.open(actor, villageId, dto.openedOn);
  }

  @ApiOperation({ summary: '村账概况' })
  @ApiOk('村账是否已建立、建账日期、凭证链摘要及各年度账上确认的收益', VillageBookResponse)
  @ApiErrors(404)
  @Get('book')
  get(@Param('villageId') villageId: string) {
    return this.books.get(villageId);
  }

  @ApiOperation({ summary: '记录村集体其他收入' })
  @ApiCreated('所记的凭证：借 102 银行存款，贷 522 其他收入，所属年度为收款日期的年度', VillageOtherIncomeResponse)
  @ApiErrors(400, 403, 404, 409)
  @Idempotent()
  @Access('villageMoney')
  @Post('book/other-income')
  otherIncome(@CurrentActor() actor: Actor, @Param('villageId') villageId: string, @Body() dto: VillageOtherIncomeDto) {
    return this.books.otherIncome(actor, villageId, dto);
  }

  @ApiOperation({ summary: '校验村账' })
  @ApiOk('村账凭证链、借贷平衡、事件链与结转余额的校验结果（project 字段为村代码）', LedgerVerificationResponse)
  @ApiErrors(404)
  @Get('ledger/verify')
  async verify(@CurrentActor() actor: Actor, @Param('villageId') villageId: string) {
    await this.books.openBook(villageId);
    return this.verification.verifyFor(actor, villageId, 'village');
  }

  @ApiOperation({ summary: '村账年度结账' })
  @ApiOk('结账记录及所过账的收益结转凭证（投资收益、其他收入转本年收益，再转未分配收益）', VillageYearCloseResponse)
  @ApiErrors(400, 403, 404, 409)
  @Idempotent()
  @Access('money')
  @Post('years/:year/close')
  @HttpCode(200)
  close(@CurrentActor() actor: Actor, @Param('villageId') villageId: string, @Param('year', ParseYearPipe) year: number) {
    return this.books.closeYear(actor, villageId, year);
  }
}
