import { Injectable } from '@nestjs/common';
import { formatFen } from '../core/money';
import { Actor } from '../platform/context/actor';
import { PostedVoucher } from './ledger.repository';
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

/** The verification of the books as each role may read it (the journal itself is a report: src/reports/journal.service.ts). */
@Injectable()
export class JournalService {
  constructor(private readonly verification: VerificationService) {}

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
      problems: result.problems.map((p) => ({ table: p.table, id: p.id, code: p.code, message: hidden })),
    };
  }
}
