import * as fs from 'node:fs';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { Role } from '../../src/platform/access/roles';
import { loadConfig } from '../../src/platform/config/config';
import { systemActor } from '../../src/platform/context/actor';
import { UsersService } from '../../src/users/users.service';
import { openTestDatabase, TEST_JWT_SECRET } from '../support/test-module';
import { browserPresent, launch, screenshot } from './browser';

/**
 * Issue 13 point 6: the main path of each role, in Debian's chromium, against the real service (made as `npm start`
 * makes it) on the test database, with the built console (web/dist). One year of the demo's park from import to paid:
 * the accountant imports the park and drafts 2025, a second accountant approves, the first posts and pays two
 * villages (one partly); the treasurer of 程壁村 (V01), on a phone, sees what it is owed, paid and still owed and
 * downloads the 分红单, and is refused another village's page; the auditor verifies the chain and downloads the trial
 * balance. Steps run in order and share the database; each takes a screenshot (test-artifacts/screenshots, a few
 * also docs/screenshots for the README).
 */
const PASSWORD = 'browser-test-password-1';
const seed = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../fixtures/scenarios/01-seed-dinghu-2025.json'), 'utf8'));
const present = browserPresent();

/** The demo's park (npm run demo's records) as the CSV files the import takes, one per sheet. */
function demoParkCsv(): Array<{ name: string; mimeType: string; buffer: Buffer }> {
  const csv = (rows: Array<Array<string | number>>) => Buffer.from(`\ufeff${rows.map((r) => r.join(',')).join('\r\n')}\r\n`, 'utf8');
  const sheets: Record<string, Array<Array<string | number>>> = {
    乡镇: [
      ['编码', '名称'],
      ['HANHONG', '沁源县韩洪乡'],
    ],
    村: [['编码', '名称', '乡镇编码'], ...seed.villages.map((v: { code: string; name: string }) => [v.code, v.name, 'HANHONG'])],
    项目: [
      ['编码', '名称', '园区', '期次', '所在村', '运营方', '开始日期'],
      [seed.project.code, seed.project.name, '定湖村飞地香菇园区', '首期', 'V02', '园区运营公司', '2024-04-15'],
    ],
    参与村: [['项目编码', '村编码'], ...seed.villages.map((v: { code: string }) => [seed.project.code, v.code])],
    出资: [
      ['项目编码', '村编码', '日期', '金额', '方式', '资金来源'],
      ...seed.contributions.map((c: { village: string; date: string; amount: string }) => [
        seed.project.code,
        c.village,
        c.date,
        c.amount,
        '现金',
        '财政衔接资金',
      ]),
    ],
    经营成果: [
      ['项目编码', '年度', '收入', '成本'],
      [seed.project.code, seed.year, seed.result.revenue, seed.result.costs],
    ],
  };
  return Object.entries(sheets).map(([name, rows]) => ({ name: `${name}.csv`, mimeType: 'text/csv', buffer: csv(rows) }));
}

