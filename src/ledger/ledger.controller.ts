import { Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Idempotent } from '../platform/idempotency/idempotent.decorator';
import { JournalQuery } from './ledger.dto';
import { LedgerQueries } from './ledger.queries';
import { YearCloseService } from './year-close.service';

@ApiTags('ledger 账簿')
@ApiBearerAuth()
@Access('read')
@TreasurerScoped({ kind: 'project', param: 'projectId' })
@Controller('projects/:projectId')
export class LedgerController {
  constructor(private readonly queries: LedgerQueries, private readonly closes: YearCloseService) {}

  @Get('ledger/vouchers') journal(@Param('projectId') projectId: string, @Query() q: JournalQuery) { return this.queries.journal(projectId, q); }
  @Get('ledger/verify') verify(@Param('projectId') projectId: string) { return this.queries.verify(projectId); }

  /** Posts the year's result close (if no run did yet) and refuses any later voucher dated inside the year. */
  @Access('write') @Idempotent() @Post('years/:year/close') @HttpCode(200)
  close(@Param('projectId') projectId: string, @Param('year', ParseIntPipe) year: number) { return this.closes.close(projectId, year); }
}
