import { Module } from '@nestjs/common';
import { HouseholdsModule } from '../households/households.module';
import { LedgerModule } from '../ledger/ledger.module';
import { UsersModule } from '../users/users.module';
import { VillagesModule } from '../villages/villages.module';
import { VillagePaymentFilesRepository } from './village-payment-files.repository';
import { VillagePaymentsRepository } from './village-payments.repository';
import { VillagePaymentsService } from './village-payments.service';
import { VillagePoliciesModule } from './village-policies.module';
import { VillageRunsController } from './village-runs.controller';
import { VillageRunsRepository } from './village-runs.repository';
import { VillageRunsService } from './village-runs.service';

/**
 * A village's member distribution runs (/api/villages/:villageId/runs): draft, approve (maker-checker), post into the
 * village's book, reverse; the households' payments, single or by a bank payment file. Tables village_run,
 * village_payment, village_payment_file and its lines.
 */
@Module({
  imports: [HouseholdsModule, LedgerModule, UsersModule, VillagesModule, VillagePoliciesModule],
  controllers: [VillageRunsController],
  providers: [VillageRunsRepository, VillageRunsService, VillagePaymentsRepository, VillagePaymentFilesRepository, VillagePaymentsService],
  exports: [VillageRunsService, VillagePaymentsService],
})
export class VillageRunsModule {}