(present ? describe : describe.skip)('the console in a browser: a year of the demo’s park, from import to paid', () => {
  let db: DataSource;
  let owner: DataSource;
  let app: INestApplication;
  let base: string;
  let browser: Awaited<ReturnType<typeof launch>>;
  let context: BrowserContext;
  let page: Page;
  const logins: Record<string, string> = {};
  let projectId = '';
  const runPage = () => `${base}/projects/${projectId}/distribution/${seed.year}`;

  async function user(role: Role, login: string, villageCode?: string, oneTime = false): Promise<string> {
    const created = await app
      .get(UsersService)
      .create(systemActor('browser test'), { login, displayName: login, role, villageCode, password: oneTime ? undefined : PASSWORD });
    logins[login] = created.initialPassword ?? PASSWORD;
    return logins[login];
  }

  async function signIn(login: string, password = logins[login]) {
    await page.goto(`${base}/login`);
    await page.locator('input[data-test=login]').fill(login);
    await page.locator('input[data-test=password]').fill(password);
    await page.locator('[data-test=submit]').click();
  }

  async function signOut() {
    await page.locator('[data-test=sign-out]').click();
    await page.waitForURL(/\/login/);
  }

  /** Accepts the confirmation dialog of a money action, after checking that it shows the amounts. */
  async function confirm(...amounts: string[]) {
    const box = page.locator('.el-message-box');
    await box.waitFor();
    for (const a of amounts) await expectText(box, a);
    await box.getByRole('button', { name: '确定' }).click();
    await box.waitFor({ state: 'hidden' });
  }

  /** Waits for the text; when it does not come, fails with what the page said instead (its messages) and a screenshot. */
  async function expectText(locator: ReturnType<Page['locator']>, text: string) {
    try {
      await locator.filter({ hasText: text }).first().waitFor({ timeout: 15000 });
    } catch (e) {
      await screenshot(page, 'failed');
      const said = await page.locator('.el-message, .el-alert').allInnerTexts();
      throw new Error(`"${text}" did not appear; the page said: ${JSON.stringify(said)} (${(e as Error).message.split('\n')[0]})`, {
        cause: e,
      });
    }
  }

  beforeAll(async () => {
    db = await openTestDatabase('service');
    owner = await openTestDatabase('owner');
    await owner.query('DELETE FROM sign_in_attempt');
    app = await createApp(db, { ...loadConfig({ BACKUP_CRON: 'off' }), jwtSecret: TEST_JWT_SECRET });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    browser = await launch();
    context = browser.context;
    page = context.pages()[0] ?? (await context.newPage());
    await user('accountant', 'zhang.kuaiji', undefined, true);
    await user('accountant', 'li.kuaiji');
    await user('auditor', 'wang.shenji');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    for (const d of [db, owner]) if (d?.isInitialized) await d.destroy();
  });

  it('signs the accountant in with a one-time password, and makes them choose their own first', async () => {
    await page.goto(`${base}/dashboard`);
    await page.waitForURL(/\/login\?redirect=/);
    await page.locator('input[data-test=login]').waitFor();
    // A figure, not an assertion (issue 13: interactive in under 2 s on the local service): printed for the log.
    const [nav] = JSON.parse(await page.evaluate('JSON.stringify(performance.getEntriesByType("navigation"))'));
    const ready = Number(await page.evaluate('performance.now()'));
    console.log(`首屏：DOM 可交互 ${Math.round(nav.domInteractive)} ms，登录表单出现 ${Math.round(ready)} ms（冷启动，空缓存）`);
    await screenshot(page, '01-login', true);
    await signIn('zhang.kuaiji');
    await page.waitForURL(/\/password/);
    await page.locator('input[data-test=current]').fill(logins['zhang.kuaiji']);
    await page.locator('input[data-test=new]').fill('short');
    await page.locator('input[data-test=confirm]').fill('short');
    await page.locator('[data-test=submit]').click();
    await expectText(page.locator('.el-form-item__error'), '新密码至少 10 个字符');
    await page.locator('input[data-test=new]').fill(PASSWORD);
    await page.locator('input[data-test=confirm]').fill(PASSWORD);
    await page.locator('[data-test=submit]').click();
    await page.waitForURL(/\/dashboard$/);
    logins['zhang.kuaiji'] = PASSWORD;
    await expectText(page.locator('[data-test=who]'), '乡镇会计');
  });

  it('loads the demo’s park by import (a dry run first), enters the policy, and drafts 2025', async () => {
    await page.getByRole('menuitem', { name: '导入与期初' }).click();
    await page.locator('input[data-test=import-files]').setInputFiles(demoParkCsv());
    await page.locator('[data-test=dry-run]').click();
    await expectText(page.locator('[data-test=import-report]'), '试导入（未保存）');
    await page.locator('[data-test=apply]').click();
    await confirm('出资.csv');
    await expectText(page.locator('[data-test=import-report]'), '已导入');
    await screenshot(page, '02-import');

    await page.getByRole('menuitem', { name: '工作台' }).click();
    await page.getByRole('link', { name: seed.project.name }).click();
    await page.waitForURL(/\/projects\/[0-9a-f-]+$/);
    projectId = page.url().split('/').pop()!;
    await expectText(page.locator('[data-test=participants]'), '¥500,000.00');
    await page.locator('[data-test=policy-form] .el-input-number input').fill('2024');
    await page.locator('textarea[data-test=policy-json]').fill(JSON.stringify(seed.policy, null, 2));
    await page.locator('[data-test=policy-json-load]').click();
    await expectText(page.locator('[data-test=policy-json-view]'), '"rate": "0.10"');
    await page.locator('[data-test=policy-save]').click();
    await expectText(page.locator('.el-collapse'), '2024 年起');
    // The year's result corrected: a refused figure is said under its field, the rest saved (no amount changed, no question).
    await page.locator('[data-test=result-edit-2025]').click();
    await page.locator('input[data-test=result-jobs]').fill('12.5');
    await page.locator('[data-test=result-save]').click();
    await expectText(page.locator('[data-test=result-form] .el-form-item__error'), '务工人数须为 0 到 2147483647 的整数');
    await page.locator('input[data-test=result-jobs]').fill('85');
    await page.locator('input[data-test=result-memo]').fill('2025年度，经联席会议确认');
    await page.locator('[data-test=result-save]').click();
    await expectText(page.locator('.el-table'), '经联席会议确认');
    await screenshot(page, '03-project', true);

    await page.goto(runPage());
    await expectText(page.locator('[data-test=run-status]'), '预览（未保存）');
    await page.locator('[data-test=waterfall] canvas').waitFor();
    await expectText(page.locator('[data-test=villages]'), '¥34,500.00');
    await page.locator('[data-test=draft]').click();
    await confirm('¥210,000.00', '¥180,000.00');
    await expectText(page.locator('[data-test=run-status]'), '草稿');
    // The trace of 程壁村, in Chinese: the formula with its numbers.
    await page.locator('[data-test=villages] .el-table__expand-icon').first().click();
    await expectText(page.locator('[data-test=trace]'), '保底分红');
  });

  it('lets a second accountant approve what the first prepared, and the first post it', async () => {
    await signOut();
    await signIn('li.kuaiji');
    await page.waitForURL(/\/dashboard$/);
    await page.locator('[data-test=waiting]').getByRole('link', { name: '去审核' }).click();
    await page.locator('[data-test=approve]').click();
    await confirm('¥210,000.00');
    await expectText(page.locator('[data-test=run-status]'), '已审核');
    await signOut();

    await signIn('zhang.kuaiji');
    await page.waitForURL(/\/dashboard$/);
    await page.goto(runPage());
    // The posting date offered is today (the year has ended), in Beijing.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    expect(await page.locator('.el-card__header .el-date-editor input').inputValue()).toBe(today);
    await page.locator('[data-test=post]').click();
    await confirm(today);
    await expectText(page.locator('[data-test=run-status]'), '已过账');
    await page.locator('[data-test=village-bars] canvas').waitFor();
    await screenshot(page, '04-run', true);
  });

  it('pays two villages, one of them partly', async () => {
    await page.goto(`${base}/projects/${projectId}/payments`);
    await page.locator('[data-test=pay-V01]').click();
    await page.locator('input[data-test=pay-amount]').fill('12000.00');
    await page.locator('input[data-test=pay-reference]').fill('NX-2026-0001');
    await page.locator('[data-test=pay-submit]').click();
    await confirm('¥12,000.00', '¥22,500.00');
    await page.locator('[data-test=pay-V02]').click();
    await page.locator('input[data-test=pay-reference]').fill('NX-2026-0002');
    await page.locator('[data-test=pay-submit]').click();
    await confirm('¥34,500.00');
    await expectText(page.locator('[data-test=payments]'), 'NX-2026-0002');
    const v01 = page.locator('[data-test=owed] tr', { hasText: '程壁村' });
    await expectText(v01, '¥22,500.00');
    await screenshot(page, '05-payments', true);
  });

  it('pays every village the rest in one batch, then reverses the batch’s payment to 程壁村', async () => {
    // Outstanding now: 程壁村 22,500.00 and four villages 34,500.00 each.
    await page.locator('input[data-test=batch-reference]').fill('PL-2026-01');
    await page.locator('[data-test=pay-all]').click();
    await confirm('¥22,500.00', '¥160,500.00');
    await expectText(page.locator('[data-test=payments]'), 'PL-2026-01-V06');
    for (const v of seed.villages as Array<{ name: string }>) {
      await expectText(page.locator('[data-test=owed] tr', { hasText: v.name }), '¥0.00');
    }
    await page.locator('[data-test=payments] tr', { hasText: 'PL-2026-01-V01' }).getByRole('button', { name: '冲销' }).click();
    await confirm('¥22,500.00');
    await expectText(page.locator('[data-test=payments] tr', { hasText: 'PL-2026-01-V01' }), '已冲销');
    await expectText(page.locator('[data-test=owed] tr', { hasText: '程壁村' }), '¥22,500.00');
    await screenshot(page, '05b-batch-reversed');
  });

  it('shows the treasurer, on a phone, what 程壁村 is owed, paid and still owed, and gives the 分红单', async () => {
    await user('treasurer', 'chengbi', 'V01');
    await signOut();
    await page.setViewportSize({ width: 375, height: 812 });
    await signIn('chengbi');
    await page.waitForURL(/\/villages\/[0-9a-f-]+$/);
    expect(await page.locator('[data-test=owed]').innerText()).toBe('¥34,500.00');
    expect(await page.locator('[data-test=paid]').innerText()).toBe('¥12,000.00');
    expect(await page.locator('[data-test=outstanding]').innerText()).toBe('¥22,500.00');
    // The page fits the phone: nothing wider than the screen.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await screenshot(page, '06-treasurer-phone', true);
    // How the figure was computed: the run's trace of this village, in Chinese.
    await page.locator('[data-test=trace-toggle] .el-collapse-item__header').first().click();
    await expectText(page.locator('[data-test=trace]'), '保底分红');
    await expectText(page.locator('[data-test=trace]'), '合计');
    await page.locator('[data-test=trace] li').last().waitFor({ state: 'visible' });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    // The batch's payment that was reversed is listed as reversed, not as money received.
    await expectText(page.locator('[data-test=receipts] tr', { hasText: 'PL-2026-01-V01' }), '已冲销');
    await screenshot(page, '06b-treasurer-trace');

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=notice]').first().click()]);
    const file = path.join(browser.downloads, download.suggestedFilename());
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('refuses the treasurer another village’s page typed into the address bar', async () => {
    const [other] = await owner.query(`SELECT id FROM village WHERE code = 'V02'`);
    await page.goto(`${base}/villages/${other.id}`);
    await page.locator('[data-test=refused]').waitFor();
    expect(await page.locator('[data-test=owed]').count()).toBe(0);
    await screenshot(page, '07-treasurer-refused');
    await page.setViewportSize({ width: 1366, height: 900 });
    await signOut();
  });

  it('lets the auditor verify the chain and download the trial balance', async () => {
    await signIn('wang.shenji');
    await page.waitForURL(/\/dashboard$/);
    await page.getByRole('link', { name: '账簿与报表' }).first().click();
    await page.getByRole('tab', { name: '账簿校验' }).click();
    await page.locator('[data-test=verify]').click();
    await expectText(page.locator('[data-test=verify-result]'), '账簿完整，未被改动');
    expect(await page.locator('[data-test=digest]').innerText()).toMatch(/^#\d+ [0-9a-f]{64}$/);
    // The digest printed on an earlier report (as reports print it: the first characters of the hash).
    const [sequence, hash] = (await page.locator('[data-test=digest]').innerText()).split(' ');
    await page.locator('input[data-test=earlier-digest]').fill(`${sequence} ${hash.slice(0, 16)}…`);
    await page.locator('[data-test=compare-digest]').click();
    await expectText(page.locator('[data-test=digest-comparison]'), '与当前账簿摘要一致');
    await page.locator('input[data-test=earlier-digest]').fill(`${sequence} ${'0'.repeat(16)}`);
    await page.locator('[data-test=compare-digest]').click();
    await expectText(page.locator('[data-test=digest-comparison]'), '账簿被改动过');
    await page.locator('input[data-test=earlier-digest]').fill(`${sequence} ${hash.slice(0, 16)}…`);
    await page.locator('[data-test=compare-digest]').click();
    await expectText(page.locator('[data-test=digest-comparison]'), '与当前账簿摘要一致');
    await screenshot(page, '08-auditor-verify', true);

    await page.getByRole('tab', { name: '科目余额表' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#pane-trial [data-test=download-xlsx]').click()]);
    const file = path.join(browser.downloads, download.suggestedFilename());
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(fs.readFileSync(file).subarray(0, 2).toString('latin1')).toBe('PK');

    // A voucher as it is printed: the accounts' names and the total in words.
    await page.getByRole('tab', { name: '记账凭证' }).click();
    await page.locator('[data-test=journal] a[data-test^=voucher-]').first().click();
    await page.waitForURL(/\/vouchers\/[0-9-]+$/);
    await expectText(page.locator('[data-test=voucher-words]'), '合计（大写）：');
    expect(await page.locator('[data-test=voucher-words]').innerText()).toMatch(/[壹贰叁肆伍陆柒捌玖].*元/);
    await screenshot(page, '09-voucher');
  });

  it('ends the session when the token expires, says so, and comes back to the same page after signing in', async () => {
    const here = new URL(page.url()).pathname;
    // The session's own token, made expired a minute ago (same user, same token version, signed with the service's key).
    const saved = JSON.parse((await page.evaluate("localStorage.getItem('enclave-session')")) as string);
    const claims = new JwtService().decode(saved.token) as { sub: string; ver: number };
    const expired = await new JwtService({ secret: TEST_JWT_SECRET }).signAsync({
      sub: claims.sub,
      ver: claims.ver,
      exp: Math.floor(Date.now() / 1000) - 60,
    });
    await page.evaluate(`localStorage.setItem('enclave-session', ${JSON.stringify(JSON.stringify({ ...saved, token: expired }))})`);
    await page.reload();
    await page.waitForURL(/\/login\?redirect=/);
    await expectText(page.locator('.el-alert'), '登录已过期，请重新登录');
    await screenshot(page, '10-session-expired');
    await page.locator('input[data-test=login]').fill('wang.shenji');
    await page.locator('input[data-test=password]').fill(logins['wang.shenji']);
    await page.locator('[data-test=submit]').click();
    await page.waitForURL((url) => url.pathname === here);
    await page.locator('[data-test=voucher]').waitFor();
  });
});
