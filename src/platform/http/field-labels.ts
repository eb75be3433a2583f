/**
 * Fields as the people using the service call them: an error names `金额`, not `amount`. The body keeps the machine
 * path in `errors[].field`; the label is only for the message. One dictionary for the whole API; a few words depend
 * on the route (a capital event's date is 出资日期, a payment's 支付日期), see `labelContext`.
 */
const LABELS: Readonly<Record<string, string>> = {
  amount: '金额',
  date: '日期',
  villageCode: '村代码',
  townshipCode: '乡镇代码',
  hostVillageCode: '园区所在村代码',
  code: '代码',
  name: '名称',
  creditCode: '统一社会信用代码',
  year: '年度',
  revenue: '经营收入',
  costs: '经营支出',
  mushroomLogs: '菌棒数',
  freshKg: '鲜菇产量（公斤）',
  driedKg: '干菇产量（公斤）',
  jobs: '务工人数',
  wagesPaid: '支付工资',
  bankReference: '银行流水号',
  effectiveFromYear: '起始年度',
  fromYear: '起始年度',
  policy: '分配方案',
  memo: '备注',
  login: '登录名',
  password: '密码',
  currentPassword: '当前密码',
  newPassword: '新密码',
  displayName: '姓名',
  role: '角色',
  enabled: '是否启用',
  page: '页码',
  format: '格式',
  pageSize: '每页条数',
  q: '搜索词',
  'Idempotency-Key': '幂等键',
  kind: '类型',
  fundSource: '资金来源',
  reference: '文号',
  parkName: '园区名称',
  phase: '期次',
  operatorName: '运营方',
  startDate: '开始日期',
  joinedOn: '加入日期',
  id: 'id',
  townshipId: '乡镇 id',
  projectId: '项目 id',
  villageId: '村 id',
  actorId: '操作人 id',
  entity: '对象类型',
  entityId: '对象 id',
  action: '操作',
  from: '起始日期',
  to: '截止日期',
  account: '科目',
  village: '村代码',
  asOf: '截止日期',
  periodStart: '期初日期',
  status: '状态',
  approvedBy: '审核人',
  payments: '支付记录',
  result: '经营成果',
  deficitBroughtForward: '以前年度结转的亏损',
  body: '请求体',
  summary: '摘要',
  n: '凭证序号',
  project: '项目',
  villages: '村',
  contributions: '出资',
  guaranteed: '保底分红',
  rate: '比例',
  capitalBasis: '出资基数',
  shortfall: '保底不足时的处理',
  deductions: '提取项',
  sharing: '利润分成',
  brackets: '分档',
  upTo: '上限',
  share: '份额',
  weights: '权重',
  payee: '收款方',
  payees: '收款方',
  amounts: '各村金额',
  type: '类型',
  buckets: '分配项',
  bucket: '分配项',
  dividends: '分红',
  receipts: '收款',
  headName: '户主姓名',
  idLast4: '身份证后四位',
  bankName: '开户行',
  bankAccount: '银行账号',
  leftOn: '退出日期',
  registeredOn: '股权登记日',
  household: '户编码',
  holdings: '股权',
  kinds: '股种',
  units: '股数',
  keeps: '提留',
  reason: '原因',
  openedOn: '建账日期',
  paidOn: '支付日期',
  postingDate: '入账日期',
  '(document)': '输入文档',
  '(file)': '文件',
  '(arguments)': '命令参数',
};

/** How one element of a list is counted and named: contributions[3] → 第 4 笔出资. */
const ITEMS: Readonly<Record<string, readonly [string, string]>> = {
  contributions: ['笔', '出资'],
  villages: ['个', '村'],
  deductions: ['项', '提取'],
  brackets: ['档', ''],
  sharing: ['个', '分配项'],
  buckets: ['个', '分配项'],
  payees: ['个', '收款方'],
  dividends: ['笔', '分红'],
  receipts: ['笔', '收款'],
  holdings: ['条', '股权'],
  kinds: ['个', '股种'],
  keeps: ['项', '提留'],
};

/** Objects keyed by village code: the key is a village, not a field. */
const BY_VILLAGE = new Set(['weights', 'amounts']);

