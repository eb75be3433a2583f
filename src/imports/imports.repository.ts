import { Injectable } from '@nestjs/common';
import { Repository } from '../platform/database/repository';

/** What an import compares a row with: the stored record of the same code (or key), as plain text. */
export interface StoredTownship {
  id: string;
  code: string;
  name: string;
}
export interface StoredVillage {
  id: string;
  code: string;
  name: string;
  township: string | null;
  creditCode: string | null;
}
export interface StoredProject {
  id: string;
  code: string;
  name: string;
  park: string | null;
  phase: string | null;
  hostVillage: string | null;
  operator: string | null;
  startDate: string | null;
  cutoverDate: string | null;
}
export interface StoredCapital {
  project: string;
  village: string;
  date: string;
  amount: string;
  reference: string | null;
}
export interface StoredResult {
  project: string;
  year: number;
  revenue: string;
  costs: string;
}
export interface StoredOpening {
  project: string;
  asOf: string;
  status: string;
  /** account:debit:credit per line, in line order, joined by ';'. */
  lines: string;
}

/**
 * Reads for the import (src/imports): the records an upload names, by code,
 * across tables other modules own (township, village, project,
 * project_village, capital_event, year_result, opening_balance). It writes
 * nothing: the owning modules' services and repositories do.
 */
@Injectable()
export class ImportsRepository extends Repository {
  townships(codes: string[]): Promise<StoredTownship[]> {
    return this.rows('SELECT id, code, name FROM township WHERE code = ANY($1::text[])', [codes]);
  }

  villages(codes: string[]): Promise<StoredVillage[]> {
    return this.rows(
      `SELECT v.id, v.code, v.name, t.code AS township, v.credit_code AS "creditCode"
         FROM village v LEFT JOIN township t ON t.id = v.township_id WHERE v.code = ANY($1::text[])`,
      [codes],
    );
  }

  projects(codes: string[]): Promise<StoredProject[]> {
    return this.rows(
      `SELECT p.id, p.code, p.name, p.park_name AS park, p.phase, hv.code AS "hostVillage", p.operator_name AS operator,
              to_char(p.start_date, 'YYYY-MM-DD') AS "startDate", to_char(p.cutover_date, 'YYYY-MM-DD') AS "cutoverDate"
         FROM project p LEFT JOIN village hv ON hv.id = p.host_village_id WHERE p.code = ANY($1::text[])`,
      [codes],
    );
  }

  /** The villages (codes) holding these credit codes, by credit code. */
  async creditCodeHolders(creditCodes: string[]): Promise<Map<string, string>> {
    const rows = await this.rows<{ creditCode: string; code: string }>(
      'SELECT credit_code AS "creditCode", code FROM village WHERE credit_code = ANY($1::text[])',
      [creditCodes],
    );
    return new Map(rows.map((r) => [r.creditCode, r.code]));
  }

  /** Pairs "project code|village code" that take part. */
  async participants(projectCodes: string[]): Promise<Set<string>> {
    const rows = await this.rows<{ key: string }>(
      `SELECT p.code || '|' || v.code AS key FROM project_village pv JOIN project p ON p.id = pv.project_id
         JOIN village v ON v.id = pv.village_id WHERE p.code = ANY($1::text[])`,
      [projectCodes],
    );
    return new Set(rows.map((r) => r.key));
  }

  capital(projectCodes: string[]): Promise<StoredCapital[]> {
    return this.rows(
      `SELECT p.code AS project, v.code AS village, to_char(e.event_date, 'YYYY-MM-DD') AS date, e.amount::text AS amount, e.reference
         FROM capital_event e JOIN project p ON p.id = e.project_id JOIN village v ON v.id = e.village_id
        WHERE p.code = ANY($1::text[])`,
      [projectCodes],
    );
  }

  results(projectCodes: string[]): Promise<StoredResult[]> {
    return this.rows(
      `SELECT p.code AS project, r.year, r.revenue::text AS revenue, r.costs::text AS costs
         FROM year_result r JOIN project p ON p.id = r.project_id WHERE p.code = ANY($1::text[])`,
      [projectCodes],
    );
  }

  /** The opening balance documents of these projects that are not reversed, with their lines in a comparable form. */
  openings(projectCodes: string[]): Promise<StoredOpening[]> {
    return this.rows(
      `SELECT p.code AS project, to_char(o.as_of, 'YYYY-MM-DD') AS "asOf", o.status,
              (SELECT string_agg(l.account || ':' || l.debit::text || ':' || l.credit::text, ';' ORDER BY l.line_no)
                 FROM opening_balance_line l WHERE l.opening_balance_id = o.id) AS lines
         FROM opening_balance o JOIN project p ON p.id = o.project_id
        WHERE p.code = ANY($1::text[]) AND o.status <> 'reversed'`,
      [projectCodes],
    );
  }

  /** How many vouchers the current transaction has posted (voucher.txid is set by the database). */
  async vouchersPostedHere(): Promise<number> {
    const row = await this.one<{ n: number }>('SELECT count(*)::int AS n FROM voucher WHERE txid = txid_current()');
    return row!.n;
  }
}
