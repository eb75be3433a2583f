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
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  if (forReadme && process.env.UPDATE_SCREENSHOTS === '1') {
    fs.mkdirSync(README_SHOTS, { recursive: true });
    fs.copyFileSync(file, path.join(README_SHOTS, `${name}.png`));
  }
}
