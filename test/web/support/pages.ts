import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { Actor } from '@hub/domain';
import { Traffic } from './browser';

export interface PartyPage {
  actor: Actor;
  context: BrowserContext;
  page: Page;
  traffic: Traffic;
}

/** A new browser context (its own storage, like another person's browser) signed in through the page's own form. */
export async function signedIn(
  browser: Browser,
  baseUrl: string,
  actor: Actor,
  viewport = { width: 1280, height: 900 },
): Promise<PartyPage> {
  const context = await browser.newContext({ viewport, locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
  const page = await context.newPage();
  const traffic = new Traffic(page);
  await page.goto(`${baseUrl}/app/`);
  await page.getByLabel('Rolle').selectOption(actor.role);
  await page.getByLabel('Bruker-id').fill(actor.sub);
  if (actor.name) await page.getByLabel('Navn (valgfritt)').fill(actor.name);
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await page.getByRole('heading', { level: 1, name: 'Saker' }).waitFor();
  return { actor, context, page, traffic };
}

/** Opens the case from the case list and waits until the page is subscribed to the case's live events. */
export async function openCase(p: PartyPage, caseId: string): Promise<void> {
  await p.page.locator(`li[data-case="${caseId}"] a`).click();
  await live(p.page);
}

/** Waits until the open case page holds its snapshot and the hub delivers to it live. */
export async function live(page: Page): Promise<void> {
  await page.locator('.conversation h2').waitFor();
  await page.locator('main[data-live="subscribed"]').waitFor();
}

/** The texts of the messages the page shows in the open thread, in order. */
export async function shownTexts(page: Page): Promise<string[]> {
  return page.locator('ol.messages li.message:not(.pending) p.text').allTextContents();
}

/** Waits until the open thread shows a message with this text (live, no reload). */
export async function waitForMessage(page: Page, text: string, timeout = 20_000): Promise<void> {
  await page.locator('ol.messages li.message:not(.pending) p.text', { hasText: text }).first().waitFor({ timeout });
}

/** Sends a message through the composer of the open thread. */
export async function compose(
  page: Page,
  text: string,
  extra: { funksjonsevne?: string; kode?: string; diagnose?: string; vurdering?: string } = {},
): Promise<void> {
  const form = page.locator('form.composer');
  await form.getByLabel('Ny melding').fill(text);
  if (extra.funksjonsevne || extra.kode || extra.vurdering) {
    await form.locator('summary', { hasText: 'Helseopplysninger' }).click();
    if (extra.funksjonsevne) await form.getByLabel('Funksjonsevne').fill(extra.funksjonsevne);
    if (extra.kode) await form.getByLabel('Diagnosekode').fill(extra.kode);
    if (extra.diagnose) await form.getByLabel('Diagnose', { exact: true }).fill(extra.diagnose);
    if (extra.vurdering) await form.getByLabel('Medisinsk vurdering').fill(extra.vurdering);
  }
  await form.getByRole('button', { name: 'Send' }).click();
}

/** Types a date as a person does into Aksel's date field (dd.mm.åååå) and leaves the field, so the page takes it. */
export async function fillDate(scope: Locator, label: string, value: string): Promise<void> {
  const input = scope.getByRole('textbox', { name: label, exact: true });
  await input.fill(value);
  await input.press('Tab');
}
