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
import { createHash } from 'node:crypto';
import { InvariantError } from '../errors';
import { formatFen, formatMicro } from '../money';
import { setOwn } from '../codes';
import { Bracket, Bucket, Deduction, Policy } from './policy';
import { Scenario, sortedEvents } from './scenario';
import type { VillageLine } from './result';

/**
 * Collects canonical text; when `flush` is given it is handed over in chunks
 * (hashing never holds it all). Pieces are joined once per chunk: appending
 * to one string builds a deep rope that is costly to flatten and to collect.
 */
class Sink {
  private parts: string[] = [];
  private length = 0;
  constructor(private readonly flush?: (chunk: string) => void) {}
  push(s: string): void {
    this.parts.push(s);
    this.length += s.length;
    if (this.flush && this.length > 65536) {
      this.flush(this.parts.join(''));
      this.parts = [];
      this.length = 0;
    }
  }
  get text(): string {
    return this.parts.join('');
  }
}

export function canonicalJson(value: unknown): string {
  const out = new Sink();
  write(value, out);
  return out.text;
}

/** SHA-256 hex of canonicalJson(value), computed without building the whole text. */
export function canonicalSha256(value: unknown): string {
  const hash = createHash('sha256');
  const out = new Sink((chunk) => hash.update(chunk, 'utf8'));
  write(value, out);
  hash.update(out.text, 'utf8');
  return hash.digest('hex');
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
 * The result's village lines in canonical form, written straight: their keys
 * are known, so no per-object key sort, and each string is quoted by the
 * native JSON.stringify. With 100,000 villages this halves the hashing time.
 */
export function canonicalVillageLines(villages: readonly VillageLine[], bucketCodes: readonly string[]): SelfWriting {
  const q = JSON.stringify;
  const codes = [...bucketCodes].sort();
  const byCode = (o: Record<string, string>) => {
    let text = '';
    for (let i = 0; i < codes.length; i++) text += (i ? ',' : '') + q(codes[i]) + ':' + q(o[codes[i]]);
    return text;
  };
  return new SelfWriting((push) => {
    push('[');
    for (let k = 0; k < villages.length; k++) {
      const v = villages[k];
      const t = v.trace;
      let capital = '';
      for (let i = 0; i < t.capital.length; i++) capital += (i ? ',' : '') + q(t.capital[i]);
      push(
        (k ? ',' : '') +
          '{"capitalBase":' +
          q(v.capitalBase) +
          ',"code":' +
          q(v.code) +
          ',"guaranteed":' +
          q(v.guaranteed) +
          ',"shares":{' +
          byCode(v.shares) +
          '},"total":' +
          q(v.total) +
          ',"trace":{"capital":[' +
          capital +
          '],"capitalBase":' +
          q(t.capitalBase) +
          ',"guaranteed":' +
          q(t.guaranteed) +
          ',"shares":{' +
          byCode(t.shares) +
          '},"total":' +
          q(t.total) +
          '}}',
      );
    }
    push(']');
  });
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function named<T extends object>(code: string, name: string | undefined, rest: T): { code: string; name?: string } & T {
  return name === undefined ? { code, ...rest } : { code, name, ...rest };
}

function mapJson(m: ReadonlyMap<string, bigint>, fmt: (x: bigint) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [...m.keys()].sort()) setOwn(out, k, fmt(m.get(k)!));
  return out;
}

export function policyJson(p: Policy): object {
  const bracket = (b: Bracket) =>
    b.upTo === null ? { rate: formatMicro(b.rate) } : { upTo: formatFen(b.upTo), rate: formatMicro(b.rate) };
  const deduction = (d: Deduction) =>
    named(d.code, d.name, d.kind === 'rate' ? { rate: formatMicro(d.rate) } : { brackets: d.brackets.map(bracket) });
  const bucket = (b: Bucket) =>
    named(b.code, b.name, {
      share: formatMicro(b.share),
      ...(b.kind === 'capital' && { weights: 'capital' }),
      ...(b.kind === 'weights' && { weights: mapJson(b.weights, formatMicro) }),
      ...(b.kind === 'payee' && { payee: named(b.payee.code, b.payee.name, {}) }),
    });
  return {
    capitalBasis: p.capitalBasis,
    guaranteed:
      p.guaranteed.type === 'rate'
        ? { type: 'rate', rate: formatMicro(p.guaranteed.rate) }
        : { type: 'fixed', amounts: mapJson(p.guaranteed.amounts, formatFen) },
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
export function scenarioJson(s: Scenario): object {
  return {
    project: named(s.project.code, s.project.name, {}),
    year: s.year,
    policy: policyJson(s.policy),
    villages: [...s.villages].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)).map((v) => named(v.code, v.name, {})),
    contributions: sortedEvents(s.contributions).map((e) => ({ village: e.village, date: e.date, amount: formatFen(e.amount) })),
    result: { revenue: formatFen(s.result.revenue), costs: formatFen(s.result.costs) },
    deficitBroughtForward: formatFen(s.deficitBroughtForward),
  };
}

/**
 * SHA-256 of canonicalJson(scenarioJson(s)). The events, which dominate large
 * scenarios, are written straight in canonical form (keys amount, date,
 * village; every value is a code, a date or an amount, none needing escapes)
 * instead of going through one object each; a unit test holds both paths equal.
 */
export function inputsHash(s: Scenario): string {
  const hash = createHash('sha256');
  const out = new Sink((chunk) => hash.update(chunk, 'utf8'));
  // "contributions" sorts before every other key of the scenario document.
  out.push('{"contributions":[');
  const events = sortedEvents(s.contributions);
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    out.push(`${i ? ',' : ''}{"amount":"${formatFen(e.amount)}","date":"${e.date}","village":"${e.village}"}`);
  }
  out.push('],');
  const rest = canonicalJson({ ...scenarioJson({ ...s, contributions: [] }), contributions: undefined });
  out.push(rest.slice(1));
  hash.update(out.text, 'utf8');
  return hash.digest('hex');
}
