import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { Idempotent } from '../platform/idempotency/idempotent.decorator';
import { OperatorPaymentDto, ReversePaymentDto, VillagePaymentDto } from './payment.dto';
import { PaymentsService } from './payments.service';

@ApiTags('payments 支付')
@ApiBearerAuth()
@Access('read')
@TreasurerScoped({ kind: 'project', param: 'projectId' })
@Controller('projects/:projectId')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Access('money')
  @Idempotent()
  @Post('payments')
  pay(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Body() dto: VillagePaymentDto) {
    return this.payments.payVillage(actor, projectId, dto);
  }

  @Access('money')
  @Idempotent()
  @Post('payments/:id/reverse')
  @HttpCode(200)
  reverse(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('id') id: string, @Body() dto: ReversePaymentDto) {
    return this.payments.reverse(actor, projectId, id, 'village', dto.date);
  }

  @Access('money')
  @Idempotent()
  @Post('operator-payments')
  payOperator(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Body() dto: OperatorPaymentDto) {
    return this.payments.payOperator(actor, projectId, dto);
  }

  @Access('money')
  @Idempotent()
  @Post('operator-payments/:id/reverse')
  @HttpCode(200)
  reverseOperator(
    @CurrentActor() actor: Actor,
    @Param('projectId') projectId: string,
    @Param('id') id: string,
    @Body() dto: ReversePaymentDto,
  ) {
    return this.payments.reverse(actor, projectId, id, 'operator', dto.date);
  }

  @Get('payments') list(@Param('projectId') projectId: string) {
    return this.payments.list(projectId, 'village');
  }
  @Get('payments/:id')
  get(@Param('projectId') projectId: string, @Param('id') id: string) {
    return this.payments.get(projectId, id, 'village');
  }
  @Get('operator-payments') listOperator(@Param('projectId') projectId: string) {
    return this.payments.list(projectId, 'operator');
  }
}
