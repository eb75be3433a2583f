/**
 * Canonical form and hashes, so anyone can recompute a published distribution
 * and prove that inputs and result were not changed (docs/hashing.md).
 *
 * Canonical JSON: objects with their keys sorted by UTF-16 code unit order
 * (plain JS string order; all our keys are ASCII), arrays in order, no
 * whitespace at all, strings exactly as JSON.stringify writes them, integers
 * (only `year`) as JSON.stringify writes them. Amounts are already fixed
 * two-decimal strings; rates, shares and weights are their shortest decimal
 * strings ("0.06", "1", "12.5"). Anything else (bigint, fractional numbers,
 * undefined inside arrays) is refused rather than serialized ambiguously.
 */
import { Hash, createHash } from 'node:crypto';
import { InvariantError } from '../errors';
import { formatFen, formatMicro } from '../money';
import { setOwn } from '../codes';
import { Bracket, Bucket, Deduction, Policy } from './policy';
import { Scenario, Village, sortedEvents } from './scenario';
import type { VillageLine } from './result';

/**
 * Collects canonical text; when `flush` is given it is handed over in chunks
 * (hashing never holds it all). Pieces are joined once per chunk: appending
 * to one string builds a deep rope that is costly to flatten and to collect.
 * A chunk stays under 32,768 characters (64 KiB), so it is born and dies in
 * the young generation.
 */
class Sink {
  private parts: string[] = [];
  private length = 0;
  constructor(private readonly flush?: (chunk: string) => void) {}
  push(s: string): void {
    if (this.flush && s.length > CHUNK) {
      // A large piece (a batch of village lines) goes on as it is, not copied into a chunk.
      this.drain();
      return this.flush(s);
    }
    this.parts.push(s);
    this.length += s.length;
    if (this.flush && this.length > CHUNK) this.drain();
  }
  private drain(): void {
    if (this.length === 0) return;
    this.flush!(this.parts.join(''));
    this.parts = [];
    this.length = 0;
  }
  get text(): string {
    return this.parts.join('');
  }
}

const CHUNK = 16384;

/**
 * A sink that feeds SHA-256 with the UTF-8 of its text. Each chunk is encoded
 * into one reused buffer (grown when a chunk needs more): twice as fast as
 * handing the hash a string.
 */
function hashSink(hash: Hash): Sink {
  let buffer = Buffer.allocUnsafe(0);
  return new Sink((chunk) => {
    if (buffer.length < chunk.length * 3) buffer = Buffer.allocUnsafe(chunk.length * 3 + CHUNK);
    hash.update(buffer.subarray(0, buffer.write(chunk, 0, 'utf8')));
  });
}

/** The text left in a sink, into the hash; returns the hex digest. */
function digest(hash: Hash, out: Sink): string {
  hash.update(out.text, 'utf8');
  return hash.digest('hex');
}

export function canonicalJson(value: unknown): string {
  const out = new Sink();
  write(value, out);
  return out.text;
}

/** SHA-256 hex of canonicalJson(value), computed without building the whole text. */
export function canonicalSha256(value: unknown): string {
  const hash = createHash('sha256');
  const out = hashSink(hash);
  write(value, out);
  return digest(hash, out);
}

/** Characters JSON.stringify would escape; strings without them are quoted as they are (fast path). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON must escape
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function quote(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : '"' + s + '"';
}

/** A value that writes its own canonical text (a fast path held equal to the generic writer by the tests). */
export class SelfWriting {
  constructor(readonly writeTo: (push: (text: string) => void) => void) {}
}

function write(value: unknown, out: Sink): void {
  if (value === null) return void out.push('null');
  if (value instanceof SelfWriting) return value.writeTo((text) => out.push(text));
  switch (typeof value) {
    case 'string':
      return void out.push(quote(value));
    case 'boolean':
      return void out.push(value ? 'true' : 'false');
    case 'number':
      if (!Number.isSafeInteger(value)) throw new InvariantError(`规范 JSON：${value} 不是安全整数（只允许整数年份）`);
      return void out.push(String(value));
    case 'object': {
      if (Array.isArray(value)) {
        out.push('[');
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out.push(',');
          if (value[i] === undefined) throw new InvariantError('规范 JSON：数组中有 undefined');
          write(value[i], out);
        }
        return void out.push(']');
      }
      const o = value as Record<string, unknown>;
      const keys = Object.keys(o).sort();
      let first = true;
      out.push('{');
      for (const k of keys) {
        const v = o[k];
        if (v === undefined) continue;
        out.push(first ? quote(k) + ':' : ',' + quote(k) + ':');
        first = false;
        write(v, out);
      }
      return void out.push('}');
    }
    default:
      throw new InvariantError(`规范 JSON：无法写出 ${typeof value} 类型的值`);
  }
}

