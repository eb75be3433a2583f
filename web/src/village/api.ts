/**
 * The village's own pages (members, book, policy, member dividend run) talk to the service here: households, share
 * registers, the village book, the village policies and runs (issue 16). Every call goes through the console's one
 * typed client (src/api/client.ts: the session's token, a 401 ends the session) with the route's path template, and
 * every answer is typed by the generated schema (src/api/schema.d.ts, from the service's OpenAPI document).
 * Amounts, units and weights are decimal strings throughout, never JavaScript numbers.
 */
import { api, ok, type Schemas } from '../api/client';

export type Village = Schemas['VillageResponse'];

export type Household = Schemas['HouseholdResponse'];
export type NewHousehold = Schemas['CreateHouseholdDto'];
/** A correction: only the fields sent change (the code is fixed once the household is added). */
export type HouseholdCorrection = Schemas['UpdateHouseholdDto'];
export type BankAccount = Schemas['BankAccountResponse'];

export type ShareKind = Schemas['ShareKindDto'];
export type RegisterSummary = Schemas['ShareRegisterSummaryResponse'];
export type RegisterHolding = Schemas['ShareHoldingResponse'];
export type Register = Schemas['ShareRegisterResponse'];
export type NewRegister = Schemas['CreateShareRegisterDto'];

export type Digest = Schemas['DigestResponse'];
export type VillageBook = Schemas['VillageBookResponse'];
export type TrialBalance = Schemas['TrialBalanceResponse'];
export type JournalVoucher = Schemas['VillageVoucherResponse'];
export type JournalPage = Schemas['VillageJournalPageResponse'];
export type Verification = Schemas['LedgerVerificationResponse'];

export type VillagePolicy = Schemas['VillagePolicyResponse'];
/**
 * A policy document as sent. The generated request bodies type `policy` as an empty object (the DTO's free-form JSON),
 * so the calls below take any JSON object and pass it through.
 */
export type PolicyDocument = Record<string, unknown>;
export type NewVillagePolicy = Omit<Schemas['CreateVillagePolicyDto'], 'policy'> & { policy: PolicyDocument };
export type VillagePolicyChange = Omit<Schemas['UpdateVillagePolicyDto'], 'policy'> & { policy: PolicyDocument };

/** The run's statement (common.md "Village run statement JSON"). */
export type VillageRunStatement = Schemas['VillageRunStatementResponse'];
export type RunStatus = VillageRunStatement['status'];
export type RunHousehold = Schemas['VillageRunStatementHouseholdResponse'];
/** A run in the list (no households, no explanation); `preparedBy` and the others are logins. */
export type RunSummary = Schemas['VillageRunSummaryResponse'];
export type RunPosting = Schemas['VillageRunPostingResponse'];
export type Recomputed = Schemas['VillageRunRecomputeResponse'];

/** A payment to a household (alone, or one line of a confirmed bank file), with its voucher in the village book. */
export type HouseholdPayment = Schemas['VillagePaymentResponse'];
/** A bank payment file in the list: `open` until the bank's payment is confirmed, then `confirmed` (or `cancelled`). */
export type PaymentFile = Schemas['PaymentFileSummaryResponse'];
/** A bank payment file with its lines and the payments of its confirmation. */
export type PaymentFileDetail = Schemas['PaymentFileResponse'];
/** A new bank payment file, with the households left out of it and why. */
export type NewPaymentFile = Schemas['NewPaymentFileResponse'];
export type PaymentFileLine = Schemas['VillageRunPaymentFileLineResponse'];

const at = (villageId: string) => ({ villageId });
const ofRun = (villageId: string, runId: string) => ({ villageId, runId });

