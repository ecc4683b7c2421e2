import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium); never a browser download. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** `describe` when Chromium is here; otherwise the suite is skipped and the console says why. */
export function describeInBrowser(name: string, fn: () => void): void {
  if (hasChromium) return describe(name, fn);

  console.warn(
    `SKIPPED browser tests "${name}": no Chromium at ${CHROMIUM}. Install Debian's package (apt-get install -y chromium) ` +
      'or set CHROMIUM_PATH to run them; .ci/run installs it, so CI always runs them.',
  );
  describe.skip(name, fn);
}

/**
 * Headless Chromium as the machine runs it: no sandbox (CI runs as root), no GPU, and nothing that calls out to
 * Google's services, which this machine's closed network refuses. Playwright's launch gives every run a new, empty
 * user data dir of its own.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Builds apps/web into a fresh folder (the hub serves it as WEB_DIR), without touching dist/. */
export function buildWeb(): string {
  const out = mkdtempSync(join(tmpdir(), 'hub-web-'));
  execFileSync(process.execPath, [resolve(__dirname, '../../../apps/web/build.mjs'), out], { stdio: 'inherit' });
  return out;
}

/** Everything a page received or sent: response bodies, websocket frames, and the console's errors. */
export class Traffic {
  readonly texts: string[] = [];
  readonly jsonTexts: string[] = [];
  readonly errors: string[] = [];
  private readonly pending: Promise<unknown>[] = [];

  constructor(page: Page) {
    page.on('response', (r) => {
      this.pending.push(
        r.text().then(
          (t) => {
            this.texts.push(t);
            if ((r.headers()['content-type'] ?? '').includes('json')) this.jsonTexts.push(t);
          },
          () => undefined,
        ),
      );
    });
    page.on('request', (r) => this.texts.push(r.url(), r.postData() ?? ''));
    page.on('websocket', (ws) => {
      ws.on('framereceived', (f) => (this.texts.push(String(f.payload)), this.jsonTexts.push(String(f.payload))));
      ws.on('framesent', (f) => this.texts.push(String(f.payload)));
    });
    page.on('pageerror', (e) => this.errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content.Security.Policy|Trusted Type|Uncaught/i.test(m.text())) this.errors.push(m.text());
    });
  }

  /** All of it as one string, once every body has been read. */
  async all(): Promise<string> {
    await Promise.allSettled(this.pending);
    return this.texts.join('\n');
  }

  async json(): Promise<string> {
    await Promise.allSettled(this.pending);
    return this.jsonTexts.join('\n');
  }
}

/** What the page holds: its DOM, and whatever it put in web storage and cookies. */
export async function heldByPage(context: BrowserContext, page: Page): Promise<string> {
  const storage = await page.evaluate(
    'JSON.stringify({ session: { ...sessionStorage }, local: { ...localStorage }, cookie: document.cookie })',
  );
  const cookies = await context.cookies();
  return [await page.content(), String(storage), JSON.stringify(cookies)].join('\n');
}
