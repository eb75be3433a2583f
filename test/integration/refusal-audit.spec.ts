/**
 * RefusalAudit (issue 10, sign-in 6): a refused request becomes an audit entry `refused-<status>`, in a
 * transaction of its own, with what the columns and jsonb can hold; it never throws, and it stays silent
 * when the request already recorded its refusal in detail.
 */
import { Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsService } from 'nestjs-cls';
import { AuditLogRepository } from '../../src/platform/audit/audit-log.repository';
import { RefusalAudit, refusalRecorded } from '../../src/platform/audit/refusal-audit';
import { createTestModule, TestModule } from '../support/test-module';

describe('RefusalAudit', () => {
  let t: TestModule;
  let refusals: RefusalAudit;

  const entries = (requestId: string) =>
    t.db.query(
      `SELECT actor_id AS "actorId", actor_login AS "actorLogin", action, entity, entity_id AS "entityId", ip, request_id AS "requestId",
              changes FROM audit_log WHERE request_id = $1`,
      [requestId],
    );

  beforeAll(async () => {
    t = await createTestModule();
    refusals = t.get(RefusalAudit);
  });
  afterAll(async () => {
    await t.close();
  });

  it('records who was refused what, from where, within the columns and without what PostgreSQL refuses', async () => {
    const actor = { userId: '00000000-0000-4000-8000-000000000001', login: 'zhang', role: 'auditor' as const, villageId: null };
    await refusals.record({
      status: 403,
      method: 'POST',
      path: '/api/townships',
      ip: '10.0.0.7',
      requestId: 'refusal-1',
      actor,
      message: 'no',
    });
    await refusals.record({
      status: 401,
      method: 'GET',
      path: `/api/x\u0000${'y'.repeat(200)}`,
      ip: null,
      requestId: 'refusal-2',
      message: 'bad \u0000 token \uD800 here',
    });
    expect(await entries('refusal-1')).toEqual([
      {
        actorId: actor.userId,
        actorLogin: 'zhang',
        action: 'refused-403',
        entity: 'request',
        entityId: 'POST /api/townships',
        ip: '10.0.0.7',
        requestId: 'refusal-1',
        changes: { message: 'no' },
      },
    ]);
    const [second] = await entries('refusal-2');
    expect(second).toMatchObject({
      actorId: null,
      actorLogin: null,
      action: 'refused-401',
      ip: null,
      changes: { message: 'bad \uFFFD token \uFFFD here' },
    });
    expect(second.entityId).toHaveLength(100);
    expect(second.entityId.startsWith('GET /api/x\uFFFDyyy')).toBe(true);
  });

  it('writes in a transaction of its own: the entry stays when the caller rolls back', async () => {
    const txHost: TransactionHost<TransactionalAdapterTypeOrm> = t.get(TransactionHost);
    await expect(
      txHost.withTransaction(async () => {
        await refusals.record({ status: 409, method: 'PATCH', path: '/api/users/1', ip: null, requestId: 'refusal-3', message: 'taken' });
        throw new Error('the request fails');
      }),
    ).rejects.toThrow('the request fails');
    expect(await entries('refusal-3')).toHaveLength(1);
  });

  it('stays silent for a request that recorded its refusal itself', async () => {
    await t.get(ClsService).run(async () => {
      refusalRecorded();
      await refusals.record({ status: 401, method: 'POST', path: '/api/auth/login', ip: null, requestId: 'refusal-4', message: 'wrong' });
    });
    expect(await entries('refusal-4')).toHaveLength(0);
  });

  it('never throws: a trail that cannot be written is logged', async () => {
    const broken = { insert: () => Promise.reject(new Error('database gone')) } as unknown as AuditLogRepository;
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const audit = new RefusalAudit(broken, t.get(TransactionHost));
      await expect(
        audit.record({ status: 401, method: 'GET', path: '/', ip: null, requestId: null, message: 'x' }),
      ).resolves.toBeUndefined();
      expect(errors).toHaveBeenCalledWith(expect.stringContaining('database gone'));
    } finally {
      errors.mockRestore();
    }
  });
});
