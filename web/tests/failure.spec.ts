import { describe, expect, it, vi } from 'vitest';

const shown: Array<{ type: string; message: string }> = [];
vi.mock('element-plus', () => ({ ElMessage: (m: { type: string; message: string }) => shown.push(m) }));

const { ApiError } = await import('../src/api/client');
const { showFailure } = await import('../src/components/failure');

describe("a failed action's message", () => {
  it('is shown for a refusal, and not for an ended session, which the sign-in page already announces once', () => {
    showFailure(new ApiError(409, { message: '该年度已经结账', code: 'YEAR_CLOSED', errors: [] }));
    showFailure(new ApiError(401, { message: '未登录，或令牌已过期、已注销', code: 'UNAUTHENTICATED', errors: [] }));
    showFailure(new Error('无法连接服务'), '已支付 2 个村后出错：无法连接服务');
    expect(shown.map((m) => [m.type, m.message])).toEqual([
      ['error', '该年度已经结账'],
      ['error', '已支付 2 个村后出错：无法连接服务'],
    ]);
  });
});
