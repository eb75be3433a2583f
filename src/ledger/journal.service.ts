import { Injectable } from '@nestjs/common';
import { formatFen } from '../core/money';
import { pageOf } from '../platform/http/paging';
import { ProjectsService } from '../projects/projects.service';
import { JournalQuery } from './ledger.dto';
import { LedgerRepository, PostedVoucher } from './ledger.repository';
import { Snapshot } from '../platform/database/snapshot';
import { VerificationService } from './verification.service';

/** A voucher as the API shows it: amounts as yuan strings, lines in stored order. */
export function voucherView(v: PostedVoucher) {
  return {
    id: v.id,
    sequence: v.sequence,
    number: v.voucherNumber,
    date: v.date,
    summary: v.summary,
    preparer: v.preparer,
    reversalOf: v.reversalOf,
    source: { type: v.sourceType, id: v.sourceId, fiscalYear: v.fiscalYear },
    lines: v.lines.map((l) => ({ account: l.account, debit: formatFen(l.debit), credit: formatFen(l.credit), memo: l.memo ?? '' })),
    prevHash: v.prevHash,
    hash: v.hash,
  };
}

/** The journal (凭证列表) and the verification of the books. */
@Injectable()
export class JournalService {
  constructor(
    private readonly books: LedgerRepository,
    private readonly projects: ProjectsService,
    private readonly snapshot: Snapshot,
    private readonly verification: VerificationService,
  ) {}

  /** A voucher matches an account or village filter when any of its lines does; page, total and digest come from one snapshot. */
  journal(projectId: string, q: JournalQuery) {
    return this.snapshot.read(async () => {
      await this.projects.get(projectId);
      const filter = { from: q.from, to: q.to, account: q.account, village: q.village };
      const total = await this.books.countVouchers(projectId, filter);
      const items = await this.books.vouchers(projectId, { ...filter, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
      return { ...pageOf(items.map(voucherView), total, q), digest: await this.books.digest(projectId) };
    });
  }

  /** Verification of the voucher chain, the event chain, the audit chain and the records they cover (VerificationService). */
  verify(projectId: string) {
    return this.verification.verify(projectId);
  }
}
