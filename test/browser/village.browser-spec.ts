import * as fs from 'node:fs';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import type { BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuthService } from '../../src/access/auth.service';
import { createApp } from '../../src/app.factory';
import { Role } from '../../src/platform/access/roles';
import { loadConfig } from '../../src/platform/config/config';
import { systemActor } from '../../src/platform/context/actor';
import { UsersService } from '../../src/users/users.service';
import { addResult, buildPark, fixture, Park } from '../e2e/ledger.fixture';
import { TestApp, uniqueCode } from '../support/test-app';
import { openTestDatabase, TEST_JWT_SECRET } from '../support/test-module';
import { browserPresent, launch, screenshot } from './browser';

/**
 * Issue 16 in a browser (Debian's chromium through playwright-core, the built console against the real service on the
 * test database): from the park's posted 2025 run to every household of 程壁村 paid. Seeded through the API: the park
 * (the seed's six villages under unique codes), its 2025 run posted, three of the four households. Through the
 * console: the treasurer opens the village book and sees the declared 34,500.00, adds the fourth household, pastes the
 * share register, enters the policy (10% and 2,000.00 kept) and drafts the 2025 member run; another user — an
 * accountant — approves it from the dashboard; the treasurer posts it, creates the bank payment file, downloads it (the
 * CSV with its BOM and columns) and confirms it paid; the statement shows every household paid and the 户分红单 PDF
 * downloads. Steps run in order and share the database; each takes a screenshot (test-artifacts/screenshots).
 */
const PASSWORD = 'browser-test-password-1';
const present = browserPresent();
const seed = fixture('01-seed-dinghu-2025.json');

/** The four households (the documents' e2e test's), 29,050.00 shared over 19.4166665 by largest remainder. */
const HOUSEHOLDS: Array<{ code: string; headName: string; bankAccount: string; units: Record<string, string> }> = [
  { code: 'H001', headName: '弓长东', bankAccount: '6217000012341234', units: { POP: '3', LAB: '10' } },
  { code: 'H002', headName: '张三', bankAccount: '6217000056785678', units: { POP: '2', LAB: '4.5' } },
  { code: 'H003', headName: '欧阳娜娜', bankAccount: '6228480011112222', units: { POP: '4', AID: '2' } },
  { code: 'H004', headName: '李四', bankAccount: '6230520033334444', units: { POP: '1', LAB: '0.333333' } },
];
/** 34,500.00 declared, 3,450.00 + 2,000.00 kept, 29,050.00 shared. */
const SHARED = '¥29,050.00';

