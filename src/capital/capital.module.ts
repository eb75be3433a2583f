import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { CapitalController } from './capital.controller';
import { CapitalService } from './capital.service';

@Module({ imports: [LedgerModule], controllers: [CapitalController], providers: [CapitalService], exports: [CapitalService] })
export class CapitalModule {}