/**
 * The result's village lines in canonical form, `count` of them, each made by
 * `lineAt(k)` as it is written, in batches. Their keys are known, so there is
 * no generic key sort: a batch goes through one native JSON.stringify of
 * views with their keys in canonical order (which also flattens every text of
 * the batch while it is young). Bucket codes that are array indexes ("7")
 * would be ordered numerically by any object, so then the lines are written
 * piece by piece instead; a unit test holds both ways equal to canonicalJson.
 */
export function canonicalVillageLines(count: number, lineAt: (k: number) => VillageLine, bucketCodes: readonly string[]): SelfWriting {
  const codes = [...bucketCodes].sort();
  const probe: Record<string, string> = {};
  for (const c of codes) setOwn(probe, c, '');
  const keysInOrder = Object.keys(probe).every((k, i) => k === codes[i]);
  const sameOrder = keysInOrder && bucketCodes.every((c, i) => c === codes[i]);
  const sorted = (o: Record<string, string>) => {
    if (sameOrder) return o;
    const out: Record<string, string> = {};
    for (const c of codes) setOwn(out, c, o[c]);
    return out;
  };
  const view = (v: VillageLine) => {
    const t = v.trace;
    return {
      capitalBase: v.capitalBase,
      code: v.code,
      guaranteed: v.guaranteed,
      shares: sorted(v.shares),
      total: v.total,
      trace: { capital: t.capital, capitalBase: t.capitalBase, guaranteed: t.guaranteed, shares: sorted(t.shares), total: t.total },
    };
  };
  return new SelfWriting((push) => {
    push('[');
    const batch: object[] = [];
    for (let k = 0; k < count; k += VILLAGE_BATCH) {
      const end = Math.min(count, k + VILLAGE_BATCH);
      if (!keysInOrder) {
        for (let i = k; i < end; i++) push((i ? ',' : '') + canonicalVillageLine(lineAt(i), codes));
        continue;
      }
      batch.length = 0;
      for (let i = k; i < end; i++) batch.push(view(lineAt(i)));
      const text = JSON.stringify(batch);
      if (k) push(',');
      push(text.slice(1, -1));
    }
    push(']');
  });
}

/** Villages per JSON.stringify: their text (about 1,100 two-byte characters each) stays under 128 KiB, in the young generation. */
const VILLAGE_BATCH = 32;

/** One village line in canonical form, piece by piece, with `codes` the bucket codes sorted. */
function canonicalVillageLine(v: VillageLine, codes: readonly string[]): string {
  const byCode = (o: Record<string, string>) => {
    let text = '';
    for (let i = 0; i < codes.length; i++) text += (i ? ',' : '') + quote(codes[i]) + ':' + quote(o[codes[i]]);
    return text;
  };
  const t = v.trace;
  let capital = '';
  for (let i = 0; i < t.capital.length; i++) capital += (i ? ',' : '') + quote(t.capital[i]);
  return (
    '{"capitalBase":' +
    quote(v.capitalBase) +
    ',"code":' +
    quote(v.code) +
    ',"guaranteed":' +
    quote(v.guaranteed) +
    ',"shares":{' +
    byCode(v.shares) +
    '},"total":' +
    quote(v.total) +
    ',"trace":{"capital":[' +
    capital +
    '],"capitalBase":' +
    quote(t.capitalBase) +
    ',"guaranteed":' +
    quote(t.guaranteed) +
    ',"shares":{' +
    byCode(t.shares) +
    '},"total":' +
    quote(t.total) +
    '}}'
  );
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function named<T extends object>(code: string, name: string | undefined, rest: T): { code: string; name?: string } & T {
  return name === undefined ? { code, ...rest } : { code, name, ...rest };
}

type MapJson = (m: ReadonlyMap<string, bigint>, fmt: (x: bigint) => string) => object;

function mapJson(m: ReadonlyMap<string, bigint>, fmt: (x: bigint) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [...m.keys()].sort()) setOwn(out, k, fmt(m.get(k)!));
  return out;
}

