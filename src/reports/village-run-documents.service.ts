import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../core/errors';
import { Clock } from '../platform/clock/clock';
import { Actor } from '../platform/context/actor';
import { Snapshot } from '../platform/database/snapshot';
import { VillageRunsService } from '../village-runs/village-runs.service';
import { HouseholdSlipsAnswer, householdSlipsOf } from './documents/household-slips.document';
import { MemberPublicityAnswer, memberPublicityOf } from './documents/member-publicity.document';
import type { VillageRunStatementAnswer } from './documents/village-run-statement.document';
import { ReportsRepository } from './reports.repository';

/**
 * The documents a village's member distribution run gives its households: 户分红单 (one per household), 成员分红公示表
 * and the run statement. All three stand on the run statement (VillageRunsService.statement: the same roles, the
 * same figures), read in one snapshot so that the paid figures and the village book's digest printed with them
 * describe the same books; this service only reshapes it.
 */
@Injectable()
export class VillageRunDocumentsService {
  constructor(
    private readonly runs: VillageRunsService,
    private readonly clock: Clock,
    private readonly snapshot: Snapshot,
    private readonly reports: ReportsRepository,
  ) {}

  /**
   * The run statement as the run's own route answers it; `printed`, as the 成员分红明细表 signs it: who prepared,
   * approved, posted and reversed it by display name, as the project's documents do (the JSON keeps the logins).
   */
  statement(actor: Actor, villageId: string, runId: string, printed = false): Promise<VillageRunStatementAnswer> {
    return this.snapshot.read(async () => {
      const s = await this.runs.statement(actor, villageId, runId);
      if (!printed) return s;
      const names = await this.reports.displayNames([s.preparedBy, s.approvedBy, s.postedBy, s.reversedBy]);
      const name = (login: string | null) => (login === null ? null : (names.get(login) ?? login));
      return {
        ...s,
        preparedBy: name(s.preparedBy)!,
        approvedBy: name(s.approvedBy),
        postedBy: name(s.postedBy),
        reversedBy: name(s.reversedBy),
      };
    });
  }

  /**
   * 户分红单 of every household of the run, or of one (`household`, a code): a code the run does not have is a 404.
   * Paid and outstanding are as of today.
   */
  async slips(actor: Actor, villageId: string, runId: string, household?: string): Promise<HouseholdSlipsAnswer> {
    const answer = householdSlipsOf(await this.statement(actor, villageId, runId), this.clock.today(), household);
    if (household !== undefined && answer.slips.length === 0) throw new NotFoundError('本次成员分红中的户', household);
    return answer;
  }

  /** 成员分红公示表: the heads' names masked, no account number; the publicity period starts on the day it is read. */
  async publicity(actor: Actor, villageId: string, runId: string): Promise<MemberPublicityAnswer> {
    return memberPublicityOf(await this.statement(actor, villageId, runId), this.clock.today());
  }
}
