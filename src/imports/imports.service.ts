import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { createHash } from 'node:crypto';
import { ConflictError, CoreError, NotFoundError, ValidationError } from '../core/errors';
import { ImportIssue, ImportRow, ImportRows } from '../core/imports/read';
import { SheetKind, SHEETS } from '../core/imports/sheets';
import { OpeningBalancesService } from '../opening-balances/opening-balances.service';
import { AuditTrail } from '../platform/audit/audit-trail';
import { Actor } from '../platform/context/actor';
import { Workers } from '../platform/workers/workers';
import { ProjectsService } from '../projects/projects.service';
import { ResultsService } from '../results/results.service';
import { TownshipsService } from '../townships/townships.service';
import { VillagesService } from '../villages/villages.service';
import { TownshipsRepository } from '../townships/townships.repository';
import { VillagesRepository } from '../villages/villages.repository';
import { ParticipationRepository } from '../projects/participation.repository';
import { breather, capitalKey, CapitalRows, defined } from './capital-rows';
import { ImportsRepository, StoredProject } from './imports.repository';
import { MemberRows } from './member-rows';
import { unpackRows } from './packed-rows';
import { READ_WORKER, readUploadTask } from './read.worker';

export interface UploadedFile {
  originalname: string;
  buffer: Buffer;
}

type Count = { created: number; changed: number; unchanged: number };

/** What an import did (or, in a dry run, would do): per sheet, and the vouchers it posts. */
export interface ImportReport {
  dryRun: boolean;
  files: Array<{ name: string; sha256: string }>;
  /** SHA-256 of the upload: of the one file, or of the files' hashes in order, one per line. */
  sha256: string;
  sheets: Record<SheetKind, Count>;
  /** Versions of share registers (the members sheet's rows with a registration date, per village and date). */
  registers: Count;
  vouchersPosted: number;
  /** What was done that the file did not say as such: a whole identity-card number cut to its last four. */
  notes: string[];
}

/** Refused: every problem, each with its sheet, row and column. */
export class ImportRefused extends ValidationError {
  constructor(public readonly problems: ImportIssue[]) {
    super(
      problems.map((p) => ({
        field: `${p.sheet}${p.row === null ? '' : ` 第${p.row}行`}${p.column === null ? '' : ` ${p.column}`}`,
        message: p.message,
      })),
      'IMPORT_REFUSED',
    );
  }
}

/** Thrown at the end of a dry run to roll its transaction back; carries the report. */
class DryRunDone extends Error {
  constructor(public readonly report: ImportReport) {
    super('dry run');
  }
}

/** Which column of a sheet a service's field names. */
const COLUMN_OF: Record<string, string> = {
  villageCode: 'village',
  townshipCode: 'township',
  hostVillageCode: 'hostVillage',
  parkName: 'park',
  operatorName: 'operator',
  fundSource: 'source',
  wagesPaid: 'wages',
  mushroomLogs: 'logs',
};

const same = (a: string | null | undefined, b: string | null | undefined) => (a ?? null) === (b ?? null);

/**
 * Import (导入, spec onboarding.md): townships, villages, projects,
 * participants, capital (history included), results and opening lines from one
 * workbook or CSV files, applied in one transaction, all rows or none. New
 * townships, villages, participants and capital events are checked in memory
 * and written in bulk (capital-rows.ts), with one audit entry for the import
 * (the file's SHA-256 and the counts); every other row, and any the bulk
 * checks would refuse, goes through its record's own service, which says the
 * refusal in its own words. Rows are matched by code (capital by project,
 * village, date, amount and reference), so the same file imported again
 * changes nothing. A dry run applies it the same way and rolls it back.
 */
@Injectable()
export class ImportsService {
  constructor(
    private readonly stored: ImportsRepository,
    private readonly townships: TownshipsService,
    private readonly villages: VillagesService,
    private readonly projects: ProjectsService,
    private readonly capital: CapitalRows,
    private readonly townshipRows: TownshipsRepository,
    private readonly villageRows: VillagesRepository,
    private readonly participation: ParticipationRepository,
    private readonly results: ResultsService,
    private readonly openings: OpeningBalancesService,
    private readonly members: MemberRows,
    private readonly audit: AuditTrail,
    private readonly workers: Workers,
  ) {}

