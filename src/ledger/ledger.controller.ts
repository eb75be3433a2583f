import { Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { Idempotent } from '../platform/idempotency/idempotent.decorator';
import { JournalService } from './journal.service';
import { JournalQuery } from './ledger.dto';
import { YearCloseService } from './year-close.service';

@ApiTags('ledger 账簿')
@ApiBearerAuth()
@Access('read')
@TreasurerScoped({ kind: 'project', param: 'projectId' })
@Controller('projects/:projectId')
export class LedgerController {
  constructor(
    private readonly journals: JournalService,
    private readonly closes: YearCloseService,
  ) {}

  @Get('ledger/vouchers') journal(@Param('projectId') projectId: string, @Query() q: JournalQuery) {
    return this.journals.journal(projectId, q);
  }
  @Get('ledger/verify') verify(@Param('projectId') projectId: string) {
    return this.journals.verify(projectId);
  }

  /** Posts the year's result close (if no run did yet) and refuses any later voucher dated inside the year. */
  @Access('money')
  @Idempotent()
  @Post('years/:year/close')
  @HttpCode(200)
  close(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('year', ParseIntPipe) year: number) {
    return this.closes.close(actor, projectId, year);
  }

  /** 反结账, step one: asks to reopen the latest closed year; another user approves. */
  @Access('money')
  @Idempotent()
  @Post('years/:year/reopen')
  @HttpCode(200)
  requestReopen(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('year', ParseIntPipe) year: number) {
    return this.closes.requestReopen(actor, projectId, year);
  }

  /** 反结账, step two: a user other than the requester reopens the year. */
  @Access('money')
  @Idempotent()
  @Post('years/:year/reopen/approve')
  @HttpCode(200)
  approveReopen(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('year', ParseIntPipe) year: number) {
    return this.closes.approveReopen(actor, projectId, year);
  }
}
