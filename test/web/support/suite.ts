import type { Browser } from 'playwright-core';
import type { Actor } from '@hub/domain';
import type { FourPartyCase } from '../../factories/make';
import type { TestHub } from '../../support/hub';
import { startHub } from '../../support/hub';
import { buildWeb, launchChromium } from './browser';
import type { PartyPage } from './pages';
import { signedIn } from './pages';

type Role = 'sykmeldt' | 'arbeidsgiver' | 'fastlege' | 'veileder';

/**
 * One hub serving the built page and one Chromium for a describe block: `started` hands both to the block, and each
 * party opened with `party` gets a browser context of its own, closed after its test.
 */
type Viewport = { width: number; height: number };

export function browserSuite(started: (s: { hub: TestHub; browser: Browser }) => void): {
  party: (c: FourPartyCase, role: Role, viewport?: Viewport) => Promise<PartyPage>;
  signedInAs: (actor: Actor, viewport?: Viewport) => Promise<PartyPage>;
} {
  let hub: TestHub | undefined;
  let browser: Browser | undefined;
  const opened: PartyPage[] = [];
  beforeAll(async () => {
    hub = await startHub({ env: { WEB_DIR: buildWeb() } });
    browser = await launchChromium();
    started({ hub, browser });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });
  afterEach(async () => {
    for (const p of opened.splice(0)) await p.context.close();
  });
  const signedInAs = async (actor: Actor, viewport?: Viewport): Promise<PartyPage> => {
    const p = await signedIn(browser!, hub!.url, actor, viewport);
    opened.push(p);
    return p;
  };
  return { party: (c, role, viewport) => signedInAs(c[role], viewport), signedInAs };
}
