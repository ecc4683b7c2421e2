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

/** Where the screenshot called `name` goes. */
export const shotPath = (name: string): string => join(dir, `${name}.png`);

/** The page as it is now, whole. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: shotPath(name), fullPage: true });
}

/**
 * What sticks out of a screen `width` px wide, after the page has had up to 5 s to lay itself out again (a resize is
 * followed by the page's own re-layout): `[]` when nothing does, else the page's width and the outermost elements
 * reaching past the edge, so a failure says what to mend.
 */
export async function widerThan(page: Page, width: number): Promise<string[]> {
  await page.waitForFunction(`document.documentElement.scrollWidth <= ${width}`, undefined, { timeout: 5000 }).catch(() => undefined);
  // A plain script string: the test tree is type-checked without the DOM library.
  return page.evaluate(`(() => {
    const edge = ${width};
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth <= edge) return [];
    const name = (el) => el.tagName.toLowerCase() + [...el.classList].map((c) => '.' + c).join('');
    const past = [...document.body.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > edge + 0.5);
    // Only the outermost of each nest: its children stick out because it does.
    const outermost = past.filter((el) => !past.some((other) => other !== el && other.contains(el)));
    return ['page ' + scrollWidth + ' px', ...outermost.slice(0, 8).map((el) => name(el) + ' to ' + Math.round(el.getBoundingClientRect().right) + ' px')];
  })()`);
}

/** The page at phone size (390 × 844), held to the phone's width, then back to the size it had. */
export async function phoneScreenshot(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize(PHONE);
  const wider = await widerThan(page, PHONE.width);
  if (wider.length > 0) throw new Error(`${name}: wider than a ${PHONE.width} px phone: ${wider.join(', ')}`);
  await page.screenshot({ path: shotPath(name), fullPage: true });
  if (before) await page.setViewportSize(before);
}
