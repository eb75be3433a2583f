import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { LedgerModule } from '../ledger/ledger.module';
import { PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';

@Module({ imports: [LedgerModule, IdempotencyModule], controllers: [PaymentsController], providers: [PaymentsService] })
export class PaymentsModule {}
