import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { ApiCreated, ApiErrors, ApiOk, ApiSignedIn } from '../platform/http/openapi';
import { Idempotent } from '../platform/idempotency/idempotent.decorator';
import { OperatorPaymentDto, ReversePaymentDto, VillagePaymentDto } from './payment.dto';
import { PaymentsService } from './payments.service';
import { PaymentListResponse, PaymentResponse, PostedPaymentResponse } from './payments.responses';

@ApiTags('payments 支付')
@ApiSignedIn()
@Access('read')
@TreasurerScoped({ kind: 'project', param: 'projectId' })
@Controller('projects/:projectId')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @ApiOperation({ summary: '向村支付分红' })
  @ApiCreated('新的支付记录及其凭证号；银行流水号重复时附提醒 warnings', PostedPaymentResponse)
  @ApiErrors(400, 404, 409)
  @Access('money')
  @Idempotent()
  @Post('payments')
  pay(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Body() dto: VillagePaymentDto) {
    return this.payments.payVillage(actor, projectId, dto);
  }

  @ApiOperation({ summary: '冲销支付' })
  @ApiOk('已冲销的支付记录，带冲销凭证号 reversalVoucher', PaymentResponse)
  @ApiErrors(400, 404, 409)
  @Access('money')
  @Idempotent()
  @Post('payments/:id/reverse')
  @HttpCode(200)
  reverse(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('id') id: string, @Body() dto: ReversePaymentDto) {
    return this.payments.reverse(actor, projectId, id, 'village', dto.date);
  }

  @ApiOperation({ summary: '登记运营方补足款到账' })
  @ApiCreated('新的运营方支付记录及其凭证号', PostedPaymentResponse)
  @ApiErrors(400, 404, 409)
  @Access('money')
  @Idempotent()
  @Post('operator-payments')
  payOperator(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Body() dto: OperatorPaymentDto) {
    return this.payments.payOperator(actor, projectId, dto);
  }

  @ApiOperation({ summary: '冲销运营方支付' })
  @ApiOk('已冲销的运营方支付记录', PaymentResponse)
  @ApiErrors(400, 404, 409)
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

  @ApiOperation({ summary: '向村支付记录列表' })
  @ApiOk('items：支付记录；digest：账簿摘要。村报账员只看到本村的', PaymentListResponse)
  @ApiErrors(404)
  @Get('payments')
  list(@CurrentActor() actor: Actor, @Param('projectId') projectId: string) {
    return this.payments.list(actor, projectId, 'village');
  }
  @ApiOperation({ summary: '向村支付记录详情' })
  @ApiOk('支付记录', PaymentResponse)
  @ApiErrors(404)
  @Get('payments/:id')
  get(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('id') id: string) {
    return this.payments.get(actor, projectId, id, 'village');
  }
  @ApiOperation({ summary: '运营方支付记录列表' })
  @ApiOk('items：运营方支付记录；digest：账簿摘要', PaymentListResponse)
  @ApiErrors(404)
  @Get('operator-payments')
  listOperator(@CurrentActor() actor: Actor, @Param('projectId') projectId: string) {
    return this.payments.list(actor, projectId, 'operator');
  }
}