  async import(actor: Actor, files: UploadedFile[], dryRun: boolean): Promise<ImportReport> {
    if (files.length === 0) throw ValidationError.of('file', '请上传一个 Excel 工作簿（.xlsx）或一组 CSV 文件（字段名 file）', 'NO_FILE');
    const hashes = files.map((f) => ({ name: f.originalname, sha256: createHash('sha256').update(f.buffer).digest('hex') }));
    const sha256 =
      hashes.length === 1
        ? hashes[0].sha256
        : createHash('sha256')
            .update(hashes.map((h) => h.sha256).join('\n'))
            .digest('hex');
    // In a worker thread: the event loop keeps answering while a large workbook is unzipped and read.
    const read = await this.workers.run(READ_WORKER, readUploadTask, {
      files: files.map((f) => ({ name: f.originalname, data: new Uint8Array(f.buffer) })),
    });
    const { issues } = read;
    const rows = unpackRows(read.rows);
    const problems = [...issues, ...crossCheck(rows)];
    if (problems.length > 0) throw new ImportRefused(problems);
    try {
      return await this.apply(actor, rows, { dryRun, files: hashes, sha256 });
    } catch (e) {
      if (e instanceof DryRunDone) return e.report;
      throw e;
    }
  }

  /** Applies every row in one transaction; any row's refusal rolls all back, with every refusal collected first. */
  @Transactional()
  private async apply(actor: Actor, rows: ImportRows, upload: Pick<ImportReport, 'dryRun' | 'files' | 'sha256'>): Promise<ImportReport> {
    const sheets = Object.fromEntries(SHEETS.map((s) => [s.kind, { created: 0, changed: 0, unchanged: 0 }])) as Record<SheetKind, Count>;
    const problems: ImportIssue[] = [];
    const breathe = breather();
    const step = async (row: ImportRow, kind: SheetKind, work: () => Promise<'created' | 'changed' | 'unchanged'>) => {
      try {
        sheets[kind][await work()] += 1;
      } catch (e) {
        // A rule of the records (not a broken statement: the transaction is still good), said for this row.
        if (!(e instanceof ValidationError || e instanceof ConflictError || e instanceof NotFoundError)) throw e;
        problems.push(...rowProblems(row, e));
      }
    };
    const v = (row: ImportRow, key: string) => row.values[key] as string | null;

    // New townships, villages, participants and capital history are written in bulk, a statement per few thousand
    // rows, with the one audit entry of the import; a change, and any row the bulk checks would refuse, goes through
    // its module's service, which says the refusal (and records its own entry).
    const townships = new Map((await this.stored.townships(rows.townships.map((r) => v(r, 'code')!))).map((t) => [t.code, t]));
    const newTownships: Array<{ code: string; name: string }> = [];
    for (const r of rows.townships) {
      await breathe();
      const old = townships.get(v(r, 'code')!);
      if (!old) {
        newTownships.push({ code: v(r, 'code')!, name: v(r, 'name')! });
        sheets.townships.created += 1;
        continue;
      }
      await step(r, 'townships', async () => {
        if (old.name === v(r, 'name')) return 'unchanged';
        return (await this.townships.update(actor, old.id, { name: v(r, 'name')! }), 'changed');
      });
    }
    await this.townshipRows.insertMany(newTownships);

    const villages = new Map((await this.stored.villages(rows.villages.map((r) => v(r, 'code')!))).map((x) => [x.code, x]));
    const townshipIds = new Map(
      (await this.stored.townships([...new Set(rows.villages.flatMap((r) => v(r, 'township') ?? []))])).map((t) => [t.code, t.id]),
    );
    const creditHolders = await this.stored.creditCodeHolders(rows.villages.flatMap((r) => v(r, 'creditCode') ?? []));
    const newVillages: Parameters<VillagesRepository['insertMany']>[0] = [];
    const flushVillages = async () => this.villageRows.insertMany(newVillages.splice(0));
    for (const r of rows.villages) {
      await breathe();
      const fields = { name: v(r, 'name')!, townshipCode: v(r, 'township'), creditCode: v(r, 'creditCode') };
      const old = villages.get(v(r, 'code')!);
      const { townshipCode: township, creditCode } = fields;
      if (!old && (township === null || townshipIds.has(township)) && (creditCode === null || !creditHolders.has(creditCode))) {
        newVillages.push({ code: v(r, 'code')!, name: fields.name, townshipId: township && townshipIds.get(township)!, creditCode });
        if (creditCode) creditHolders.set(creditCode, v(r, 'code')!);
        sheets.villages.created += 1;
        continue;
      }
      if (old && old.name === fields.name && same(old.township, township) && same(old.creditCode, creditCode)) {
        sheets.villages.unchanged += 1;
        continue;
      }
      await flushVillages();
      await step(r, 'villages', async () => {
        if (!old) return (await this.villages.create(actor, { ...defined(fields), code: v(r, 'code')!, name: fields.name }), 'created');
        await this.villages.update(actor, old.id, fields);
        if (old.creditCode) creditHolders.delete(old.creditCode);
        if (creditCode) creditHolders.set(creditCode, old.code);
        return 'changed';
      });
    }
    await flushVillages();

    // Each project's cut-over date comes from its opening lines: set before its capital history, which it decides.
    const cutover = new Map(rows.opening.map((r) => [v(r, 'project')!, v(r, 'cutoverDate')!]));
    const named = [...rows.participants, ...rows.capital, ...rows.results, ...rows.opening].map((r) => v(r, 'project')!);
    const projectCodes = [...new Set([...rows.projects.map((r) => v(r, 'code')!), ...named])];
    let projects = new Map((await this.stored.projects(projectCodes)).map((p) => [p.code, p]));
    for (const r of rows.projects) {
      await step(r, 'projects', async () => {
        const code = v(r, 'code')!;
        const old = projects.get(code);
        const fields = {
          name: v(r, 'name')!,
          parkName: v(r, 'park'),
          phase: v(r, 'phase'),
          hostVillageCode: v(r, 'hostVillage'),
          operatorName: v(r, 'operator'),
          startDate: v(r, 'startDate'),
          cutoverDate: cutover.get(code) ?? old?.cutoverDate ?? null,
        };
        if (!old) return (await this.projects.create(actor, { ...defined(fields), code, name: fields.name }), 'created');
        if (projectUnchanged(old, fields)) return 'unchanged';
        return (await this.projects.update(actor, old.id, fields), 'changed');
      });
    }
    // A project only named by opening lines takes their cut-over date too.
    for (const r of rows.opening) {
      const p = projects.get(v(r, 'project')!);
      if (p && !rows.projects.some((x) => v(x, 'code') === p.code) && !same(p.cutoverDate, v(r, 'cutoverDate'))) {
        await step(r, 'projects', async () => (await this.projects.update(actor, p.id, { cutoverDate: v(r, 'cutoverDate') }), 'changed'));
        p.cutoverDate = v(r, 'cutoverDate');
      }
    }
    projects = new Map((await this.stored.projects(projectCodes)).map((p) => [p.code, p]));
    const projectId = (r: ImportRow) => {
      const p = projects.get(v(r, 'project')!);
      if (!p) throw ValidationError.of('project', `没有编码为 "${v(r, 'project')}" 的项目：请在项目表中列出它`, 'UNKNOWN_PROJECT');
      return p.id;
    };

    const taking = await this.stored.participants(projectCodes);
    const villageIds = new Map(
      (await this.stored.villages([...new Set(rows.participants.map((r) => v(r, 'village')!))])).map((x) => [x.code, x.id]),
    );
    const joining = new Map<string, string[]>();
    for (const r of rows.participants) {
      await breathe();
      await step(r, 'participants', async () => {
        if (taking.has(`${v(r, 'project')}|${v(r, 'village')}`)) return 'unchanged';
        const id = projectId(r);
        const villageId = villageIds.get(v(r, 'village')!);
        // An unknown village: the service says so.
        if (villageId === undefined) return (await this.projects.addParticipant(actor, id, { villageCode: v(r, 'village')! }), 'created');
        // As addParticipant: the project's row locked first.
        if (!joining.has(id)) {
          await this.projects.lock(id);
          joining.set(id, []);
        }
        joining.get(id)!.push(villageId);
        taking.add(`${v(r, 'project')}|${v(r, 'village')}`);
        return 'created';
      });
    }
    for (const [id, villageIdsHere] of joining) await this.participation.insertMany(id, villageIdsHere);

    const events = new Set(
      (await this.stored.capital(projectCodes)).map((e) => capitalKey(e.project, e.village, e.date, e.amount, e.reference)),
    );
    const projectIds = new Map([...projects.values()].map((p) => [p.code, p.id]));
    await this.capital.write(actor, rows.capital, projectIds, projectId, events, (r, work) => step(r, 'capital', work));

    const openings = await this.stored.openings(projectCodes);
    for (const [code, lines] of groupBy(rows.opening, (r) => v(r, 'project')!)) {
      await step(lines[0], 'opening', async () => {
        const wanted = lines.map((r) => `${v(r, 'account')}:${v(r, 'debit') ?? '0.00'}:${v(r, 'credit') ?? '0.00'}`).join(';');
        if (openings.some((o) => o.project === code && o.asOf === v(lines[0], 'cutoverDate') && o.lines === wanted)) return 'unchanged';
        try {
          await this.openings.create(actor, projectId(lines[0]), {
            lines: lines.map((r) => ({ account: v(r, 'account')!, debit: v(r, 'debit') ?? '0.00', credit: v(r, 'credit') ?? '0.00' })),
          });
        } catch (e) {
          throw e instanceof ValidationError ? new OpeningLinesError(e, lines) : e;
        }
        return 'created';
      });
    }

    const results = new Map((await this.stored.results(projectCodes)).map((x) => [`${x.project}|${x.year}`, x]));
    for (const r of rows.results) {
      await step(r, 'results', async () => {
        const year = r.values.year as number;
        const old = results.get(`${v(r, 'project')}|${year}`);
        const figures = defined({
          mushroomLogs: r.values.logs as number | null,
          freshKg: v(r, 'freshKg'),
          driedKg: v(r, 'driedKg'),
          jobs: r.values.jobs as number | null,
          wagesPaid: v(r, 'wages'),
        });
        if (!old) {
          await this.results.create(actor, projectId(r), { year, revenue: v(r, 'revenue')!, costs: v(r, 'costs')!, ...figures });
          return 'created';
        }
        if (old.revenue === v(r, 'revenue') && old.costs === v(r, 'costs')) return 'unchanged';
        await this.results.update(actor, projectId(r), year, { revenue: v(r, 'revenue')!, costs: v(r, 'costs')! });
        return 'changed';
      });
    }

    // Last: the members name villages of the sheets before.
    const { registers, notes } = await this.members.write(actor, rows.members, (r, work) => step(r, 'members', work), problems);

    if (problems.length > 0) throw new ImportRefused(problems);
    const report: ImportReport = { ...upload, sheets, registers, vouchersPosted: await this.stored.vouchersPostedHere(), notes };
    if (upload.dryRun) throw new DryRunDone(report);
    const changed = [...Object.values(sheets), registers].some((c) => c.created + c.changed > 0);
    // The same file again changes nothing, not even the trail.
    if (changed)
      await this.audit.record(actor, 'import', 'import', sha256Id(upload.sha256), {
        files: upload.files,
        sheets,
        registers,
        vouchersPosted: report.vouchersPosted,
        notes,
      });
    return report;
  }
}

