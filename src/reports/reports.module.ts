import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { ProjectsModule } from '../projects/projects.module';
import { VillagesModule } from '../villages/villages.module';
import { DocumentResponder } from './document-responder';
import { IncomeDistributionService } from './income-distribution.service';
import { JournalController } from './journal.controller';
import { JournalReport } from './journal.service';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';
import { RunDocumentsService } from './run-documents.service';

/** The reports and the documents printed from them (JSON, PDF, XLSX, CSV) and the journal export. */
@Module({
  imports: [LedgerModule, ProjectsModule, VillagesModule],
  controllers: [JournalController, ReportsController],
  providers: [ReportsRepository, ReportsService, RunDocumentsService, IncomeDistributionService, JournalReport, DocumentResponder],
})
export class ReportsModule {}
