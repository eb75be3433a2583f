/**
 * Errors raised by the framework-free core. The HTTP layer maps them to
 * status codes (see src/platform/http/http-exception.filter.ts); the CLI maps
 * them to exit statuses. The core never throws HTTP errors itself.
 *
 * Messages are in Chinese, for the people who use the service; `code` is a
 * stable English word for programs, which never changes with the wording.
 */

/** One broken rule: `field` is a JSON path such as `contributions[3].amount`. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** The default machine-readable codes, one per class; callers may give a more specific one. */
export const ERROR_CODES = {
  validation: 'VALIDATION_FAILED',
  notFound: 'NOT_FOUND',
  conflict: 'CONFLICT',
  invariant: 'INVARIANT',
} as const;

/** Every core error: a Chinese message and a stable English `code`. */
export abstract class CoreError extends Error {
  abstract readonly code: string;
}

/** Bad input: HTTP 400, CLI exit status 2. Nothing is stored. */
export class ValidationError extends CoreError {
  constructor(
    public readonly issues: FieldIssue[],
    public readonly code: string = ERROR_CODES.validation,
  ) {
    super(issues.map((i) => `${i.field}: ${i.message}`).join('; '));
    this.name = 'ValidationError';
  }

  static of(field: string, message: string, code?: string): ValidationError {
    return new ValidationError([{ field, message }], code);
  }
}

/** A broken internal invariant (the rulebook's identity check, an unbalanced voucher): HTTP 500, CLI exit 1. */
export class InvariantError extends CoreError {
  readonly code: string = ERROR_CODES.invariant;
  constructor(message: string) {
    super(message);
    this.name = 'InvariantError';
  }
}

/**
 * What each entity is called, and how its absence is said. Callers name the
 * entity in English ('project', 'result for year'); the message is Chinese.
 */
const NOT_FOUND: Record<string, (key: string) => string> = {
  project: (k) => `项目 ${k} 不存在`,
  village: (k) => `村 ${k} 不存在`,
  township: (k) => `乡镇 ${k} 不存在`,
  user: (k) => `用户 ${k} 不存在`,
  participant: (k) => `参与村 ${k} 不存在：该村没有参与本项目`,
  'capital event': (k) => `出资记录 ${k} 不存在`,
  payment: (k) => `支付记录 ${k} 不存在`,
  run: (k) => `分红计算 ${k} 不存在`,
  'distribution run': (k) => `分红计算 ${k} 不存在`,
  'result for year': (k) => `${k} 年度经营成果不存在`,
  'policy effective from': (k) => `自 ${k} 年起生效的分配方案不存在`,
  'policy in force for year': (k) => `${k} 年度没有生效的分配方案`,
  voucher: (k) => `凭证 ${k} 不存在`,
  'village-book': (k) => `村 ${k} 还没有建立村账：请先建账`,
  'village run': (k) => `村级成员分红 ${k} 不存在`,
  'village of the run': (k) => `村 ${k} 不在这次分红计算中`,
  'village payment': (k) => `成员分红支付记录 ${k} 不存在`,
  'payment file': (k) => `银行支付文件 ${k} 不存在`,
};

/** The Chinese name of an entity as callers spell it in English; unknown names are kept as given. */
export const ENTITY_LABELS: Readonly<Record<string, string>> = {
  project: '项目',
  village: '村',
  township: '乡镇',
  user: '用户',
  participant: '参与村',
  'capital event': '出资记录',
  payment: '支付记录',
  run: '分红计算',
  'distribution run': '分红计算',
  'result for year': '年度经营成果',
  'policy effective from': '分配方案',
  'policy in force for year': '分配方案',
  voucher: '凭证',
  'village-book': '村账',
  'village run': '村级成员分红',
  'village of the run': '分红计算中的村',
  'village payment': '成员分红支付记录',
  'payment file': '银行支付文件',
};

/** A record that does not exist: HTTP 404. `entity` stays the caller's English name; `label` is the Chinese one. */
export class NotFoundError extends CoreError {
  readonly code: string = ERROR_CODES.notFound;
  readonly label: string;
  constructor(
    public readonly entity: string,
    public readonly key: string,
  ) {
    super(Object.hasOwn(NOT_FOUND, entity) ? NOT_FOUND[entity](key) : `${entity} ${key} 不存在`);
    this.label = Object.hasOwn(ENTITY_LABELS, entity) ? ENTITY_LABELS[entity] : entity;
    this.name = 'NotFoundError';
  }
}

/**
 * A request that clashes with the current state (a duplicate code, a year already posted): HTTP 409.
 * `code` names the clash for programs, e.g. 'YEAR_CLOSED'; 'CONFLICT' when the caller gives none.
 */
export class ConflictError extends CoreError {
  constructor(
    message: string,
    public readonly field?: string,
    public readonly code: string = ERROR_CODES.conflict,
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}
