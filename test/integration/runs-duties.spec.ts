/**
 * Separation of duties at the service level (issue 9, "Also"): a run cannot be
 * approved through an account its preparer created or last changed, even when
 * the account's owner has since replaced the password the preparer set; and
 * every step of a run leaves an event in the project's chain, in the same
 * transaction as the step (a refused approval leaves none).
 */
import { AuthService } from '../../src/access/auth.service';
import { CapitalService } from '../../src/capital/capital.service';
import { ConflictError } from '../../src/core/errors';
import { FixedClock } from '../../src/platform/clock/clock';
import { Actor, systemActor } from '../../src/platform/context/actor';
import { PoliciesService } from '../../src/policies/policies.service';
import { ProjectsService } from '../../src/projects/projects.service';
import { ResultsService } from '../../src/results/results.service';
import { RunsService } from '../../src/runs/runs.service';
import { UsersService } from '../../src/users/users.service';
import { VillagesService } from '../../src/villages/villages.service';
import { TEST_PASSWORD, uniqueCode } from '../support/test-app';
import { createTestModule, TestModule } from '../support/test-module';

describe('runs: four eyes through second accounts, and the run steps in the event chain', () => {
  let t: TestModule;
  let projectId: string;
  let runs: RunsService;
  let users: UsersService;

  /** A real account, made by `by` (a system task unless given), as the actor its owner would sign in as. */
  async function account(role: 'admin' | 'accountant', by: Actor = systemActor('test')): Promise<Actor> {
    const login = uniqueCode(role.slice(0, 3)).toLowerCase();
    const u = await users.create(by, { login, displayName: login, role, password: TEST_PASSWORD });
    return { userId: u.id, login: u.login, role: u.role, villageId: null };
  }
  const events = async (runId: string) =>
    (
      await t.db.query(
        `SELECT kind, to_char(event_date, 'YYYY-MM-DD') AS date, actor_login AS "actorLogin", payload
           FROM ledger_event WHERE subject_id = $1 ORDER BY sequence`,
        [runId],
      )
    ).map((e: { payload: string }) => ({ ...e, payload: JSON.parse(e.payload) }));

  beforeAll(async () => {
    t = await createTestModule({ clock: new FixedClock('2026-06-30') });
    runs = t.get(RunsService);
    users = t.get(UsersService);
    const setup = await account('accountant');
    const villageCode = uniqueCode('V');
    await t.get(VillagesService).create(setup, { code: villageCode, name: '职责村' });
    projectId = (await t.get(ProjectsService).create(setup, { code: uniqueCode('P'), name: '职责项目', startDate: '2024-01-01' })).id;
    await t.get(ProjectsService).addParticipant(setup, projectId, { villageCode });
    await t.get(CapitalService).create(setup, projectId, { villageCode, date: '2024-01-01', amount: '100000.00', kind: 'cash' });
    await t.get(ResultsService).create(setup, projectId, { year: 2024, revenue: '50000.00', costs: '10000.00' });
    await t
      .get(PoliciesService)
      .create(setup, projectId, { effectiveFromYear: 2024, policy: { guaranteed: { type: 'rate', rate: '0.06' } } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a checker whose account the maker last changed, and a maker whose account the checker last changed', async () => {
    const maker = await account('accountant');
    const checker = await account('accountant');
    // The maker changes the checker's account (as an admin would, before a change of role): the rule sees it.
    await users.update(maker, checker.userId!, { displayName: '改过的' });
    const draft = await runs.create(maker, projectId, 2024);
    const refusal = runs.approve(checker, projectId, draft.id);
    await expect(refusal).rejects.toThrow(ConflictError);
    await expect(refusal).rejects.toThrow('你的账号是编制这次分红计算的用户创建或最后修改的');
    // The other way round: the checker's own draft cannot be approved by the maker, whose changes made the checker's account.
    const mirror = await runs.create(checker, projectId, 2024);
    await expect(runs.approve(maker, projectId, mirror.id)).rejects.toThrow('其账号是你创建或最后修改的');
    // A third accountant, set up by neither, may approve both.
    const third = await account('accountant');
    await expect(runs.approve(third, projectId, draft.id)).resolves.toMatchObject({ status: 'approved', approvedBy: third.userId });
    expect((await events(draft.id)).map((e: { kind: string }) => e.kind)).toEqual(['run.prepared', 'run.approved']);
    expect((await events(mirror.id)).map((e: { kind: string }) => e.kind)).toEqual(['run.prepared']);
  });

  it('keeps the resetter on record after the owner replaces the one-time password the resetter set', async () => {
    const maker = await account('accountant');
    const checker = await account('accountant');
    const reset = await users.resetPassword(maker, checker.userId!);
    await t.get(AuthService).changePassword(checker, reset.initialPassword, 'a-new-long-password');
    expect(await users.get(checker.userId!)).toMatchObject({ createdBy: null, updatedBy: maker.userId, mustChangePassword: false });
    const draft = await runs.create(maker, projectId, 2024);
    await expect(runs.approve(checker, projectId, draft.id)).rejects.toThrow('你的账号是编制这次分红计算的用户创建');
  });

  it('records who created and who last changed an account', async () => {
    const admin = await account('admin');
    const other = await account('admin');
    const made = await account('accountant', admin);
    expect(await users.get(made.userId!)).toMatchObject({ createdBy: admin.userId, updatedBy: null });
    await users.update(other, made.userId!, { enabled: false });
    expect(await users.get(made.userId!)).toMatchObject({ createdBy: admin.userId, updatedBy: other.userId });
    await users.update(systemActor('a command'), made.userId!, { enabled: true });
    expect(await users.get(made.userId!)).toMatchObject({ createdBy: admin.userId, updatedBy: null });
  });

  it('chains each step of a run: prepared, approved, posted, reversed, with the hashes, dates and actors', async () => {
    const maker = await account('accountant');
    const checker = await account('accountant');
    const draft = await runs.create(maker, projectId, 2024);
    await runs.approve(checker, projectId, draft.id);
    const posted = await runs.post(checker, projectId, draft.id, '2025-03-31');
    expect(posted).toMatchObject({ postedBy: checker.userId, postedByLogin: checker.login });
    const reversed = await runs.reverse(maker, projectId, draft.id, undefined);
    expect(reversed).toMatchObject({ reversedBy: maker.userId, reversedByLogin: maker.login, reversalDate: '2026-06-30' });
    const hashes = { runId: draft.id, year: 2024, inputsHash: draft.inputsHash, resultHash: draft.resultHash };
    expect(await events(draft.id)).toEqual([
      { kind: 'run.prepared', date: '2026-06-30', actorLogin: maker.login, payload: hashes },
      { kind: 'run.approved', date: '2026-06-30', actorLogin: checker.login, payload: hashes },
      { kind: 'run.posted', date: '2025-03-31', actorLogin: checker.login, payload: { ...hashes, date: '2025-03-31' } },
      { kind: 'run.reversed', date: '2026-06-30', actorLogin: maker.login, payload: { ...hashes, date: '2026-06-30' } },
    ]);
  });
});
