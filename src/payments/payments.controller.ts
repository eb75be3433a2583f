import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, TreasurerScoped } from '../access/access.decorators';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { idempotencyKey, idempotencyScope, reply } from '../idempotency/idempotent-response';
import { OperatorPaymentDto, ReversePaymentDto, VillagePaymentDto } from './payment.dto';
import { PaymentsService } from './payments.service';

@ApiTags('payments 支付')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false })
@Access('read')
@TreasurerScoped({ kind: 'project', param: 'projectId' })
@Controller('projects/:projectId')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService, private readonly idem: IdempotencyService) {}

  @Access('write') @Post('payments')
  async pay(@Param('projectId') projectId: string, @Body() dto: VillagePaymentDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return reply(res, await this.idem.run(idempotencyKey(req), idempotencyScope(req), dto, 201, (m, a) => this.payments.payVillage(m, a, projectId, dto)));
  }

  @Access('write') @Post('payments/:id/reverse') @HttpCode(200)
  async reverse(@Param('projectId') projectId: string, @Param('id') id: string, @Body() dto: ReversePaymentDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return reply(res, await this.idem.run(idempotencyKey(req), idempotencyScope(req), dto, 200, (m, a) => this.payments.reverse(m, a, projectId, id, 'village', dto.date)));
  }

  @Access('write') @Post('operator-payments')
  async payOperator(@Param('projectId') projectId: string, @Body() dto: OperatorPaymentDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return reply(res, await this.idem.run(idempotencyKey(req), idempotencyScope(req), dto, 201, (m, a) => this.payments.payOperator(m, a, projectId, dto)));
  }

  @Access('write') @Post('operator-payments/:id/reverse') @HttpCode(200)
  async reverseOperator(@Param('projectId') projectId: string, @Param('id') id: string, @Body() dto: ReversePaymentDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return reply(res, await this.idem.run(idempotencyKey(req), idempotencyScope(req), dto, 200, (m, a) => this.payments.reverse(m, a, projectId, id, 'operator', dto.date)));
  }

  @Get('payments') list(@Param('projectId') projectId: string) { return this.payments.list(projectId, 'village'); }
  @Get('payments/:id') get(@Param('projectId') projectId: string, @Param('id') id: string) { return this.payments.get(projectId, id, 'village'); }
  @Get('operator-payments') listOperator(@Param('projectId') projectId: string) { return this.payments.list(projectId, 'operator'); }
}
