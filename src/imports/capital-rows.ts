import { Injectable } from '@nestjs/common';
import { DatedAmount, firstDayBelowZero } from '../core/capital-balance';
import { buildCapitalEvent, Voucher } from '../core/ledger';
import { ImportRow } from '../core/imports/read';
import { parseMoney } from '../core/money';
import { CapitalKind, CapitalRepository } from '../capital/capital.repository';
import { CapitalService } from '../capital/capital.service';
import { LedgerRepository } from '../ledger/ledger.repository';
import { LedgerWriter } from '../ledger/ledger-writer';
import { postedOpening } from '../ledger/opening-voucher';
import { Actor } from '../platform/context/actor';
import { BULK_CHUNK } from '../platform/database/chunks';
import { ParticipationRepository } from '../projects/participation.repository';
import { ProjectsService } from '../projects/projects.service';
import { ImportsRepository } from './imports.repository';
import { newId } from './ids';

/** Runs one row's work and counts it, or says its refusal on the row (ImportsService.apply's `step`). */
export type RowStep = (row: ImportRow, work: () => Promise<'created' | 'unchanged'>) => Promise<void>;

/** What the capital sheet needs of a project, read and locked once: as CapitalService.create takes them for one event. */
interface ProjectState {
  cutover: string | null;
  /** Its villages (ids) that take part, their project_village rows locked. */
  participants: Set<string>;
  /** Whether history (on or before the cut-over) may still be written: the opening balance is not posted. */
  historyOpen: boolean;
  /** Each participant's events (stored, then those this import adds), and whether they never go below zero. */
  events: Map<string, { list: DatedAmount[]; sound: boolean }>;
}

/**
 * The capital sheet of an import. The rows that pass the rules
 * CapitalService.create applies (a known village taking part, not zero, never
 * below zero; for history, dated on or before the cut-over, the opening
 * balance not yet posted; for a later event, a date its voucher may take) are
 * checked here in memory and inserted a few thousand at a time, the later
 * events' vouchers posted per project in one LedgerWriter call: that is what
 * makes 50,000 of them take seconds. Any other row goes through
 * CapitalService.create itself, after the rows before it are written, so it
 * sees the same records and gives the same refusal as it would alone.
 */
@Injectable()
export class CapitalRows {
  constructor(
    private readonly capital: CapitalService,
    private readonly events: CapitalRepository,
    private readonly participation: ParticipationRepository,
    private readonly projects: ProjectsService,
    private readonly ledger: LedgerWriter,
    private readonly books: LedgerRepository,
    private readonly stored: ImportsRepository,
  ) {}

  /**
   * `projectIds` maps the codes of the projects known after the projects sheet; `projectOf` throws the row's refusal
   * for an unknown one. `seen` holds the keys of the stored events (capitalKey), and takes those written here.
   */
  async write(
    actor: Actor,
    rows: ImportRow[],
    projectIds: Map<string, string>,
    projectOf: (row: ImportRow) => string,
    seen: Set<string>,
    step: RowStep,
  ): Promise<void> {
    const v = (row: ImportRow, key: string) => row.values[key] as string | null;
    const villages = new Map((await this.stored.villages([...new Set(rows.map((r) => v(r, 'village')!))])).map((x) => [x.code, x]));
    const villageIds = new Map([...villages.values()].map((x) => [x.code, x.id]));
    const states = await this.lockProjects(rows, projectIds, villageIds);
    const pending: Parameters<CapitalRepository['insertMany']>[0] = [];
    const postings = new Map<string, Array<{ vouchers: Voucher[]; source: { type: 'capital-event'; id: string } }>>();
    // Whether a voucher may be dated so, per project and date: the writer's own rules, asked once.
    const refusals = new Map<string, boolean>();
    const postable = async (projectId: string, date: string) => {
      const key = `${projectId}|${date}`;
      if (!refusals.has(key))
        refusals.set(key, (await this.ledger.dateRefusal(projectId, date, { type: 'capital-event', id: '' })) === null);
      return refusals.get(key)!;
    };
    const flush = async () => {
      await this.events.insertMany(pending.splice(0));
      for (const [projectId, items] of postings) await this.ledger.postEach(actor, projectId, items);
      postings.clear();
    };

    const breathe = breather();
    let flushAt = false;
    for (const r of rows) {
      await breathe();
      // A statement's worth at a time: 50,000 rows to insert, and their vouchers, are never all held at once.
      if (flushAt) {
        await flush();
        flushAt = false;
      }
      await step(r, async () => {
        const key = capitalKey(v(r, 'project')!, v(r, 'village')!, v(r, 'date')!, v(r, 'amount')!, v(r, 'reference'));
        if (seen.has(key)) return 'unchanged';
        const projectId = projectOf(r);
        const state = states.get(projectId)!;
        const villageId = villageIds.get(v(r, 'village')!);
        const fields = {
          date: v(r, 'date')!,
          amount: v(r, 'amount')!,
          kind: v(r, 'kind') as CapitalKind,
          fundSource: v(r, 'source'),
          reference: v(r, 'reference'),
          memo: v(r, 'memo'),
        };
        const amount = parseMoney(fields.amount, 'amount');
        const held = villageId !== undefined && state.participants.has(villageId) ? state.events.get(villageId) : undefined;
        const event = { date: fields.date, amount };
        const history = isHistory(fields.date, state.cutover);
        if (held && (history ? state.historyOpen : await postable(projectId, fields.date)) && neverBelowZero(held, event)) {
          const id = newId();
          pending.push({ id, projectId, villageId: villageId!, ...fields });
          held.list.push(event);
          flushAt = pending.length >= BULK_CHUNK;
          if (!history) {
            const village = villages.get(v(r, 'village')!)!;
            const vouchers = buildCapitalEvent({
              village: village.code,
              villageName: village.name,
              date: fields.date,
              amount,
              kind: fields.kind,
            });
            if (!postings.has(projectId)) postings.set(projectId, []);
            postings.get(projectId)!.push({ vouchers, source: { type: 'capital-event', id } });
          }
        } else {
          await flush();
          await this.capital.create(actor, projectId, {
            villageCode: v(r, 'village')!,
            date: fields.date,
            amount: fields.amount,
            kind: fields.kind,
            ...defined({ fundSource: fields.fundSource, reference: fields.reference, memo: fields.memo }),
          });
          held?.list.push(event);
        }
        seen.add(key);
        return 'created';
      });
    }
    await flush();
  }

