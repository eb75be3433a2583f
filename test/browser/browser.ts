import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

/**
 * Debian's chromium (`apt-get install chromium`; .ci/run installs it), driven by playwright-core, which downloads no
 * browser of its own. CHROMIUM_PATH names another binary.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether the browser is here; when it is not, the tests say so plainly and are skipped (but never in CI). */
export function browserPresent(): boolean {
  if (fs.existsSync(CHROMIUM)) return true;
  const message = `浏览器测试跳过：找不到 ${CHROMIUM}。请安装 Debian 的 chromium（apt-get install chromium），或用 CHROMIUM_PATH 指定。`;
  if (process.env.CI) throw new Error(`${message}（CI 中必须运行）`);
  console.warn(message);
  return false;
}

/** Flags for a headless run as root on a machine with no network beyond the service under test. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A browser with a new, empty profile (--user-data-dir), removed by `close`. */
export async function launch(): Promise<{ context: BrowserContext; downloads: string; close(): Promise<void> }> {
  const { chromium } = await import('playwright-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-chromium-'));
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-downloads-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    acceptDownloads: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 900 },
  });
  return {
    context,
    downloads,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
      fs.rmSync(downloads, { recursive: true, force: true });
    },
  };
}

const SHOTS = path.resolve(__dirname, '../../test-artifacts/screenshots');
const README_SHOTS = path.resolve(__dirname, '../../docs/screenshots');

/**
 * Every step's screenshot goes to test-artifacts/screenshots; with UPDATE_SCREENSHOTS=1, those marked `forReadme`
 * also replace the README's in docs/screenshots (not on every run: a machine without a Chinese font would draw boxes).
 */
export async function screenshot(page: Page, name: string, forReadme = false): Promise<void> {
  // A README picture must be of a settled page; any other waits as long and is taken anyway (a failure's picture
  // shows the page as it was).
  if (forReadme) await settled(page);
  else if (name !== 'failed') await settled(page, 5000).catch(() => undefined);
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  if (forReadme && process.env.UPDATE_SCREENSHOTS === '1') {
    fs.mkdirSync(README_SHOTS, { recursive: true });
    fs.copyFileSync(file, path.join(README_SHOTS, `${name}.png`));
  }
}

/** What on the page is still moving: a loading mask or spinner, a passing message, a transition half-way; '' when none. */
const UNSETTLED = `(() => {
  const busy = document.querySelector('.el-loading-mask, .el-loading-spinner, .is-loading');
  if (busy) return 'loading: ' + busy.className;
  const moving = document.querySelector('.el-message, [class*="-enter-active"], [class*="-leave-active"]');
  if (moving) return 'moving: ' + moving.className + ' ' + (moving.textContent || '').slice(0, 40);
  return document.fonts.status === 'loaded' ? '' : 'fonts: ' + document.fonts.status;
})()`;

/**
 * Waits until the page has settled: no loading mask or spinner left (Element Plus removes a v-loading mask after its
 * fade-out), no passing message (「已保存」) over the page, no transition half-way (a collapse opening), the fonts
 * drawn. The README's pictures are taken only then, never of a page dimmed half-way through a load. A page still
 * loading after `timeout` ms fails; a message or a transition still there is only reported (the picture is taken).
 */
export async function settled(page: Page, timeout = 15000): Promise<void> {
  const until = Date.now() + timeout;
  let what = (await page.evaluate(UNSETTLED)) as string;
  while (what && Date.now() < until) {
    await page.waitForTimeout(200);
    what = (await page.evaluate(UNSETTLED)) as string;
  }
  if (what.startsWith('loading')) throw new Error(`the page is still loading after ${timeout} ms (${what})`);
  if (what) console.warn(`screenshot of a page not quite settled: ${what}`);
}
