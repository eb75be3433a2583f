import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { ResultsController } from './results.controller';
import { ResultsService } from './results.service';

@Module({ imports: [LedgerModule], controllers: [ResultsController], providers: [ResultsService], exports: [ResultsService] })
export class ResultsModule {}
