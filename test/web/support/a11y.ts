import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

// Checks run inside the page as plain script strings (the test tree is type-checked without the DOM library).

/**
 * Controls without an accessible name: no label, no aria-label, no title, no text. Controls hidden from assistive
 * technology (Aksel's aria-hidden twin of each textarea, which measures its height) are not controls to name.
 */
export async function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll('input, select, textarea, button, a[href]')]
    .filter((el) => !el.closest('[aria-hidden="true"]'))
    .filter((el) => {
      const labels = el.labels ? [...el.labels].map((l) => l.textContent).join('') : '';
      const name = labels || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.getAttribute('title') || (el.matches('button, a') ? el.textContent : '');
      return !(name || '').trim();
    })
    .map((el) => el.outerHTML.slice(0, 100))`);
}

/** Visible text with less than 4.5:1 contrast against the background it sits on (WCAG 1.4.3). */
export async function lowContrastText(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const parse = (c) => { const m = /rgba?\\(([^)]+)\\)/.exec(c); if (!m) return null; const p = m[1].split(',').map(parseFloat); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
    const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    const lum = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
    const background = (el) => { for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0.5) return c; } return { r: 255, g: 255, b: 255, a: 1 }; };
    const low = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const el = node.parentElement;
      if (!node.textContent.trim() || !el || el.closest('.sr-only')) continue;
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
      const a = lum(parse(style.color)), b = lum(background(el));
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < 4.5) low.push(ratio.toFixed(2) + ' ' + el.tagName + '.' + el.className + ': ' + node.textContent.trim().slice(0, 40));
    }
    return low;
  })()`);
}

/** Presses Tab until the focused element matches `selector`; fails after `max` presses. */
export async function tabTo(page: Page, selector: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`!!document.activeElement && document.activeElement.matches(${JSON.stringify(selector)})`)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** The focused element's outline, to check that keyboard focus is visible. */
export async function focusOutline(page: Page): Promise<string> {
  return page.evaluate(`(() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth; })()`);
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * What axe-core finds against WCAG 2.1 AA on the page as it is now, one line per rule with the elements it failed.
 * axe is evaluated through the browser's devtools channel, which the page's CSP (no inline script) does not govern;
 * the page itself is not loosened.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_21_AA)} }, resultTypes: ['violations'] })
    .then((r) => r.violations.map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(' | ')))`);
}

/** The checks every screen of the page passes: every control labelled, and no axe-core WCAG 2.1 AA violation. */
export async function accessible(page: Page): Promise<void> {
  expect(await unlabelledControls(page)).toEqual([]);
  expect(await axeViolations(page)).toEqual([]);
}
