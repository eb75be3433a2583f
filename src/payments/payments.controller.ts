import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { ApiCreated, ApiErrors, ApiOk, ApiSignedIn } from '../platform/http/openapi';
import { Idempotent } from '../platform/idempotency/idempotent.decorator';
import { OperatorPaymentDto, ReversePaymentDto, VillagePaymentDto } from './payment.dto';
import { PaymentsService } from './payments.service';

/** A payments list: the payments, and the ledger's digest they were read at. */
const PAYMENT_LIST: SchemaObject = {
  type: 'object',
  properties: { items: { type: 'array', items: { type: 'object' } }, digest: { type: 'object', description: '账簿摘要：sequence、hash' } },
};

@ApiTags('payments 支付')
@ApiSignedIn()
@Access('read')
@TreasurerScoped({ kind: 'project', param: 'projectId' })
@Controller('projects/:projectId')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @ApiOperation({ summary: '向村支付分红' })
  @ApiCreated('支付记录：id、villageCode、amount、date、bankReference、status、voucher（凭证号）')
  @ApiErrors(400, 404, 409)
  @Access('money')
  @Idempotent()
  @Post('payments')
  pay(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Body() dto: VillagePaymentDto) {
    return this.payments.payVillage(actor, projectId, dto);
  }

  @ApiOperation({ summary: '冲销支付' })
  @ApiOk('已冲销的支付记录，带冲销凭证号 reversalVoucher')
  @ApiErrors(400, 404, 409)
  @Access('money')
  @Idempotent()
  @Post('payments/:id/reverse')
  @HttpCode(200)
  reverse(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('id') id: string, @Body() dto: ReversePaymentDto) {
    return this.payments.reverse(actor, projectId, id, 'village', dto.date);
  }

  @ApiOperation({ summary: '登记运营方补足款到账' })
  @ApiCreated('运营方支付记录：amount、date、bankReference、status、voucher')
  @ApiErrors(400, 404, 409)
  @Access('money')
  @Idempotent()
  @Post('operator-payments')
  payOperator(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Body() dto: OperatorPaymentDto) {
    return this.payments.payOperator(actor, projectId, dto);
  }

  @ApiOperation({ summary: '冲销运营方支付' })
  @ApiOk('已冲销的运营方支付记录')
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
  @ApiOk('items：支付记录；digest：账簿摘要。村报账员只看到本村的', PAYMENT_LIST)
  @ApiErrors(404)
  @Get('payments')
  list(@CurrentActor() actor: Actor, @Param('projectId') projectId: string) {
    return this.payments.list(actor, projectId, 'village');
  }
  @ApiOperation({ summary: '向村支付记录详情' })
  @ApiOk('支付记录')
  @ApiErrors(404)
  @Get('payments/:id')
  get(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('id') id: string) {
    return this.payments.get(actor, projectId, id, 'village');
  }
  @ApiOperation({ summary: '运营方支付记录列表' })
  @ApiOk('items：运营方支付记录；digest：账簿摘要', PAYMENT_LIST)
  @ApiErrors(404)
  @Get('operator-payments')
  listOperator(@CurrentActor() actor: Actor, @Param('projectId') projectId: string) {
    return this.payments.list(actor, projectId, 'operator');
  }
}
