import { Injectable, Logger } from '@nestjs/common';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsServiceManager } from 'nestjs-cls';
import { Actor } from '../context/actor';
import { AuditLogRepository } from './audit-log.repository';

/** A request the API refused (401, 403, 409), as the error filter saw it. */
export interface Refusal {
  status: number;
  method: string;
  path: string;
  ip: string | null;
  requestId: string | null;
  /** The signed-in user, when the guard got that far. */
  actor?: Actor;
  message: string;
}

/** Set on the request's context by code that already recorded its refusal in detail (a failed sign-in). */
const RECORDED = 'audit.refusal-recorded';

/**
 * Marks the current request's refusal as recorded, so that RefusalAudit does not write it twice. Call it
 * outside any `@Transactional()` method: a transaction runs in a child context, which the filter never sees.
 */
export function refusalRecorded(): void {
  const cls = ClsServiceManager.getClsService();
  if (cls.isActive()) cls.set(RECORDED, true);
}

/**
 * Records refused requests in the audit trail (`refused-<status>`, entity `request`, id `<METHOD> <path>`):
 * who, when, from where. In a transaction of its own, opened after the request's own has ended (the error
 * filter runs after the rollback), so that it never waits on the audit chain's lock while holding the
 * request's locks (docs/ledger.md, "The audit chain"). It never throws: a refusal is answered even when
 * the trail cannot be written, and the failure is logged.
 */
@Injectable()
export class RefusalAudit {
  private readonly logger = new Logger('RefusalAudit');

  constructor(
    private readonly log: AuditLogRepository,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  async record(r: Refusal): Promise<void> {
    try {
      const cls = ClsServiceManager.getClsService();
      if (cls.isActive() && cls.get<boolean>(RECORDED)) return;
      await this.txHost.withTransaction(Propagation.RequiresNew, () =>
        this.log.insert({
          actorId: r.actor?.userId ?? null,
          actorLogin: r.actor ? clean(r.actor.login, 64) : null,
          action: `refused-${r.status}`,
          entity: 'request',
          entityId: clean(`${r.method} ${r.path}`, 100),
          ip: r.ip === null ? null : clean(r.ip, 64),
          requestId: r.requestId === null ? null : clean(r.requestId, 64),
          changes: { message: clean(r.message, 500) },
        }),
      );
    } catch (e) {
      this.logger.error(`could not record a refused request (${r.status} ${r.method} ${r.path}): ${(e as Error)?.message ?? e}`);
    }
  }
}

/** Within the column's length, without what PostgreSQL's text and jsonb refuse (NUL) or cannot encode (a lone surrogate). */
function clean(text: string, max: number): string {
  const s = String(text)
    .replaceAll('\u0000', '\uFFFD')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  // Cut by code points, not in the middle of a surrogate pair.
  return Array.from(s).slice(0, max).join('');
}