/** A refusal of an opening balance: its `lines[i]` issues said on the i-th opening row of the project. */
class OpeningLinesError extends ValidationError {
  constructor(
    public readonly cause: ValidationError,
    public readonly rows: ImportRow[],
  ) {
    super(cause.issues, cause.code);
  }
}

function sha256Id(sha256: string): string {
  return `sha256:${sha256}`;
}

function projectUnchanged(old: StoredProject, f: Record<string, string | null>): boolean {
  return (
    old.name === f.name &&
    same(old.park, f.parkName) &&
    same(old.phase, f.phase) &&
    same(old.hostVillage, f.hostVillageCode) &&
    same(old.operator, f.operatorName) &&
    same(old.startDate, f.startDate) &&
    same(old.cutoverDate, f.cutoverDate)
  );
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const i of items) {
    if (!out.has(key(i))) out.set(key(i), []);
    out.get(key(i))!.push(i);
  }
  return out;
}

/** A service's refusal said on the row (and column) it came from. */
function rowProblems(row: ImportRow, e: CoreError): ImportIssue[] {
  const column = (field: string | undefined) => {
    if (!field) return null;
    const key = COLUMN_OF[field] ?? field;
    return row.headers[key] ?? null;
  };
  if (e instanceof OpeningLinesError) {
    return e.issues.map((i) => {
      const m = /^lines\[(\d+)\](?:\.(\w+))?$/.exec(i.field);
      const at = m ? e.rows[Number(m[1])] : e.rows[0];
      return { sheet: at.sheet, row: at.row, column: m?.[2] ? (at.headers[m[2]] ?? null) : at.headers.account, message: i.message };
    });
  }
  if (e instanceof ValidationError)
    return e.issues.map((i) => ({ sheet: row.sheet, row: row.row, column: column(i.field), message: i.message }));
  const field = e instanceof ConflictError ? e.field : undefined;
  return [{ sheet: row.sheet, row: row.row, column: column(field), message: e.message }];
}

