import { flushPromises as flush, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { useSession } from '../src/stores/session';
import type { VillageRunStatement } from '../src/village/api';
import VillageRunView from '../src/views/VillageRunView.vue';

/**
 * The member run's page: who sees which step (村账乡代管: the treasurer prepares and posts, an accountant who did not
 * prepare it approves), and a posted run's households with what is still owed. The service is stubbed here; the
 * browser test (test/browser/village.browser-spec.ts) runs the same page against the real one.
 */
const api = vi.hoisted(() => ({
  runs: vi.fn(),
  statement: vi.fn(),
  paymentFiles: vi.fn(),
  payments: vi.fn(),
}));
vi.mock('../src/village/api', async (original) => ({
  ...(await original<typeof import('../src/village/api')>()),
  villageApi: api,
}));

function statement(status: VillageRunStatement['status'], preparedBy: string): VillageRunStatement {
  const household = (code: string, headName: string, amount: string, paid: string, outstanding: string) => ({
    id: code,
    code,
    headName,
    units: { POP: '3' },
    weight: '3',
    amount,
    paid,
    outstanding,
    trace: `${code} 的计算过程`,
  });
  return {
    id: 'run-1',
    villageId: 'v-1',
    villageCode: 'V01',
    villageName: '程壁村',
    year: 2025,
    status,
    register: { id: 'r-1', registeredOn: '2025-06-30' },
    policy: { fromYear: 2025, version: 1, document: {} },
    income: { projects: [{ code: 'DH-1', name: '定湖村飞地香菇园区', amount: '34500.00' }], other: '0.00', total: '34500.00' },
    keeps: [{ code: 'reserve', name: '公积公益金', amount: '3450.00' }],
    kept: '3450.00',
    shared: '31050.00',
    kinds: [{ code: 'POP', name: '人口股', weight: '1' }],
    households: [household('H001', '弓长东', '15525.00', '15525.00', '0.00'), household('H002', '张三', '15525.00', '0.00', '15525.00')],
    totals: { amount: '31050.00', paid: '15525.00', outstanding: '15525.00' },
    explanation: { income: [], keeps: [], shares: [], checks: [], rounding: '最大余数法' },
    inputsHash: 'a'.repeat(64),
    resultHash: 'b'.repeat(64),
    preparedBy,
    preparedAt: '2026-01-10T02:00:00Z',
    approvedBy: null,
    approvedAt: null,
    postedBy: null,
    postedAt: null,
    postingDate: null,
    reversedBy: null,
    reversedAt: null,
    digest: { sequence: 3, hash: 'c'.repeat(64) },
  };
}

async function page(role: string, login: string, s: VillageRunStatement) {
  setActivePinia(createPinia());
  const session = useSession();
  session.token = 'token';
  session.user = { id: `${login}-id`, login, displayName: login, role, villageId: role === 'treasurer' ? 'v-1' : null } as never;
  api.runs.mockResolvedValue([{ id: s.id, villageId: 'v-1', year: 2025, status: s.status }]);
  api.statement.mockResolvedValue(s);
  api.paymentFiles.mockResolvedValue([]);
  api.payments.mockResolvedValue([]);
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/villages/:villageId/runs/:year', component: VillageRunView }],
  });
  await router.push('/villages/v-1/runs/2025');
  await router.isReady();
  const w = mount(VillageRunView, { global: { plugins: [router] } });
  for (let i = 0; i < 3; i++) {
    await flush();
    await nextTick();
  }
  return w;
}

describe('the member run’s page', () => {
  beforeEach(() => vi.clearAllMocks());

  it('offers an accountant the approval of a draft another user prepared', async () => {
    const w = await page('accountant', 'li.kuaiji', statement('draft', 'chengbi'));
    expect(w.find('[data-test=village-run-status]').text()).toContain('草稿');
    expect(w.find('[data-test=village-approve]').exists()).toBe(true);
  });

  it('does not offer the accountant who prepared it its approval (another must approve)', async () => {
    const w = await page('accountant', 'li.kuaiji', statement('draft', 'li.kuaiji'));
    expect(w.find('[data-test=village-approve]').exists()).toBe(false);
    expect(w.findAll('button').some((b) => b.text() === '审核' && b.attributes('disabled') !== undefined)).toBe(true);
  });

  it('tells the treasurer the draft waits for the township’s accountant, and offers no approval', async () => {
    const w = await page('treasurer', 'chengbi', statement('draft', 'chengbi'));
    expect(w.find('[data-test=village-approve]').exists()).toBe(false);
    expect(w.text()).toContain('等待乡镇会计审核');
  });

  it('lets the treasurer post an approved run, and pay only the households still owed once it is posted', async () => {
    const approved = await page('treasurer', 'chengbi', statement('approved', 'chengbi'));
    expect(approved.find('[data-test=village-post]').exists()).toBe(true);
    expect(approved.find('[data-test=pay-H002]').exists()).toBe(false);

    const posted = await page('treasurer', 'chengbi', statement('posted', 'chengbi'));
    expect(posted.find('[data-test=village-reverse]').exists()).toBe(false);
    expect(posted.find('[data-test=pay-H001]').exists()).toBe(false);
    expect(posted.find('[data-test=pay-H002]').exists()).toBe(true);
    expect(posted.find('[data-test=total-outstanding]').text()).toBe('¥15,525.00');
    expect(posted.find('[data-test=payment-file-create]').exists()).toBe(true);
  });

  it('offers the accountant the reversal of a posted run, and the auditor nothing that writes', async () => {
    const accountant = await page('accountant', 'li.kuaiji', statement('posted', 'chengbi'));
    expect(accountant.find('[data-test=village-reverse]').exists()).toBe(true);
    const auditor = await page('auditor', 'wang.shenji', statement('posted', 'chengbi'));
    for (const t of ['village-reverse', 'pay-H002', 'payment-file-create', 'village-approve', 'village-post'])
      expect(auditor.find(`[data-test=${t}]`).exists()).toBe(false);
    expect(auditor.find('[data-test=households]').text()).toContain('张三');
  });
});