/** A map by village code written straight in canonical form: keys in code unit order, no object per map. */
const mapWriting: MapJson = (m, fmt) =>
  new SelfWriting((push) => {
    push('{');
    [...m.keys()].sort().forEach((k, i) => push(`${i ? ',' : ''}${quote(k)}:${quote(fmt(m.get(k)!))}`));
    push('}');
  });

/** The policy as a policy document; `map` writes its maps by village code (weights, fixed amounts). */
export function policyJson(p: Policy, map: MapJson = mapJson): object {
  const bracket = (b: Bracket) =>
    b.upTo === null ? { rate: formatMicro(b.rate) } : { upTo: formatFen(b.upTo), rate: formatMicro(b.rate) };
  const deduction = (d: Deduction) =>
    named(d.code, d.name, d.kind === 'rate' ? { rate: formatMicro(d.rate) } : { brackets: d.brackets.map(bracket) });
  const bucket = (b: Bucket) =>
    named(b.code, b.name, {
      share: formatMicro(b.share),
      ...(b.kind === 'capital' && { weights: 'capital' }),
      ...(b.kind === 'weights' && { weights: map(b.weights, formatMicro) }),
      ...(b.kind === 'payee' && { payee: named(b.payee.code, b.payee.name, {}) }),
    });
  return {
    capitalBasis: p.capitalBasis,
    guaranteed:
      p.guaranteed.type === 'rate'
        ? { type: 'rate', rate: formatMicro(p.guaranteed.rate) }
        : { type: 'fixed', amounts: map(p.guaranteed.amounts, formatFen) },
    shortfall: p.shortfall,
    deductions: p.deductions.map(deduction),
    sharing: p.sharing.map(bucket),
  };
}

/**
 * The normalized scenario as a scenario document: defaults applied, villages
 * in code order, events in (village, date, amount) order, numbers in one
 * spelling. Parsing it again gives the same scenario.
 */
export function scenarioJson(s: Scenario, map: MapJson = mapJson): object {
  return {
    project: named(s.project.code, s.project.name, {}),
    year: s.year,
    policy: policyJson(s.policy, map),
    villages: sortedVillages(s.villages).map((v) => named(v.code, v.name, {})),
    contributions: sortedEvents(s.contributions).map((e) => ({ village: e.village, date: e.date, amount: formatFen(e.amount) })),
    result: { revenue: formatFen(s.result.revenue), costs: formatFen(s.result.costs) },
    deficitBroughtForward: formatFen(s.deficitBroughtForward),
  };
}

/**
 * SHA-256 of canonicalJson(scenarioJson(s)). The events, the villages and the maps by village code, which dominate
 * large scenarios, are written straight in canonical form instead of going through one object each (an event's keys
 * are amount, date, village, each value a code, a date or an amount needing no escapes; a village's are code, name);
 * a unit test holds both paths equal.
 */
export function inputsHash(s: Scenario): string {
  const contributions = new SelfWriting((push) => {
    push('[');
    const events = sortedEvents(s.contributions);
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      push(`${i ? ',' : ''}{"amount":"${formatFen(e.amount)}","date":"${e.date}","village":"${e.village}"}`);
    }
    push(']');
  });
  const villages = new SelfWriting((push) => {
    push('[');
    sortedVillages(s.villages).forEach((v, i) =>
      push(`${i ? ',' : ''}{"code":${quote(v.code)}${v.name === undefined ? '' : `,"name":${quote(v.name)}`}}`),
    );
    push(']');
  });
  return canonicalSha256({ ...scenarioJson({ ...s, contributions: [], villages: [] }, mapWriting), contributions, villages });
}

/** The villages in code order; parsed scenarios already are, so usually no copy. */
function sortedVillages(villages: readonly Village[]): readonly Village[] {
  for (let i = 1; i < villages.length; i++) if (villages[i - 1].code > villages[i].code) return [...villages].sort(compareByCode);
  return villages;
}

const compareByCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
