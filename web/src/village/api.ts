/**
 * The village's own pages (members, book, policy, member dividend run) talk to the service here. The routes and the
 * answers' shapes are those of the shared contract of issue 16 (households, share registers, the village book, the
 * village policies and runs); every call goes through the console's one client (src/api/client.ts: the session's
 * token, a 401 ends the session), by URL, so that these pages do not depend on the generated schema's paths.
 * Amounts, units and weights are decimal strings throughout, never JavaScript numbers.
 */
import { api, ok } from '../api/client';

type Call = (
  url: string,
  init?: { params?: { query?: Record<string, string | number | undefined> }; body?: unknown },
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
const loose = api as unknown as { GET: Call; POST: Call; PATCH: Call; PUT: Call };

function get<T>(url: string, query?: Record<string, string | number | undefined>): Promise<T> {
  return ok(loose.GET(url, { params: { query } })) as Promise<T>;
}
function post<T>(url: string, body: unknown = {}): Promise<T> {
  return ok(loose.POST(url, { body })) as Promise<T>;
}
function patch<T>(url: string, body: unknown): Promise<T> {
  return ok(loose.PATCH(url, { body })) as Promise<T>;
}
function put<T>(url: string, body: unknown): Promise<T> {
  return ok(loose.PUT(url, { body })) as Promise<T>;
}

/** A list answered as an array, or as a page `{ items, total }`. */
export function itemsOf<T>(answer: T[] | { items: T[] } | null | undefined): T[] {
  if (!answer) return [];
  return Array.isArray(answer) ? answer : (answer.items ?? []);
}

export interface Village {
  id: string;
  code: string;
  name: string;
}

export interface Household {
  id: string;
  villageId?: string;
  code: string;
  headName: string;
  idLast4?: string | null;
  bankName?: string | null;
  /** '6217 **** **** 1234': the full number is never in an answer but the audited bank-account read. */
  bankAccountMasked?: string | null;
  joinedOn?: string | null;
  leftOn?: string | null;
  leftReason?: string | null;
}
export interface HouseholdInput {
  code?: string;
  headName?: string;
  idLast4?: string;
  bankName?: string;
  bankAccount?: string;
  joinedOn?: string;
}

export interface ShareKind {
  code: string;
  name: string;
}
export interface RegisterSummary {
  id: string;
  registeredOn: string;
  householdCount?: number;
  holdingCount?: number;
  totals?: Array<{ kind: string; name?: string; units: string }>;
  memo?: string | null;
}
export interface RegisterHolding {
  householdId?: string;
  householdCode: string;
  headName?: string;
  kind: string;
  units: string;
}
export interface Register extends RegisterSummary {
  kinds: ShareKind[];
  holdings: RegisterHolding[];
}

export interface Digest {
  sequence: number;
  hash: string;
}
export interface VillageBook {
  villageId?: string;
  villageCode?: string;
  villageName?: string;
  opened: boolean;
  openedOn?: string | null;
  openedBy?: string | null;
  digest?: Digest | null;
  /** The income the book holds by year: investment income (502, the projects' dividends declared), other income (522). */
  income?: Array<{ year: number; investment: string; other: string; total: string }>;
}

export interface VillagePolicy {
  id?: string;
  villageId?: string;
  effectiveFromYear: number;
  version?: number;
  document: unknown;
  memo?: string | null;
  createdAt?: string;
  updatedAt?: string;
}

export type RunStatus = 'draft' | 'approved' | 'posted' | 'reversed';
export interface RunHousehold {
  id: string;
  code: string;
  headName: string;
  units: Record<string, string>;
  weight: string;
  amount: string;
  paid: string;
  outstanding: string;
  trace: string;
}
/** The run's statement (common.md "Village run statement JSON"). */
export interface VillageRunStatement {
  id: string;
  villageId: string;
  villageCode: string;
  villageName: string;
  year: number;
  status: RunStatus;
  register: { id: string; registeredOn: string };
  policy: { fromYear: number; version: number; document: object };
  income: { projects: Array<{ code: string; name: string; amount: string }>; other: string; total: string };
  keeps: Array<{ code: string; name: string; amount: string }>;
  kept: string;
  shared: string;
  kinds: Array<{ code: string; name: string; weight: string }>;
  households: RunHousehold[];
  totals: { amount: string; paid: string; outstanding: string };
  explanation: { income: string[]; keeps: string[]; shares: string[]; checks: string[]; rounding: string };
  inputsHash: string;
  resultHash: string;
  preparedBy: string;
  preparedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  postedBy: string | null;
  postedAt: string | null;
  postingDate: string | null;
  reversedBy: string | null;
  reversedAt: string | null;
  digest: Digest;
}
/** A run in the list (no households, no explanation); `preparedBy` and the others are logins. */
export interface RunSummary {
  id: string;
  villageId: string;
  year: number;
  status: RunStatus;
  income: string;
  kept: string;
  shared: string;
  households: number;
  preparedBy: string;
  preparedAt: string;
  reversedAt?: string | null;
  reversalReason?: string | null;
}
export interface Recomputed {
  identical: boolean;
  inputsHash: { stored: string; recomputed: string };
  resultHash: { stored: string; recomputed: string };
  records: { identical: boolean; differences: Array<{ path: string; stored: unknown; now: unknown }>; error?: string };
}

export interface PaymentFileLine {
  householdCode: string;
  headName: string;
  bankName: string | null;
  bankAccountMasked: string | null;
  amount: string;
}
/** A payment to a household (alone, or one line of a confirmed bank file), with its voucher in the village book. */
export interface HouseholdPayment {
  id: string;
  runId: string;
  householdCode: string;
  headName: string;
  amount: string;
  date: string;
  bankReference: string;
  fileId: string | null;
  status: 'posted' | 'reversed' | string;
  voucher: string;
  reversalVoucher: string | null;
  createdBy: string;
}
/** A bank payment file: `open` until the bank's payment is confirmed, then `confirmed` (or `cancelled`). */
export interface PaymentFile {
  id: string;
  runId: string;
  number: number;
  status: 'open' | 'confirmed' | 'cancelled' | string;
  total: string;
  lineCount: number;
  createdBy: string;
  createdAt: string;
  paidOn: string | null;
  bankReference: string | null;
  confirmedBy: string | null;
  confirmedAt: string | null;
  lines?: PaymentFileLine[];
  skipped?: Array<{ householdCode: string; headName: string; outstanding: string; reason: string }>;
}

const v = (villageId: string) => `/api/villages/${encodeURIComponent(villageId)}`;

export const villageApi = {
  village: (villageId: string) => get<Village>(v(villageId)),
  villages: () => get<{ items: Village[]; total: number }>('/api/villages', { page: 1, pageSize: 100 }),

  /** Every household, page by page (at most 500 a page). */
  households: async (villageId: string) => {
    const all: Household[] = [];
    for (let page = 1; ; page++) {
      const answer = await get<{ items: Household[]; total: number }>(`${v(villageId)}/households`, { page, pageSize: 500 });
      all.push(...answer.items);
      if (!answer.items.length || all.length >= answer.total) return all;
    }
  },
  addHousehold: (villageId: string, body: HouseholdInput) => post<Household>(`${v(villageId)}/households`, body),
  correctHousehold: (villageId: string, id: string, body: HouseholdInput) => patch<Household>(`${v(villageId)}/households/${id}`, body),
  leave: (villageId: string, id: string, body: { date: string; reason: string }) =>
    post<Household>(`${v(villageId)}/households/${id}/leave`, body),
  /** The unmasked number: the village's treasurer only, and every read is in the audit trail. */
  bankAccount: (villageId: string, id: string) =>
    get<{ bankName?: string | null; bankAccount: string }>(`${v(villageId)}/households/${id}/bank-account`),

  registers: (villageId: string) => get<RegisterSummary[] | { items: RegisterSummary[] }>(`${v(villageId)}/share-registers`).then(itemsOf),
  register: (villageId: string, id: string) => get<Register>(`${v(villageId)}/share-registers/${id}`),
  addRegister: (
    villageId: string,
    body: { registeredOn: string; kinds: ShareKind[]; holdings: Array<{ household: string; kind: string; units: string }>; memo?: string },
  ) => post<Register>(`${v(villageId)}/share-registers`, body),

  book: (villageId: string) => get<VillageBook>(`${v(villageId)}/book`),
  openBook: (villageId: string, openedOn: string) => post<VillageBook>(`${v(villageId)}/book`, { openedOn }),
  otherIncome: (villageId: string, body: { date: string; amount: string; summary: string }) =>
    post<{ voucher?: string; number?: string }>(`${v(villageId)}/book/other-income`, body),
  trialBalance: (villageId: string, asOf: string) => get<TrialBalance>(`${v(villageId)}/reports/trial-balance`, { asOf }),
  journal: (villageId: string, page: number, pageSize = 20) => get<JournalPage>(`${v(villageId)}/ledger/vouchers`, { page, pageSize }),
  verify: (villageId: string) => get<Verification>(`${v(villageId)}/ledger/verify`),
  closeYear: (villageId: string, year: number) => post<unknown>(`${v(villageId)}/years/${year}/close`),

  policies: (villageId: string) => get<VillagePolicy[] | { items: VillagePolicy[] }>(`${v(villageId)}/policies`).then(itemsOf),
  addPolicy: (villageId: string, body: { effectiveFromYear: number; policy: unknown; memo?: string }) =>
    post<VillagePolicy>(`${v(villageId)}/policies`, body),
  changePolicy: (villageId: string, fromYear: number, body: { policy: unknown; memo?: string }) =>
    put<VillagePolicy>(`${v(villageId)}/policies/${fromYear}`, body),

  runs: (villageId: string, year?: number) =>
    get<RunSummary[] | { items: RunSummary[] }>(`${v(villageId)}/runs`, year ? { year } : undefined).then(itemsOf),
  statement: (villageId: string, runId: string) => get<VillageRunStatement>(`${v(villageId)}/runs/${runId}`),
  draft: (villageId: string, year: number, postingDate?: string) =>
    post<VillageRunStatement>(`${v(villageId)}/runs`, postingDate ? { year, postingDate } : { year }),
  approve: (villageId: string, runId: string) => post<unknown>(`${v(villageId)}/runs/${runId}/approve`),
  post: (villageId: string, runId: string, date: string) => post<unknown>(`${v(villageId)}/runs/${runId}/post`, { date }),
  reverse: (villageId: string, runId: string, reason: string, date?: string) =>
    post<unknown>(`${v(villageId)}/runs/${runId}/reverse`, date ? { reason, date } : { reason }),
  recompute: (villageId: string, runId: string) => get<Recomputed>(`${v(villageId)}/runs/${runId}/recompute`),

  paymentFiles: (villageId: string, runId: string) =>
    get<PaymentFile[] | { items: PaymentFile[] }>(`${v(villageId)}/runs/${runId}/payment-files`).then(itemsOf),
  paymentFile: (villageId: string, runId: string, fileId: string) =>
    get<PaymentFile>(`${v(villageId)}/runs/${runId}/payment-files/${fileId}`),
  createPaymentFile: (villageId: string, runId: string) => post<PaymentFile>(`${v(villageId)}/runs/${runId}/payment-files`),
  confirmPaymentFile: (villageId: string, runId: string, fileId: string, body: { paidOn: string; bankReference: string }) =>
    post<PaymentFile>(`${v(villageId)}/runs/${runId}/payment-files/${fileId}/confirm`, body),
  cancelPaymentFile: (villageId: string, runId: string, fileId: string) =>
    post<PaymentFile>(`${v(villageId)}/runs/${runId}/payment-files/${fileId}/cancel`),
  pay: (villageId: string, runId: string, body: { household: string; amount: string; date: string; bankReference: string }) =>
    post<HouseholdPayment>(`${v(villageId)}/runs/${runId}/payments`, body),
  payments: (villageId: string, runId: string) =>
    get<HouseholdPayment[] | { items: HouseholdPayment[] }>(`${v(villageId)}/runs/${runId}/payments`).then(itemsOf),
  reversePayment: (villageId: string, runId: string, paymentId: string, date: string) =>
    post<HouseholdPayment>(`${v(villageId)}/runs/${runId}/payments/${paymentId}/reverse`, { date }),
};

/** The URLs of the documents (fetched with the token by DownloadButtons / download()). */
export const villageDocs = {
  paymentFileCsv: (villageId: string, runId: string, fileId: string) => `${v(villageId)}/runs/${runId}/payment-files/${fileId}?format=csv`,
  slips: (villageId: string, runId: string, household?: string) =>
    `${v(villageId)}/runs/${runId}/slips${household ? `?household=${encodeURIComponent(household)}` : ''}`,
  publicity: (villageId: string, runId: string) => `${v(villageId)}/runs/${runId}/publicity`,
  statement: (villageId: string, runId: string) => `${v(villageId)}/runs/${runId}/statement`,
  trialBalance: (villageId: string, asOf: string) => `${v(villageId)}/reports/trial-balance?asOf=${asOf}`,
};

export interface TrialBalance {
  rows: Array<{ account: string; name: string; debit: string; credit: string; balance?: string; [k: string]: unknown }>;
  balanced: boolean;
  asOf?: string;
  digest?: Digest | null;
}
export interface JournalVoucher {
  number: string;
  date: string;
  summary: string;
  sequence?: number;
  hash?: string;
  lines: Array<{ account: string; debit: string; credit: string; memo?: string; name?: string }>;
}
export interface JournalPage {
  items: JournalVoucher[];
  total: number;
  page?: number;
  pageSize?: number;
}
export interface Verification {
  ok: boolean;
  count: number;
  voucherNumber?: string | null;
  reason?: string | null;
  digest?: Digest | null;
}