(present ? describe : describe.skip)('the console in a browser: 程壁村 from the park’s dividend to every household paid', () => {
  let db: DataSource;
  let owner: DataSource;
  let app: INestApplication;
  let base: string;
  let browser: Awaited<ReturnType<typeof launch>>;
  let context: BrowserContext;
  let page: Page;
  let park: Park;
  let villageId = '';
  const logins: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const village = (p = '') => `${base}/villages/${villageId}${p}`;

  /** A user of that role, with a password to sign in in the browser and a token for the API's seeding. */
  async function user(role: Role, villageCode?: string): Promise<string> {
    const login = uniqueCode(role.slice(0, 3)).toLowerCase();
    const created = await app
      .get(UsersService)
      .create(systemActor('browser test'), { login, displayName: login, role, villageCode, password: PASSWORD });
    logins[login] = PASSWORD;
    tokens[login] = (await app.get(AuthService).sign(created)).accessToken;
    return login;
  }
  const as = (login: string) => () => request.agent(app.getHttpServer()).set('Authorization', `Bearer ${tokens[login]}`);

  async function signIn(login: string) {
    await page.goto(`${base}/login`);
    await page.locator('input[data-test=login]').fill(login);
    await page.locator('input[data-test=password]').fill(logins[login]);
    await page.locator('[data-test=submit]').click();
  }
  async function signOut() {
    await page.locator('[data-test=sign-out]').click();
    await page.waitForURL(/\/login/);
  }

  /** A form's input by its data-test (Element Plus puts it on the <input> itself, or on a wrapper around it). */
  const field = (name: string) =>
    page.locator(`input[data-test=${name}], [data-test=${name}] input, textarea[data-test=${name}], [data-test=${name}] textarea`).first();
  /** A date typed into a date picker, taken with Enter. */
  async function date(name: string, value: string) {
    await field(name).fill(value);
    await field(name).press('Enter');
  }

  /** Accepts the confirmation dialog of a money action, after checking that it shows the amounts. */
  async function confirm(...amounts: string[]) {
    const box = page.locator('.el-message-box');
    await box.waitFor();
    for (const a of amounts) await expectText(box, a);
    await box.getByRole('button', { name: /确定|查看/ }).click();
    await box.waitFor({ state: 'hidden' });
  }

  /** Waits for the text; when it does not come, fails with what the page said instead (its messages) and a screenshot. */
  async function expectText(locator: ReturnType<Page['locator']>, text: string) {
    try {
      await locator.filter({ hasText: text }).first().waitFor({ timeout: 15000 });
    } catch (e) {
      await screenshot(page, 'village-failed');
      const said = await page.locator('.el-message, .el-alert, .el-form-item__error').allInnerTexts();
      throw new Error(`"${text}" did not appear; the page said: ${JSON.stringify(said)} (${(e as Error).message.split('\n')[0]})`, {
        cause: e,
      });
    }
  }

  let maker = '';
  let checker = '';
  let treasurer = '';

  beforeAll(async () => {
    db = await openTestDatabase('service');
    owner = await openTestDatabase('owner');
    await owner.query('DELETE FROM sign_in_attempt');
    app = await createApp(db, { ...loadConfig({ BACKUP_CRON: 'off' }), jwtSecret: TEST_JWT_SECRET });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;

    // The park and its 2025 run, posted: one accountant prepares and posts, another approves.
    maker = await user('accountant');
    checker = await user('accountant');
    const t = { http: as(maker) } as unknown as TestApp;
    // A park of its own name: the console's browser test finds the demo's park by its name on the same service.
    park = await buildPark(t, { ...seed, project: { ...seed.project, name: '成员分红测试园区' } });
    const project = `/api/projects/${park.projectId}`;
    await addResult(t, park.projectId, seed.year, seed.result.revenue, seed.result.costs);
    const run = (await as(maker)().post(`${project}/runs`).send({ year: 2025 }).expect(201)).body.id;
    await as(checker)().post(`${project}/runs/${run}/approve`).expect(200);
    await as(maker)().post(`${project}/runs/${run}/post`).send({ date: '2026-01-15' }).expect(200);
    villageId = park.villages[0].id;
    treasurer = await user('treasurer', park.villages[0].code);
    // Three households by the API (bulk data); the fourth is added in the console.
    for (const h of HOUSEHOLDS.slice(0, 3)) {
      await as(treasurer)()
        .post(`/api/villages/${villageId}/households`)
        .send({ code: h.code, headName: h.headName, bankName: '沁县农村信用合作联社', bankAccount: h.bankAccount })
        .expect(201);
    }

    browser = await launch();
    context = browser.context;
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    for (const d of [db, owner]) if (d?.isInitialized) await d.destroy();
  });

  it('lets the treasurer open the village book and see the park’s dividend declared in it', async () => {
    await signIn(treasurer);
    await page.waitForURL(/\/villages\/[0-9a-f-]+$/);
    await page.locator('[data-test=village-tabs]').getByRole('tab', { name: '村账', exact: true }).click();
    await page.waitForURL(/\/book$/);
    await date('book-opened-on', '2025-01-01');
    await page.locator('[data-test=book-open]').click();
    await confirm('2025-01-01');
    await expectText(page.locator('[data-test=book-state]'), '2025-01-01');
    await expectText(page.locator('[data-test=journal]'), '34,500.00');
    await page.getByRole('tab', { name: '科目余额表', exact: true }).click();
    await expectText(page.locator('[data-test=trial-balance]'), '502');
    await page.getByRole('tab', { name: '账簿校验', exact: true }).click();
    await page.locator('[data-test=verify]').click();
    await expectText(page.locator('[data-test=verify-result]'), '账簿完整，未被改动');
    await screenshot(page, 'v01-village-book');
  });

  it('adds the fourth household, shows an account in full only on a click that is recorded, and pastes the share register', async () => {
    await page.locator('[data-test=village-tabs]').getByRole('tab', { name: '成员', exact: true }).click();
    await page.waitForURL(/\/members$/);
    await expectText(page.locator('[data-test=households]'), '6217 **** **** 1234');
    const h = HOUSEHOLDS[3];
    await page.locator('[data-test=household-add]').click();
    await field('household-code').fill(h.code);
    await field('household-head').fill(h.headName);
    // A whole identity number is refused in the browser already: only the last four are kept.
    await field('household-id').fill('14043019800101123X');
    await page.locator('[data-test=household-save]').click();
    await expectText(page.locator('[data-test=household-form] .el-form-item__error'), '只保存身份证号的后四位');
    await field('household-id').fill('123X');
    await field('household-bank').fill('沁县农村信用合作联社');
    await field('household-account').fill('6230 5200 3333 4444');
    await page.locator('[data-test=household-save]').click();
    await expectText(page.locator('[data-test=households]'), '6230 **** **** 4444');
    expect(await page.locator('[data-test=households]').innerText()).not.toContain('6230520033334444');

    // A correction: the bank's name of H002 (its account is kept when the field is left empty).
    await page.locator('[data-test=correct-H002]').click();
    expect(await field('household-code').isDisabled()).toBe(true);
    await field('household-bank').fill('沁源县农村商业银行');
    await page.locator('[data-test=household-save]').click();
    await expectText(page.locator('[data-test=households] tr', { hasText: 'H002' }), '沁源县农村商业银行');
    await expectText(page.locator('[data-test=households] tr', { hasText: 'H002' }), '6217 **** **** 5678');

    await page.locator('[data-test=reveal-H004]').click();
    await expectText(page.locator('.el-message-box'), '记入审计日志');
    await confirm();
    await expectText(page.locator('[data-test=account-H004]'), '6230520033334444');
    const [audited] = await owner.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE actor_login = $1 AND action = 'read-unmasked' AND entity = 'household'`,
      [treasurer],
    );
    expect(audited.n).toBe(1);
    await screenshot(page, 'v02-members');

    await page.getByRole('tab', { name: '股权登记', exact: true }).click();
    await page.locator('[data-test=register-add]').click();
    await date('register-date', '2025-06-30');
    const table = [
      '户编码\t人口股\t劳龄股\t帮扶股',
      ...HOUSEHOLDS.map((x) => [x.code, x.units.POP, x.units.LAB ?? '', x.units.AID ?? ''].join('\t')),
    ].join('\n');
    await field('register-paste').fill(table);
    await page.locator('[data-test=register-read]').click();
    await expectText(page.locator('[data-test=register-parsed]'), '8 条持股，4 户');
    await page.locator('[data-test=register-save]').click();
    await expectText(page.locator('[data-test=registers]'), '2025-06-30 登记');
    await screenshot(page, 'v03-register');
  });

  it('enters the village policy: 10% to 公积公益金, 2,000.00 for public welfare, a weight per kind', async () => {
    await page.locator('[data-test=village-tabs]').getByRole('tab', { name: '村分配方案', exact: true }).click();
    await page.waitForURL(/\/policies$/);
    await page.locator('[data-test=policy-new]').click();
    await page.locator('[data-test=village-policy-form] .el-input-number input').fill('2025');
    await page.locator('[data-test=keep-add]').click();
    await field('keep-code-1').fill('welfare');
    await field('keep-name-1').fill('公益事业');
    await page.locator('[data-test=keep-1] .el-select').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '固定金额' }).click();
    await field('keep-value-1').fill('2000.00');
    await field('weight-value-LAB').fill('0.5');
    await expectText(page.locator('[data-test=village-policy-json]'), '"amount": "2000.00"');
    await page.locator('[data-test=village-policy-save]').click();
    await expectText(page.locator('[data-test=policy-2025]'), '公益事业：固定 ¥2000.00');
    await screenshot(page, 'v04-policy');
  });

  it('lets the treasurer draft the 2025 member run, and not approve it', async () => {
    await page.goto(village('/runs/2025'));
    await page.locator('[data-test=village-draft]').click();
    await confirm('2025');
    await expectText(page.locator('[data-test=village-run-status]'), '草稿');
    expect(await page.locator('[data-test=income-total]').innerText()).toBe('¥34,500.00');
    expect(await page.locator('[data-test=shared]').innerText()).toBe(SHARED);
    await expectText(page.locator('[data-test=households]'), '弓长东');
    expect(await page.locator('[data-test=village-approve]').count()).toBe(0);
    await expectText(page.locator('.el-tag'), '等待乡镇会计审核');
    await screenshot(page, 'v05-run-draft');
    await signOut();
  });

  it('lets an accountant approve it from the dashboard', async () => {
    await signIn(checker);
    await page.waitForURL(/\/dashboard$/);
    const waiting = page.locator('[data-test=village-waiting]', { hasText: '程壁村' });
    await expectText(waiting, SHARED);
    await waiting.locator('[data-test=village-waiting-approve]').click();
    await confirm(SHARED);
    await page.locator('[data-test=village-waiting]', { hasText: '程壁村' }).waitFor({ state: 'detached' });
    await screenshot(page, 'v06-dashboard-approved');
    await signOut();
  });

  it('lets the treasurer post it, create the bank file, download it and confirm it paid; every household is paid', async () => {
    await signIn(treasurer);
    await page.waitForURL(/\/villages\//);
    await page.goto(village('/runs/2025'));
    await expectText(page.locator('[data-test=village-run-status]'), '已审核');
    await page.locator('[data-test=village-post]').click();
    await confirm(SHARED);
    await expectText(page.locator('[data-test=village-run-status]'), '已过账');

    // One household paid on its own first, never beyond what it is owed (1,745.49).
    await page.locator('[data-test=pay-H004]').click();
    await field('village-pay-amount').fill('1745.50');
    await field('village-pay-reference').fill('NX-VD-2026-H004');
    await page.locator('[data-test=village-pay-submit]').click();
    await expectText(page.locator('.el-dialog .el-form-item__error'), '不能超过尚未支付的 ¥1,745.49');
    await field('village-pay-amount').fill('1000.00');
    await page.locator('[data-test=village-pay-submit]').click();
    await confirm('¥1,000.00', '¥745.49', 'NX-VD-2026-H004');
    await expectText(page.locator('[data-test=households] tr', { hasText: 'H004' }), '¥745.49');
    expect(await page.locator('[data-test=total-outstanding]').innerText()).toBe('¥28,050.00');

    // The bank file takes what is still owed: 28,050.00 over four households.
    await page.locator('[data-test=payment-file-create]').click();
    await confirm('¥28,050.00');
    await expectText(page.locator('[data-test=payment-file-list]'), '待银行支付');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-test=payment-file-download]').first().click(),
    ]);
    const file = path.join(browser.downloads, download.suggestedFilename());
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = fs.readFileSync(file, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trim().split(/\r?\n/);
    expect(lines[0]).toBe('户编码,户主,开户行,账号,金额,摘要');
    expect(lines).toHaveLength(1 + HOUSEHOLDS.length);
    expect(lines.find((l) => l.startsWith('H004,'))).toContain('6230520033334444,745.49');

    await page.locator('[data-test=payment-file-confirm]').first().click();
    await field('confirm-reference').fill('NX-VD-2026-01');
    await page.locator('[data-test=confirm-submit]').click();
    await confirm('¥28,050.00', 'NX-VD-2026-01');
    await expectText(page.locator('[data-test=payment-file-list]'), '已支付');
    expect(await page.locator('[data-test=total-paid]').innerText()).toBe(SHARED);
    expect(await page.locator('[data-test=total-outstanding]').innerText()).toBe('¥0.00');
    // One voucher per household from the file, besides the single payment.
    await expectText(page.locator('[data-test=village-payments] tr', { hasText: 'H004' }), '单独支付');
    expect(await page.locator('[data-test=village-payments] tbody tr', { hasText: '代发文件' }).count()).toBe(HOUSEHOLDS.length);
    await screenshot(page, 'v07-run-paid');
  });

  it('gives the 户分红单 of one household, and the 公示表, as PDFs', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=slip-H001]').click()]);
    const file = path.join(browser.downloads, download.suggestedFilename());
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/^户分红单-.+-2025-H001\.pdf$/);
    expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const publicity = page.locator('[data-test=publicity] [data-test=download-pdf]');
    const [notice] = await Promise.all([page.waitForEvent('download'), publicity.click()]);
    expect(notice.suggestedFilename()).toMatch(/\.pdf$/);
    await notice.saveAs(path.join(browser.downloads, notice.suggestedFilename()));
    expect(fs.readFileSync(path.join(browser.downloads, notice.suggestedFilename())).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
