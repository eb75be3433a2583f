/**
 * Who may do what. Every route declares one of these sets (see access.decorators.ts);
 * a route that declares none is refused to everyone.
 */
export const ROLES = ['admin', 'accountant', 'treasurer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** The roles as the people using the service call them, for messages. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  admin: '系统管理员',
  accountant: '乡镇会计',
  treasurer: '村报账员',
  auditor: '审计',
};

export const ACCESS = {
  /** Reading records, distributions, books and reports. Treasurers only within their own projects and village. */
  read: ['admin', 'accountant', 'treasurer', 'auditor'],
  /** Setting up the records money is kept for: townships, villages, projects and their participants. */
  write: ['admin', 'accountant'],
  /**
   * Everything that decides or moves money: capital, results, policies, runs, payments, year close. Not the
   * admin's: whoever manages the accounts could otherwise make a second one to approve their own work.
   */
  money: ['accountant'],
  /**
   * A village's member records (households, share registers). 村账乡代管: the village's own treasurer prepares them
   * (the route's `@TreasurerScoped` holds them to their village), the township's accountant and admin keep them.
   */
  villageRecords: ['admin', 'accountant', 'treasurer'],
  /**
   * A village's own money: its book, its distribution policy, preparing and posting its member run, paying its
   * households. The village's treasurer prepares, the accountant keeps the books; not the admin (as `money`).
   * Approving and reversing a member run are `money`: the accountant's, never the treasurer who prepared it.
   */
  villageMoney: ['accountant', 'treasurer'],
  /** What only the village's own treasurer may see: a household's whole bank account. */
  villageTreasurer: ['treasurer'],
  /** The audit trail. */
  audit: ['admin', 'auditor'],
  /** The list of backups and their digests: the admin, who keeps the installation, and the auditor, who checks it is kept. */
  backups: ['admin', 'auditor'],
  /** Managing users: creating, changing, resetting passwords. */
  admin: ['admin'],
  /** Reading the user list and a user (never password data): the admin, and the auditor who checks who may do what. */
  readUsers: ['admin', 'auditor'],
  /** Any signed-in user (their own profile and password). */
  self: ['admin', 'accountant', 'treasurer', 'auditor'],
} as const satisfies Record<string, readonly Role[]>;

export type AccessLevel = keyof typeof ACCESS;
