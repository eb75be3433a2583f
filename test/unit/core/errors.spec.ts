/**
 * The core's errors: a Chinese message for people, a stable English `code` for programs
 * (the HTTP layer puts it in the error body), and constructors older callers still compile against.
 */
import { ConflictError, CoreError, InvariantError, NotFoundError, ValidationError } from '../../../src/core/errors';

describe('core errors', () => {
  it('give each class a default code', () => {
    expect(ValidationError.of('amount', '不能为负数').code).toBe('VALIDATION_FAILED');
    expect(new ValidationError([{ field: 'a', message: 'x' }]).code).toBe('VALIDATION_FAILED');
    expect(new NotFoundError('project', 'p1').code).toBe('NOT_FOUND');
    expect(new ConflictError('已存在').code).toBe('CONFLICT');
    expect(new ConflictError('已存在', 'code').code).toBe('CONFLICT');
    expect(new InvariantError('借贷不平').code).toBe('INVARIANT');
  });

  it('take a more specific code where the caller knows one', () => {
    const closed = new ConflictError('2025 年度已结账', 'year', 'YEAR_CLOSED');
    expect(closed).toMatchObject({ code: 'YEAR_CLOSED', field: 'year', message: '2025 年度已结账' });
    expect(new ConflictError('已结账', undefined, 'YEAR_CLOSED')).toMatchObject({ code: 'YEAR_CLOSED', field: undefined });
    expect(ValidationError.of('date', '晚于今天', 'DATE_IN_FUTURE')).toMatchObject({ code: 'DATE_IN_FUTURE' });
    expect(new ValidationError([{ field: 'a', message: 'x' }], 'BAD_SCENARIO').code).toBe('BAD_SCENARIO');
  });

  it('stay Errors of their own class, with their name', () => {
    for (const e of [ValidationError.of('a', 'x'), new NotFoundError('user', 'u'), new ConflictError('x'), new InvariantError('x')]) {
      expect(e).toBeInstanceOf(Error);
      expect(e).toBeInstanceOf(CoreError);
      expect(e.name).toBe(e.constructor.name);
    }
  });

  it('keep the field issues and sum them up in the message', () => {
    const e = new ValidationError([
      { field: 'amount', message: '最多两位小数' },
      { field: 'date', message: '2025-02-30 不是有效日期' },
    ]);
    expect(e.issues).toHaveLength(2);
    expect(e.message).toBe('amount: 最多两位小数; date: 2025-02-30 不是有效日期');
  });

  it.each([
    ['project', 'p1', '项目', '项目 p1 不存在'],
    ['village', 'v1', '村', '村 v1 不存在'],
    ['township', 't1', '乡镇', '乡镇 t1 不存在'],
    ['user', 'u1', '用户', '用户 u1 不存在'],
    ['participant', 'v1', '参与村', '参与村 v1 不存在：该村没有参与本项目'],
    ['capital event', 'e1', '出资记录', '出资记录 e1 不存在'],
    ['payment', 'x1', '支付记录', '支付记录 x1 不存在'],
    ['run', 'r1', '分红计算', '分红计算 r1 不存在'],
    ['distribution run', 'r1', '分红计算', '分红计算 r1 不存在'],
    ['result for year', '2025', '年度经营成果', '2025 年度经营成果不存在'],
    ['policy effective from', '2024', '分配方案', '自 2024 年起生效的分配方案不存在'],
    ['voucher', '2026-01-0001', '凭证', '凭证 2026-01-0001 不存在'],
    ['village run', 'r1', '村级成员分红', '村级成员分红 r1 不存在'],
    ['village payment', 'p1', '成员分红支付记录', '成员分红支付记录 p1 不存在'],
    ['payment file', 'f1', '银行支付文件', '银行支付文件 f1 不存在'],
    ['village of the run', 'V09', '分红计算中的村', '村 V09 不在这次分红计算中'],
    ['policy in force for year', '2025', '分配方案', '2025 年度没有生效的分配方案'],
  ])('says in Chinese that a %s is not found', (entity, key, label, message) => {
    const e = new NotFoundError(entity, key);
    expect(e).toMatchObject({ entity, key, label, message });
  });

  it('keeps an entity it has no name for as given', () => {
    expect(new NotFoundError('widget', 'w1')).toMatchObject({ label: 'widget', message: 'widget w1 不存在' });
    // an inherited property name is not an entity
    expect(new NotFoundError('constructor', 'c').message).toBe('constructor c 不存在');
  });
});
