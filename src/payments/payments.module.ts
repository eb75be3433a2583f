import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';

@Module({ imports: [LedgerModule], controllers: [PaymentsController], providers: [PaymentsService] })
export class PaymentsModule {}
