import { Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import { lastFourOf, maskAccount } from '../core/households/masking';
import { formatUnits, toMicro } from '../core/households/shares';
import { ImportIssue, ImportRow } from '../core/imports/read';
import { HouseholdsRepository } from '../households/households.repository';
import { HouseholdsService } from '../households/households.service';
import { ShareRegistersRepository } from '../households/share-registers.repository';
import { ShareRegistersService } from '../households/share-registers.service';
import { Actor } from '../platform/context/actor';
import { ImportsRepository } from './imports.repository';

/** Runs one row's work and counts it, or says its refusal on the row (ImportsService.apply's `step`). */
export type MemberStep = (row: ImportRow, work: () => Promise<'created' | 'changed' | 'unchanged'>) => Promise<void>;

type Count = { created: number; changed: number; unchanged: number };

/** What the members sheet did: households counted by the sheet's step, registers here; notes for the report. */
export interface MemberOutcome {
  registers: Count;
  /** Said in the report, not refused: e.g. a whole identity-card number cut to its last four. */
  notes: string[];
}

const v = (row: ImportRow, key: string) => row.values[key] as string | null;

/**
 * The members sheet (成员) of an import: one row per household and share kind. Each household (the first of its rows
 * gives its fields; the others must agree) goes through HouseholdsService — created, corrected when its fields
 * differ, else unchanged — so a refusal is the API's. Rows with a registration date make up, per village and date, one
 * version of the share register, written by ShareRegistersService.create (its rules' refusals said on the rows they
 * come from); a version already stored with the same holdings is unchanged, one with others is refused: versions are
 * never changed. A whole identity-card number is never stored: its last four are kept, and the report says so.
 */
@Injectable()
export class MemberRows {
  constructor(
    private readonly households: HouseholdsService,
    private readonly householdRows: HouseholdsRepository,
    private readonly registers: ShareRegistersService,
    private readonly registerRows: ShareRegistersRepository,
    private readonly stored: ImportsRepository,
  ) {}

  async write(actor: Actor, rows: ImportRow[], step: MemberStep, problems: ImportIssue[]): Promise<MemberOutcome> {
    const outcome: MemberOutcome = { registers: { created: 0, changed: 0, unchanged: 0 }, notes: [] };
    if (rows.length === 0) return outcome;
    const at = (row: ImportRow, key: string | null, message: string) =>
      problems.push({ sheet: row.sheet, row: row.row, column: key === null ? null : (row.headers[key] ?? null), message });
    const villageIds = new Map((await this.stored.villages([...new Set(rows.map((r) => v(r, 'village')!))])).map((x) => [x.code, x.id]));

    const groups = groupBy(rows, (r) => `${v(r, 'village')}\u0000${v(r, 'household')}`);
    for (const group of groups.values()) {
      const first = group[0];
      const villageId = villageIds.get(v(first, 'village')!);
      if (villageId === undefined) {
        for (const r of group) at(r, 'village', `没有编码为 "${v(r, 'village')}" 的村：请在村表中列出它`);
        continue;
      }
      let agree = true;
      for (const r of group.slice(1)) {
        for (const key of ['headName', 'idLast4', 'bankName', 'bankAccount']) {
          if ((v(r, key) ?? null) !== (v(first, key) ?? null)) {
            // An account is named masked, as everywhere but the payment file.
            const shown = key === 'bankAccount' && v(first, key) ? maskAccount(String(v(first, key))) : (v(first, key) ?? '');
            at(r, key, `同一户的各行须相同：第 ${first.row} 行为 ${JSON.stringify(shown)}`);
            agree = false;
          }
        }
      }
      if (!agree) continue;
      const id = v(first, 'idLast4') === null ? null : lastFourOf(v(first, 'idLast4')!);
      if (id?.cut) outcome.notes.push(`${first.sheet} 第${first.row}行 ${first.headers.idLast4}：是完整的身份证号，只保存了后四位`);
      await step(first, async () => {
        const fields = {
          headName: v(first, 'headName')!,
          ...(id?.last4 && { idLast4: id.last4 }),
          ...(v(first, 'bankName') !== null && { bankName: v(first, 'bankName')! }),
          ...(v(first, 'bankAccount') !== null && { bankAccount: v(first, 'bankAccount')! }),
        };
        const old = await this.householdRows.findByCode(villageId, v(first, 'household')!);
        if (!old) return (await this.households.create(actor, villageId, { code: v(first, 'household')!, ...fields }), 'created');
        const same =
          old.headName === fields.headName &&
          (fields.idLast4 === undefined || fields.idLast4 === old.idLast4) &&
          (fields.bankName === undefined || fields.bankName === old.bankName) &&
          (fields.bankAccount === undefined || fields.bankAccount === old.bankAccount);
        if (same) return 'unchanged';
        return (await this.households.update(actor, villageId, old.id, fields), 'changed');
      });
    }

    for (const r of rows) {
      const share = ['kind', 'units'].filter((k) => v(r, k) !== null);
      if (v(r, 'registeredOn') !== null && share.length < 2)
        for (const k of ['kind', 'units'].filter((x) => v(r, x) === null)) at(r, k, '填写了股权登记日的行须填写股种代码和股数');
      if (v(r, 'registeredOn') === null && share.length > 0) at(r, 'registeredOn', '填写了股种或股数的行须填写股权登记日');
    }
    const registerRows = rows.filter((r) => v(r, 'registeredOn') !== null && v(r, 'kind') !== null && v(r, 'units') !== null);
    for (const group of groupBy(registerRows, (r) => `${v(r, 'village')}\u0000${v(r, 'registeredOn')}`).values()) {
      const villageId = villageIds.get(v(group[0], 'village')!);
      if (villageId === undefined) continue;
      const kinds = new Map<string, { name: string; row: ImportRow }>();
      for (const r of group) {
        const name = v(r, 'kindName') ?? kinds.get(v(r, 'kind')!)?.name ?? v(r, 'kind')!;
        const known = kinds.get(v(r, 'kind')!);
        if (known && v(r, 'kindName') !== null && known.name !== name)
          at(r, 'kindName', `同一登记日同一股种的名称须相同：第 ${known.row.row} 行为 "${known.name}"`);
        else if (!known) kinds.set(v(r, 'kind')!, { name, row: r });
      }
      const dto = {
        registeredOn: v(group[0], 'registeredOn')!,
        kinds: [...kinds].map(([code, k]) => ({ code, name: k.name })),
        holdings: group.map((r) => ({ household: v(r, 'household')!, kind: v(r, 'kind')!, units: v(r, 'units')! })),
      };
      if (problems.length > 0) continue;
      const old = await this.registerRows.findByDate(villageId, dto.registeredOn);
      if (old) {
        const held = await this.registerRows.holdings(old.id);
        const key = (h: { household: string; kind: string; units: string }) =>
          `${h.household}\u0000${h.kind}\u0000${formatUnits(toMicro(h.units))}`;
        const stored = new Set(held.map((h) => key({ household: h.householdCode, kind: h.kind, units: h.units })));
        const wanted = new Set(dto.holdings.map(key));
        if (stored.size === wanted.size && [...wanted].every((k) => stored.has(k))) outcome.registers.unchanged += 1;
        else
          at(
            group[0],
            'registeredOn',
            `${dto.registeredOn} 的股权登记已经存在，且与本表不同：股权登记只增加新版本，不能修改；请用新的登记日`,
          );
        continue;
      }
      try {
        await this.registers.create(actor, villageId, dto);
        outcome.registers.created += 1;
      } catch (e) {
        if (!(e instanceof ValidationError || e instanceof ConflictError || e instanceof NotFoundError)) throw e;
        problems.push(...registerProblems(e, group, kinds));
      }
    }
    return outcome;
  }
}

/** A register's refusal said on its rows: `holdings[i].field` on the i-th row of the group, `kinds[i]` on the kind's first row. */
function registerProblems(
  e: ValidationError | ConflictError | NotFoundError,
  group: ImportRow[],
  kinds: Map<string, { row: ImportRow }>,
): ImportIssue[] {
  const kindRows = [...kinds.values()].map((k) => k.row);
  const on = (row: ImportRow, key: string | null, message: string): ImportIssue => ({
    sheet: row.sheet,
    row: row.row,
    column: key === null ? null : (row.headers[key] ?? null),
    message,
  });
  if (!(e instanceof ValidationError)) return [on(group[0], 'registeredOn', e.message)];
  return e.issues.map((i) => {
    const holding = /^holdings\[(\d+)\]\.(\w+)$/.exec(i.field);
    if (holding) return on(group[Number(holding[1])], holding[2], i.message);
    const kind = /^kinds\[(\d+)\]\.(\w+)$/.exec(i.field);
    if (kind) return on(kindRows[Number(kind[1])] ?? group[0], kind[2] === 'name' ? 'kindName' : 'kind', i.message);
    return on(group[0], null, i.message);
  });
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const i of items) {
    if (!out.has(key(i))) out.set(key(i), []);
    out.get(key(i))!.push(i);
  }
  return out;
}
