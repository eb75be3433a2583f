import { Injectable } from '@nestjs/common';
import { formatFen } from '../core/money';
import { redactionNote, villageSubAccount, VillageView, voucherLinesForView } from '../core/village-view';
import { villageViewOf } from '../platform/access/treasurer-view';
import { Actor } from '../platform/context/actor';
import { pageOf } from '../platform/http/paging';
import { ProjectsService } from '../projects/projects.service';
import { VillagesService } from '../villages/villages.service';
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
    private readonly villages: VillagesService,
    private readonly snapshot: Snapshot,
    private readonly verification: VerificationService,
  ) {}

  /**
   * A voucher matches an account or village filter when any of its lines does; page, total and digest come from one
   * snapshot. A treasurer gets the vouchers that touch their own village's sub-accounts or no other village's, the
   * other villages' lines merged into their parent account (core/village-view.ts).
   */
  journal(actor: Actor, projectId: string, q: JournalQuery) {
    return this.snapshot.read(async () => {
      await this.projects.get(projectId);
      const view = await villageViewOf(actor, this.villages);
      const filter = { from: q.from, to: q.to, account: q.account, village: q.village, visibleTo: view };
      const total = await this.books.countVouchers(projectId, filter);
      const items = await this.books.vouchers(projectId, { ...filter, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
      const shown = view ? await this.forView(items, view) : items.map(voucherView);
      return { ...pageOf(shown, total, q), digest: await this.books.digest(projectId), ...(view && { redacted: redactionNote(view) }) };
    });
  }

  /** Verification of the voucher chain, the event chain, the audit chain and the records they cover (VerificationService). */
  verify(projectId: string) {
    return this.verification.verify(projectId);
  }

  /** The verification as the actor may read it: a treasurer learns whether and where the books are broken, not the details. */
  async verifyFor(actor: Actor, projectId: string) {
    const result = await this.verify(projectId);
    if (actor.role !== 'treasurer' || result.ok) return result;
    // A problem's message quotes the records it concerns, other villages' amounts and bank references among them.
    const hidden = '详情只向会计、审计和管理员显示';
    return {
      ...result,
      ...('reason' in result && { reason: hidden }),
      ...(!result.events.ok && { events: { ...result.events, reason: hidden } }),
      problems: result.problems.map((p) => ({ table: p.table, id: p.id, message: hidden })),
    };
  }

  private async forView(items: PostedVoucher[], view: VillageView) {
    const codes = items.flatMap((v) => v.lines.flatMap((l) => villageSubAccount(l.account)?.code ?? []));
    const villageCodes = await this.books.villageCodes(codes);
    return items.map((v) => {
      const { lines, merged } = voucherLinesForView(v.lines, view, (code) => villageCodes.has(code));
      return merged ? { ...voucherView({ ...v, lines }), redactedLines: merged } : voucherView(v);
    });
  }
}
