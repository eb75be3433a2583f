import { Injectable } from '@nestjs/common';
import { EventRecord } from '../core/ledger';
import { Repository, tableShape, Where } from '../platform/database/repository';
import { BOOK_CODES } from './ledger.repository';

export const ledgerEventTable = tableShape('ledger_event', {
  id: 'uuid',
  book_id: 'uuid',
  sequence: 'integer',
  kind: 'character varying(40)',
  subject_id: 'character varying(100)',
  event_date: 'date',
  actor_login: 'character varying(64)',
  recorded_at: 'timestamp with time zone',
  payload: 'text',
  prev_hash: 'character(64)',
  hash: 'character(64)',
});

/** A stored event: the chain record plus its row id. */
export interface StoredEvent extends EventRecord {
  id: string;
}

export interface NewEvent extends EventRecord {
  bookId: string;
}

/** Which events of a book to read. */
export interface EventFilter {
  kinds?: string[];
  subjectId?: string;
}

const COLUMNS = `e.id, p.code AS "projectCode", e.sequence, e.kind, e.subject_id AS "subjectId",
  to_char(e.event_date, 'YYYY-MM-DD') AS date, e.actor_login AS "actorLogin", e.recorded_at AS "recordedAt",
  e.payload, e.prev_hash AS "prevHash", e.hash`;

/**
 * ledger_event: the event chain (append-only: the database refuses updates and
 * deletes). Appends are LedgerWriter's alone, under the project's head lock.
 */
@Injectable()
export class LedgerEventRepository extends Repository {
  async insert(e: NewEvent): Promise<void> {
    await this.rows(
      `INSERT INTO ledger_event (book_id, sequence, kind, subject_id, event_date, actor_login, recorded_at, payload, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [e.bookId, e.sequence, e.kind, e.subjectId, e.date, e.actorLogin, e.recordedAt, e.payload, e.prevHash, e.hash],
    );
  }

  /** Events of a book in sequence order (all, or those of some kinds or one subject). */
  async events(bookId: string, f: EventFilter = {}): Promise<StoredEvent[]> {
    const w = new Where()
      .and((p) => `e.book_id = ${p(bookId)}`)
      .and((p) => `e.kind = ANY(${p(f.kinds)}::text[])`, f.kinds)
      .and((p) => `e.subject_id = ${p(f.subjectId)}`, f.subjectId);
    const rows = await this.rows<Omit<StoredEvent, 'recordedAt'> & { recordedAt: Date }>(
      `SELECT ${COLUMNS} FROM ledger_event e JOIN ${BOOK_CODES} p ON p.id = e.book_id ${w.sql} ORDER BY e.sequence`,
      w.params,
    );
    return rows.map((r) => ({ ...r, sequence: Number(r.sequence), recordedAt: r.recordedAt.toISOString() }));
  }
}
