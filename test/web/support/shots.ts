import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

// Screenshots go to docs/screenshots with UPDATE_SCREENSHOTS=1 (the README shows them), else to a temporary folder,
// so every run still takes them and a screen that cannot be drawn fails the test.
const dir =
  process.env.UPDATE_SCREENSHOTS === '1' ? join(__dirname, '../../../docs/screenshots') : mkdtempSync(join(tmpdir(), 'hub-shots-'));
mkdirSync(dir, { recursive: true });

export const PHONE = { width: 390, height: 844 };

/** The page as it is now, whole. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** The page at phone size (390 × 844), held to the phone's width, then back to the size it had. */
export async function phoneScreenshot(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize(PHONE);
  await page.waitForFunction(`document.documentElement.scrollWidth <= ${PHONE.width}`, undefined, { timeout: 5000 }).catch(() => undefined);
  const width = Number(await page.evaluate('document.documentElement.scrollWidth'));
  if (width > PHONE.width) throw new Error(`${name}: the page is ${width} px wide on a ${PHONE.width} px phone`);
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
  if (before) await page.setViewportSize(before);
}