export const villageApi = {
  village: (villageId: string) => ok(api.GET('/api/villages/{id}', { params: { path: { id: villageId } } })),
  villages: () => ok(api.GET('/api/villages', { params: { query: { page: 1, pageSize: 100 } } })),

  /** Every household, page by page (at most 500 a page). */
  households: async (villageId: string) => {
    const all: Household[] = [];
    for (let page = 1; ; page++) {
      const answer = await ok(
        api.GET('/api/villages/{villageId}/households', { params: { path: at(villageId), query: { page, pageSize: 500 } } }),
      );
      all.push(...answer.items);
      if (!answer.items.length || all.length >= answer.total) return all;
    }
  },
  addHousehold: (villageId: string, body: NewHousehold) =>
    ok(api.POST('/api/villages/{villageId}/households', { params: { path: at(villageId) }, body })),
  correctHousehold: (villageId: string, id: string, body: HouseholdCorrection) =>
    ok(api.PATCH('/api/villages/{villageId}/households/{householdId}', { params: { path: { villageId, householdId: id } }, body })),
  leave: (villageId: string, id: string, body: Schemas['LeaveHouseholdDto']) =>
    ok(api.POST('/api/villages/{villageId}/households/{householdId}/leave', { params: { path: { villageId, householdId: id } }, body })),
  /** The unmasked number: the village's treasurer only, and every read is in the audit trail. */
  bankAccount: (villageId: string, id: string) =>
    ok(api.GET('/api/villages/{villageId}/households/{householdId}/bank-account', { params: { path: { villageId, householdId: id } } })),

  registers: (villageId: string) => ok(api.GET('/api/villages/{villageId}/share-registers', { params: { path: at(villageId) } })),
  register: (villageId: string, id: string) =>
    ok(api.GET('/api/villages/{villageId}/share-registers/{registerId}', { params: { path: { villageId, registerId: id } } })),
  addRegister: (villageId: string, body: NewRegister) =>
    ok(api.POST('/api/villages/{villageId}/share-registers', { params: { path: at(villageId) }, body })),

  book: (villageId: string) => ok(api.GET('/api/villages/{villageId}/book', { params: { path: at(villageId) } })),
  openBook: (villageId: string, openedOn: string) =>
    ok(api.POST('/api/villages/{villageId}/book', { params: { path: at(villageId) }, body: { openedOn } })),
  otherIncome: (villageId: string, body: Schemas['VillageOtherIncomeDto']) =>
    ok(api.POST('/api/villages/{villageId}/book/other-income', { params: { path: at(villageId) }, body })),
  trialBalance: (villageId: string, asOf: string) =>
    ok(api.GET('/api/villages/{villageId}/reports/trial-balance', { params: { path: at(villageId), query: { asOf } } })),
  journal: (villageId: string, page: number, pageSize = 20) =>
    ok(api.GET('/api/villages/{villageId}/ledger/vouchers', { params: { path: at(villageId), query: { page, pageSize } } })),
  verify: (villageId: string) => ok(api.GET('/api/villages/{villageId}/ledger/verify', { params: { path: at(villageId) } })),
  closeYear: (villageId: string, year: number) =>
    ok(api.POST('/api/villages/{villageId}/years/{year}/close', { params: { path: { villageId, year } } })),

  policies: (villageId: string) => ok(api.GET('/api/villages/{villageId}/policies', { params: { path: at(villageId) } })),
  addPolicy: (villageId: string, body: NewVillagePolicy) =>
    ok(
      api.POST('/api/villages/{villageId}/policies', {
        params: { path: at(villageId) },
        body: body as Schemas['CreateVillagePolicyDto'],
      }),
    ),
  changePolicy: (villageId: string, fromYear: number, body: VillagePolicyChange) =>
    ok(
      api.PUT('/api/villages/{villageId}/policies/{fromYear}', {
        params: { path: { villageId, fromYear } },
        body: body as Schemas['UpdateVillagePolicyDto'],
      }),
    ),

  runs: (villageId: string, year?: number) =>
    ok(api.GET('/api/villages/{villageId}/runs', { params: { path: at(villageId), query: year ? { year } : {} } })),
  statement: (villageId: string, runId: string) =>
    ok(api.GET('/api/villages/{villageId}/runs/{runId}', { params: { path: ofRun(villageId, runId) } })),
  draft: (villageId: string, year: number, postingDate?: string) =>
    ok(
      api.POST('/api/villages/{villageId}/runs', {
        params: { path: at(villageId) },
        body: postingDate ? { year, postingDate } : { year },
      }),
    ),
  approve: (villageId: string, runId: string) =>
    ok(api.POST('/api/villages/{villageId}/runs/{runId}/approve', { params: { path: ofRun(villageId, runId) } })),
  post: (villageId: string, runId: string, date: string) =>
    ok(api.POST('/api/villages/{villageId}/runs/{runId}/post', { params: { path: ofRun(villageId, runId) }, body: { date } })),
  reverse: (villageId: string, runId: string, reason: string, date?: string) =>
    ok(
      api.POST('/api/villages/{villageId}/runs/{runId}/reverse', {
        params: { path: ofRun(villageId, runId) },
        body: date ? { reason, date } : { reason },
      }),
    ),
  recompute: (villageId: string, runId: string) =>
    ok(api.GET('/api/villages/{villageId}/runs/{runId}/recompute', { params: { path: ofRun(villageId, runId) } })),

  paymentFiles: (villageId: string, runId: string) =>
    ok(api.GET('/api/villages/{villageId}/runs/{runId}/payment-files', { params: { path: ofRun(villageId, runId) } })),
  paymentFile: (villageId: string, runId: string, fileId: string) =>
    ok(
      api.GET('/api/villages/{villageId}/runs/{runId}/payment-files/{fileId}', {
        params: { path: { villageId, runId, fileId } },
      }),
    ),
  createPaymentFile: (villageId: string, runId: string) =>
    ok(api.POST('/api/villages/{villageId}/runs/{runId}/payment-files', { params: { path: ofRun(villageId, runId) } })),
  confirmPaymentFile: (villageId: string, runId: string, fileId: string, body: Schemas['ConfirmPaymentFileDto']) =>
    ok(
      api.POST('/api/villages/{villageId}/runs/{runId}/payment-files/{fileId}/confirm', {
        params: { path: { villageId, runId, fileId } },
        body,
      }),
    ),
  cancelPaymentFile: (villageId: string, runId: string, fileId: string) =>
    ok(
      api.POST('/api/villages/{villageId}/runs/{runId}/payment-files/{fileId}/cancel', {
        params: { path: { villageId, runId, fileId } },
      }),
    ),
  pay: (villageId: string, runId: string, body: Schemas['HouseholdPaymentDto']) =>
    ok(api.POST('/api/villages/{villageId}/runs/{runId}/payments', { params: { path: ofRun(villageId, runId) }, body })),
  payments: (villageId: string, runId: string) =>
    ok(api.GET('/api/villages/{villageId}/runs/{runId}/payments', { params: { path: ofRun(villageId, runId) } })),
  reversePayment: (villageId: string, runId: string, paymentId: string, date: string) =>
    ok(
      api.POST('/api/villages/{villageId}/runs/{runId}/payments/{paymentId}/reverse', {
        params: { path: { villageId, runId, paymentId } },
        body: { date },
      }),
    ),
};

const v = (villageId: string) => `/api/villages/${encodeURIComponent(villageId)}`;

/** The URLs of the documents (fetched with the token by DownloadButtons / download()). */
export const villageDocs = {
  paymentFileCsv: (villageId: string, runId: string, fileId: string) => `${v(villageId)}/runs/${runId}/payment-files/${fileId}?format=csv`,
  slips: (villageId: string, runId: string, household?: string) =>
    `${v(villageId)}/runs/${runId}/slips${household ? `?household=${encodeURIComponent(household)}` : ''}`,
  publicity: (villageId: string, runId: string) => `${v(villageId)}/runs/${runId}/publicity`,
  statement: (villageId: string, runId: string) => `${v(villageId)}/runs/${runId}/statement`,
  trialBalance: (villageId: string, asOf: string) => `${v(villageId)}/reports/trial-balance?asOf=${asOf}`,
};