/** Rules between rows of the upload, before anything is applied: a code twice, and one cut-over date per project. */
function crossCheck(rows: ImportRows): ImportIssue[] {
  const issues: ImportIssue[] = [];
  const once = (kind: SheetKind, key: (r: ImportRow) => string, column: string, what: string) => {
    const first = new Map<string, ImportRow>();
    for (const r of rows[kind]) {
      const k = key(r);
      const prev = first.get(k);
      if (prev) issues.push({ sheet: r.sheet, row: r.row, column: r.headers[column], message: `${what}与第 ${prev.row} 行重复` });
      else first.set(k, r);
    }
  };
  const s = (r: ImportRow, k: string) => String(r.values[k] ?? '');
  once('townships', (r) => s(r, 'code'), 'code', '编码');
  once('villages', (r) => s(r, 'code'), 'code', '编码');
  once('villages', (r) => (r.values.creditCode ? s(r, 'creditCode') : `row:${r.row}`), 'creditCode', '统一社会信用代码');
  once('projects', (r) => s(r, 'code'), 'code', '编码');
  once('participants', (r) => `${s(r, 'project')}|${s(r, 'village')}`, 'village', '参与村');
  once('results', (r) => `${s(r, 'project')}|${s(r, 'year')}`, 'year', '项目与年度');
  once('opening', (r) => `${s(r, 'project')}|${s(r, 'account')}`, 'account', '项目与科目');
  once('members', (r) => `${s(r, 'village')}|${s(r, 'household')}|${s(r, 'registeredOn')}|${s(r, 'kind')}`, 'kind', '户、股权登记日和股种');
  const cutover = new Map<string, ImportRow>();
  for (const r of rows.opening) {
    const first = cutover.get(s(r, 'project'));
    if (!first) cutover.set(s(r, 'project'), r);
    else if (s(first, 'cutoverDate') !== s(r, 'cutoverDate')) {
      issues.push({
        sheet: r.sheet,
        row: r.row,
        column: r.headers.cutoverDate,
        message: `同一项目的截止日须相同：第 ${first.row} 行为 ${s(first, 'cutoverDate')}`,
      });
    }
  }
  return issues;
}
