import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { ProjectsModule } from '../projects/projects.module';
import { VillagesModule } from '../villages/villages.module';
import { VillageRunsModule } from '../village-runs/village-runs.module';
import { DocumentResponder } from './document-responder';
import { IncomeDistributionService } from './income-distribution.service';
import { JournalController } from './journal.controller';
import { VillageJournalController } from './village-journal.controller';
import { JournalReport } from './journal.service';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';
import { RunDocumentsService } from './run-documents.service';
import { VillageBookReportsController } from './village-book-reports.controller';
import { VillageBookReports } from './village-book-reports.service';
import { VillageRunDocumentsController } from './village-run-documents.controller';
import { VillageRunDocumentsService } from './village-run-documents.service';

/** The reports and the documents printed from them (JSON, PDF, XLSX, CSV) and the journal export. */
@Module({
  imports: [LedgerModule, ProjectsModule, VillagesModule, VillageRunsModule],
  controllers: [
    JournalController,
    ReportsController,
    VillageRunDocumentsController,
    VillageBookReportsController,
    VillageJournalController,
  ],
  providers: [
    ReportsRepository,
    ReportsService,
    RunDocumentsService,
    IncomeDistributionService,
    JournalReport,
    DocumentResponder,
    VillageRunDocumentsService,
    VillageBookReports,
  ],
})
export class ReportsModule {}