  /**
   * Per project named, in id order (two imports lock in the same order): its cut-over date held, its participants
   * locked, and, when the sheet holds its history, the books locked, in the order CapitalService.create takes them.
   */
  private async lockProjects(
    rows: ImportRow[],
    projectIds: Map<string, string>,
    villageIds: Map<string, string>,
  ): Promise<Map<string, ProjectState>> {
    const named = new Map<string, ImportRow[]>();
    for (const r of rows) {
      const id = projectIds.get(r.values.project as string);
      if (id === undefined) continue;
      if (!named.has(id)) named.set(id, []);
      named.get(id)!.push(r);
    }
    const ids = [...named.keys()].sort();
    const stored = await this.events.amountsOf(ids);
    const states = new Map<string, ProjectState>();
    for (const id of ids) {
      const here = named.get(id)!;
      const cutover = await this.projects.cutoverDate(id);
      const wanted = [...new Set(here.flatMap((r) => villageIds.get(r.values.village as string) ?? []))];
      const participants = await this.participation.lockMany(id, wanted);
      let historyOpen = false;
      if (here.some((r) => isHistory(r.values.date as string, cutover))) {
        // The books' lock: an opening balance being posted now has read the history, or will read these events.
        await this.ledger.lock(id);
        historyOpen = !(await postedOpening(this.books, id));
      }
      const events = new Map([...participants].map((p) => [p, { list: [] as DatedAmount[], sound: true }]));
      for (const e of stored)
        if (e.projectId === id) events.get(e.villageId)?.list.push({ date: e.date, amount: parseMoney(e.amount, 'amount') });
      for (const held of events.values()) held.sound = firstDayBelowZero(held.list) === null;
      states.set(id, { cutover, participants, historyOpen, events });
    }
    return states;
  }
}

/** The village's events with this one never go below zero: a contribution to sound events never does (no re-check). */
function neverBelowZero(held: { list: DatedAmount[]; sound: boolean }, event: DatedAmount): boolean {
  if (event.amount === 0n || !held.sound) return false;
  return event.amount > 0n || firstDayBelowZero([...held.list, event]) === null;
}

/**
 * Lets the event loop run once every 500 calls: rows checked in memory resolve as microtasks, and 50,000 of them in
 * a row would hold every other request for a second.
 */
export function breather(): () => Promise<void> {
  let n = 0;
  return () => (++n % 500 === 0 ? new Promise<void>((resolve) => setImmediate(resolve)) : Promise.resolve());
}

/** As CapitalService: dated on or before the cut-over date, history of the old books. */
function isHistory(date: string, cutover: string | null): boolean {
  return cutover !== null && date <= cutover;
}

/** How an import matches a capital row with a stored event: project, village, date, amount and reference. */
export function capitalKey(project: string, village: string, date: string, amount: string, reference: string | null): string {
  return [project, village, date, amount, reference ?? ''].join('|');
}

/** The fields that have a value: an empty cell leaves a new record's field unset. */
export function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== null && x !== undefined)) as never;
}
