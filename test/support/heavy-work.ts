/**
 * The shapes of the heavy work of issue 10, shared by its e2e test (test/e2e/heavy-work.e2e-spec.ts) and the
 * benchmark that measures a service in its own process (scripts/bench/heavy-work.ts): the attack's 40,000-village
 * preview document, a valid chain of n vouchers written by SQL, and a request whose answer is hashed as it arrives.
 */
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import { cr, dr, GENESIS, VoucherContent, voucherHash } from '../../src/core/ledger';
import { formatFen } from '../../src/core/money';

/** The attack's shape: 40,000 villages, one contribution each, about 4 MB of JSON; the answer is about 24 MB. */
export function bigScenario(villages: number): object {
  const code = (i: number) => `V${String(i + 1).padStart(5, '0')}`;
  return {
    project: { code: 'HEAVY', name: '压力测试园区' },
    year: 2025,
    policy: { guaranteed: { type: 'rate', rate: '0.06' }, deductions: [{ code: 'reserve', name: '公积公益金', rate: '0.10' }] },
    villages: Array.from({ length: villages }, (_, i) => ({ code: code(i), name: `村${i + 1}` })),
    contributions: Array.from({ length: villages }, (_, i) => ({
      village: code(i),
      date: '2024-04-15',
      amount: `${100000 + (i % 997)}.00`,
    })),
    result: { revenue: `${villages * 20000}.00`, costs: `${villages * 1000}.00` },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Query = (sql: string, params?: unknown[]) => Promise<any[]>;

/** A connection as the owner of the schema: plain queries, and a transaction around a function. */
export interface OwnerConnection {
  query: Query;
  transaction<T>(fn: (query: Query) => Promise<T>): Promise<T>;
}

/**
 * A project whose books hold a valid chain of n vouchers (two lines each, n/12 a month in 2025), its head and
 * counters, written by SQL as the owner: verification then finds nothing wrong and has the whole chain to hash.
 */
export async function seedChain(db: OwnerConnection, n: number, code: string): Promise<string> {
  const [{ id: projectId }] = await db.query(
    `INSERT INTO project (code, name, start_date) VALUES ($1, '长链核验', '2025-01-01') RETURNING id`,
    [code],
  );
  const perMonth = Math.ceil(n / 12);
  const vouchers: Array<VoucherContent & { prevHash: string; hash: string }> = [];
  let prevHash = GENESIS;
  for (let i = 1; i <= n; i++) {
    const month = String(1 + Math.floor((i - 1) / perMonth)).padStart(2, '0');
    const amount = 10_000n + BigInt(i);
    const content: VoucherContent = {
      projectCode: code,
      sequence: i,
      voucherNumber: `2025-${month}-${String(((i - 1) % perMonth) + 1).padStart(4, '0')}`,
      date: `2025-${month}-01`,
      summary: `收到出资第${i}笔`,
      preparer: 'seed',
      reversalOf: null,
      lines: [dr('102', amount), cr('301-V01', amount)],
    };
    const hash = voucherHash(prevHash, content);
    vouchers.push({ ...content, prevHash, hash });
    prevHash = hash;
  }
  await db.query(`INSERT INTO book (id, kind, project_id) VALUES ($1, 'project', $1) ON CONFLICT DO NOTHING`, [projectId]);
  for (let at = 0; at < n; at += 10_000) {
    const part = vouchers.slice(at, at + 10_000);
    // Lines only in the transaction that wrote their voucher (a trigger checks it).
    await db.transaction(async (query) => {
      const ids: Array<{ id: string }> = await query(
        `INSERT INTO voucher (book_id, sequence, number, voucher_date, summary, preparer, source_type, source_id, prev_hash, hash)
         SELECT $1, s, n, d::date, su, 'seed', 'seed', s::text, ph, h
           FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS t(s, n, d, su, ph, h, o)
          ORDER BY o RETURNING id`,
        [
          projectId,
          part.map((v) => v.sequence),
          part.map((v) => v.voucherNumber),
          part.map((v) => v.date),
          part.map((v) => v.summary),
          part.map((v) => v.prevHash),
          part.map((v) => v.hash),
        ],
      );
      const lines = part.flatMap((v, i) => v.lines.map((l, j) => ({ id: ids[i].id, no: j + 1, ...l })));
      await query(
        `INSERT INTO voucher_line (voucher_id, line_no, account, debit, credit)
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::numeric[], $5::numeric[])`,
        [
          lines.map((l) => l.id),
          lines.map((l) => l.no),
          lines.map((l) => l.account),
          lines.map((l) => formatFen(l.debit)),
          lines.map((l) => formatFen(l.credit)),
        ],
      );
    });
  }
  await db.query(`INSERT INTO ledger_head (book_id, last_sequence, last_hash) VALUES ($1, $2, $3)`, [projectId, n, prevHash]);
  await db.query(
    `INSERT INTO voucher_counter (book_id, month, last_n)
     SELECT $1::uuid, substr(number, 1, 7), count(*) FROM voucher WHERE book_id = $1::uuid GROUP BY 1, 2`,
    [projectId],
  );
  return projectId;
}

export interface Answer {
  status: number;
  ms: number;
  bytes: number;
  sha256: string;
  text: string;
}

/** One request on a fresh connection; the body is hashed as it arrives and kept as text only when small. */
export function call(port: number, path: string, options: { token?: string; body?: Buffer } = {}): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.body ? 'POST' : 'GET',
        agent: false,
        headers: {
          ...(options.token && { authorization: `Bearer ${options.token}` }),
          ...(options.body && { 'content-type': 'application/json', 'content-length': options.body.length }),
        },
      },
      (res) => {
        const hash = createHash('sha256');
        const small: Buffer[] = [];
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          hash.update(chunk);
          bytes += chunk.length;
          if (bytes <= 4096) small.push(chunk);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            ms: performance.now() - started,
            bytes,
            sha256: hash.digest('hex'),
            text: Buffer.concat(small).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