/** The words that depend on the route, by context. */
const CONTEXTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  capital: { date: '出资日期', amount: '出资金额', kind: '出资方式', reference: '出资文件文号' },
  payment: { date: '支付日期', amount: '支付金额' },
  reversal: { date: '冲销日期' },
  posting: { date: '入账日期' },
  village: { code: '村代码', name: '村名称' },
  township: { code: '乡镇代码', name: '乡镇名称' },
  project: { code: '项目代码', name: '项目名称' },
  audit: { from: '起始时间', to: '截止时间' },
  /** A village's member policy: its weights are keyed by share kind, not by village. */
  memberPolicy: {},
};

export type LabelContext = keyof typeof CONTEXTS;

/** The context of a request's path (`/api/projects/…/capital-events/…`), or undefined where the default words fit. */
export function labelContext(path: string): LabelContext | undefined {
  const p = path.split('?')[0];
  if (/\/capital-events(\/|$)/.test(p)) return 'capital';
  if (/\/(operator-)?payments\/[^/]+\/reverse$|\/runs\/[^/]+\/reverse$/.test(p)) return 'reversal';
  if (/\/(operator-)?payments(\/|$)/.test(p)) return 'payment';
  if (/\/runs\/[^/]+\/post$/.test(p)) return 'posting';
  if (/\/api\/villages(\/[^/]+)?$/.test(p)) return 'village';
  if (/\/api\/townships(\/[^/]+)?$/.test(p)) return 'township';
  if (/\/api\/projects(\/[^/]+)?$/.test(p)) return 'project';
  if (/\/api\/audit(\/|$)/.test(p)) return 'audit';
  if (/^\/api\/villages\/[^/]+\/policies(\/|$)/.test(p)) return 'memberPolicy';
  return undefined;
}

/** The path's keys and indices: `policy.sharing[0].weights.V01` → policy, sharing, 0, weights, V01. */
function segments(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const m of path.matchAll(/\[(\d+)\]|([^.[\]]+)/g)) out.push(m[1] !== undefined ? Number(m[1]) : m[2]);
  return out;
}

/**
 * The field as people know it. Nested paths read as a phrase: `contributions[3].amount` → 第 4 笔出资的金额,
 * `policy.deductions[0].rate` → 分配方案的第 1 项提取的比例, a key of a by-village object → 权重（村 "V01"）.
 * A name the dictionary does not know is quoted as sent: `"foo"`.
 */
export function fieldLabel(path: string, context?: LabelContext): string {
  if (!path) return LABELS.body;
  const own = context ? CONTEXTS[context] : undefined;
  const words: string[] = [];
  let previous: string | number | undefined;
  segments(path).forEach((part, i) => {
    const last = words.length - 1;
    if (typeof part === 'number') {
      const list = typeof previous === 'string' && Object.hasOwn(ITEMS, previous) ? ITEMS[previous] : undefined;
      // The list's own name gives way to its item: 出资 → 第 4 笔出资.
      if (list) words[last] = `第 ${part + 1} ${list[0]}${list[1]}`;
      else if (last >= 0) words[last] += `第 ${part + 1} 项`;
      else words.push(`第 ${part + 1} 项`);
    } else if (typeof previous === 'string' && BY_VILLAGE.has(previous)) {
      words[last] += context === 'memberPolicy' ? `（股种 ${JSON.stringify(part)}）` : `（村 ${JSON.stringify(part)}）`;
    } else if (i === 0 && own && Object.hasOwn(own, part)) {
      words.push(own[part]);
    } else {
      words.push(Object.hasOwn(LABELS, part) ? LABELS[part] : JSON.stringify(part));
    }
    previous = part;
  });
  return words.join('的');
}

/** What an unknown field is told: it is named as sent, since it has no label of its own here. */
export const UNKNOWN_FIELD = '不认识的字段';

/**
 * `label：message`, the one way an issue reads in an error body. A message that already begins with the label
 * ("新密码不能与当前密码相同") is kept as it is; an unknown field is named as sent.
 */
export function labelled(field: string, message: string, context?: LabelContext): string {
  const label = message === UNKNOWN_FIELD ? JSON.stringify(field) : fieldLabel(field, context);
  return message.startsWith(label) ? message : `${label}：${message}`;
}
