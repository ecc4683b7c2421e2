import { caseWithFourParties, seats, send, thread } from '../factories/make';
import type { TestHub } from '../support/hub';
import { describeInBrowser } from './support/browser';
import { browserSuite } from './support/suite';
import { accessible } from './support/a11y';
import type { PartyPage } from './support/pages';
import { compose, openCase, shownTexts, waitForMessage } from './support/pages';
import { phoneScreenshot, screenshot } from './support/shots';

// Issue 16, "everyone": edit and retract one's own messages and read earlier versions; search in a case and across
// one's cases; see who is in a thread and bring parties in or take them out where the rules allow.

const message = (p: PartyPage, text: string) => p.page.locator('ol.messages li.message', { hasText: text }).first();

describeInBrowser('messages, search and participants in the page', () => {
  let hub!: TestHub;
  const { party } = browserSuite((started) => ({ hub } = started));

  it('the author edits and retracts; the others see "redigert", the earlier versions, and the tombstone live', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder], c.veileder, 'Felles');
    const [syk, leder, nav] = [await party(c, 'sykmeldt'), await party(c, 'arbeidsgiver'), await party(c, 'veileder')];
    for (const p of [syk, leder, nav]) await openCase(p, c.id);

    await compose(syk.page, 'Jeg kan jobbe 50 % fra mandag');
    await compose(syk.page, 'Feil tråd, beklager');
    for (const p of [leder, nav]) await waitForMessage(p.page, 'Feil tråd, beklager');
    // Only the author is offered to change a message.
    expect(await message(nav, 'Jeg kan jobbe 50 %').getByRole('button', { name: 'Rediger', exact: true }).count()).toBe(0);

    // The sykmeldt edits; an unchanged text is refused in the page, the new one is saved and reaches the others live.
    const mine = message(syk, 'Jeg kan jobbe 50 %');
    await mine.getByRole('button', { name: 'Rediger', exact: true }).click();
    const edit = mine.locator('form.message-edit');
    await edit.getByRole('button', { name: 'Lagre endringen' }).click();
    await edit.getByText('Du har ikke endret teksten.').waitFor();
    await edit.getByLabel('Endre meldingen').fill('Jeg kan jobbe 60 % fra mandag');
    await accessible(syk.page);
    await edit.getByRole('button', { name: 'Lagre endringen' }).click();
    await waitForMessage(syk.page, 'Jeg kan jobbe 60 %');
    for (const p of [leder, nav]) await waitForMessage(p.page, 'Jeg kan jobbe 60 %');

    // NAV opens "redigert" and reads the earlier text; the message itself shows the new one.
    const edited = message(nav, 'Jeg kan jobbe 60 %');
    await edited.getByRole('button', { name: /redigert/ }).click();
    const versions = edited.locator('.versions');
    await versions.locator('li[data-version="1"]', { hasText: 'Jeg kan jobbe 50 % fra mandag' }).waitFor();
    expect(await edited.getByRole('button', { name: /redigert/ }).getAttribute('aria-expanded')).toBe('true');
    await accessible(nav.page);
    await screenshot(nav.page, 'versjoner');
    await phoneScreenshot(nav.page, 'versjoner-mobil');

    // An edit that reads like health information, with the leader in the thread: refused until the sykmeldt confirms.
    const again = message(syk, 'Jeg kan jobbe 60 %');
    await again.getByRole('button', { name: 'Rediger', exact: true }).click();
    const edit2 = again.locator('form.message-edit');
    await edit2.getByLabel('Endre meldingen').fill('Jeg kan jobbe 60 % fra mandag. Jeg går til fysioterapi to ganger i uka.');
    const versionsStored = async () =>
      (await hub.query(`SELECT 1 FROM message_versions v JOIN messages m ON m.id = v.message_id WHERE m.case_id = $1`, [c.id])).length;
    const storedBefore = await versionsStored();
    await edit2.getByRole('button', { name: 'Lagre endringen' }).click();
    const warning = edit2.locator('.health-warning');
    await warning.locator('mark', { hasText: 'fysioterapi' }).waitFor();
    // Held: nothing of the edit is stored until the sykmeldt confirms.
    expect(await versionsStored()).toBe(storedBefore);
    await accessible(syk.page);
    await warning.getByRole('checkbox', { name: 'Jeg samtykker til at nærmeste leder ser dette' }).check();
    await warning.getByRole('button', { name: 'Send med samtykke' }).click();
    await waitForMessage(leder.page, 'fysioterapi to ganger');
    // NAV's open list of versions follows: the 60 % text is now an earlier version too.
    await versions.locator('li[data-version="2"]', { hasText: 'Jeg kan jobbe 60 % fra mandag' }).waitFor();
    expect(await versionsStored()).toBe(storedBefore + 1);

    // Retraction asks first; "Avbryt" keeps the message, "Ja" leaves a tombstone for everyone.
    const wrong = message(syk, 'Feil tråd, beklager');
    await wrong.getByRole('button', { name: 'Trekk tilbake' }).click();
    await wrong.getByText('Trekke tilbake meldingen?').waitFor();
    await accessible(syk.page);
    await wrong.getByRole('button', { name: 'Avbryt' }).click();
    expect(await syk.page.locator('li.message', { hasText: 'Feil tråd, beklager' }).count()).toBe(1);
    await wrong.getByRole('button', { name: 'Trekk tilbake' }).click();
    await syk.page.getByRole('button', { name: 'Ja, trekk tilbake' }).click();
    for (const p of [syk, leder, nav]) {
      await p.page.locator('li.message', { hasText: 'Meldingen er trukket tilbake.' }).waitFor();
      await p.page.waitForFunction(`![...document.querySelectorAll('li.message')].some((li) => li.textContent.includes('Feil tråd'))`);
    }
    // The tombstone keeps its place but shows no text.
    expect(await shownTexts(leder.page)).toEqual(['Jeg kan jobbe 60 % fra mandag. Jeg går til fysioterapi to ganger i uka.']);
    const stored = await hub.query<{ tekst: string; redacted_at: Date | null }>(
      `SELECT tekst, redacted_at FROM messages WHERE case_id = $1 ORDER BY seq`,
      [c.id],
    );
    expect(stored.map((m) => m.redacted_at !== null)).toEqual([false, true]);
    for (const p of [syk, leder, nav]) expect(p.traffic.errors).toEqual([]);
  }, 150_000);

  it('finds messages in a case and across cases, opens the hit at its message, and finds nothing the role may not see', async () => {
    const c = await caseWithFourParties(hub);
    const other = await caseWithFourParties(hub);
    const s = seats(c);
    const felles = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder], c.veileder, 'Felles');
    const legeNav = await thread(hub, c, [s.fastlege, s.veileder], c.veileder, 'Prognose');
    await send(hub, c, felles, c.veileder, { tekst: 'Vi må lage en ny vaktliste for mai' });
    await send(hub, c, legeNav, c.fastlege, {
      tekst: 'Prognosen er god',
      diagnose: [{ system: 'ICPC-2', kode: 'L03', tekst: 'Lumbagosmerter' }],
    });
    for (let i = 0; i < 5; i++) await send(hub, c, felles, c.sykmeldt, { tekst: `Melding ${i} om noe annet` });
    // A case the veileder of `c` has no part in holds the same word: it must not come up.
    const otherThread = await thread(hub, other, [seats(other).sykmeldt, seats(other).veileder], other.veileder, 'Annen sak');
    await send(hub, other, otherThread, other.veileder, { tekst: 'Vaktliste i en annen sak' });

    const [nav, leder] = [await party(c, 'veileder'), await party(c, 'arbeidsgiver')];

    // Across cases, from the case list: one hit, named by its case, opening the thread at the message.
    const all = nav.page.locator('.all-search');
    await all.getByRole('searchbox', { name: 'Søk i alle sakene dine' }).fill('vaktliste');
    await all.getByRole('searchbox').press('Enter');
    await all.getByRole('heading', { name: '1 treff for «vaktliste»' }).waitFor();
    await accessible(nav.page);
    await screenshot(nav.page, 'sok-alle-saker');
    await all.getByRole('link', { name: `Sak for ${c.sykmeldt.sub}` }).click();
    await nav.page.locator('main[data-live="subscribed"]').waitFor();
    await nav.page.locator('li.message.found', { hasText: 'ny vaktliste for mai' }).waitFor();
    expect(await nav.page.evaluate('document.activeElement && document.activeElement.textContent')).toContain('ny vaktliste for mai');

    // In the case: a word of the diagnosis finds the fastlege's message in the other thread; the hit opens it.
    const inCase = nav.page.locator('.case-search');
    await inCase.getByRole('searchbox', { name: 'Søk i saken' }).fill('lumbago');
    await inCase.getByRole('searchbox').press('Enter');
    await inCase.getByRole('heading', { name: '1 treff for «lumbago»' }).waitFor();
    await inCase.locator('li[data-hit]', { hasText: 'Lumbagosmerter' }).waitFor();
    await accessible(nav.page);
    await screenshot(nav.page, 'sok-i-saken');
    await phoneScreenshot(nav.page, 'sok-i-saken-mobil');
    await inCase.getByRole('link', { name: 'Prognose' }).click();
    await nav.page.locator('.conversation h2', { hasText: 'Prognose' }).waitFor();
    await nav.page.locator('li.message.found', { hasText: 'Prognosen er god' }).waitFor();

    // The leader: the same word finds nothing (the diagnosis is not its to search); an open word does.
    await openCase(leder, c.id);
    const lederSearch = leder.page.locator('.case-search');
    await lederSearch.getByRole('searchbox', { name: 'Søk i saken' }).fill('lumbago');
    await lederSearch.getByRole('searchbox').press('Enter');
    await lederSearch.getByText('Ingen treff for «lumbago».').waitFor();
    await lederSearch.getByRole('searchbox').fill('vaktliste');
    await lederSearch.getByRole('searchbox').press('Enter');
    await lederSearch.getByRole('heading', { name: '1 treff for «vaktliste»' }).waitFor();
    // One letter is too little; the page says so instead of asking.
    await lederSearch.getByRole('searchbox').fill('v');
    await lederSearch.getByRole('searchbox').press('Enter');
    await lederSearch.getByText('Skriv minst to tegn').waitFor();
    await accessible(leder.page);
    for (const p of [nav, leder]) expect(p.traffic.errors).toEqual([]);
  }, 150_000);

  it('shows who is in a thread; parties are added and removed where the rules allow, and a refusal names the rule', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const legeNav = await thread(hub, c, [s.fastlege, s.veileder], c.veileder, 'Lege og NAV');
    await send(hub, c, legeNav, c.veileder, { tekst: 'Hvordan går behandlingen?' });
    const [nav, lege, leder, syk] = [
      await party(c, 'veileder'),
      await party(c, 'fastlege'),
      await party(c, 'arbeidsgiver'),
      await party(c, 'sykmeldt'),
    ];
    for (const p of [nav, lege, leder, syk]) await openCase(p, c.id);
    const tools = (p: PartyPage) => p.page.locator('.conversation .thread-participants');
    const shown = (p: PartyPage) => p.page.locator('.conversation .participants');

    // The nærmeste leder into a thread with the fastlege but not the sykmeldt: the hub refuses, the page says the rule.
    await tools(nav).locator('summary', { hasText: 'Endre deltakere' }).click();
    await tools(nav)
      .getByRole('button', { name: /Legg til Nærmeste leder/ })
      .click();
    await tools(nav).getByRole('alert').filter({ hasText: 'må den sykmeldte også være med' }).waitFor();
    await accessible(nav.page);
    await screenshot(nav.page, 'deltakere');
    await phoneScreenshot(nav.page, 'deltakere-mobil');
    expect(await shown(nav).textContent()).not.toContain('Nærmeste leder');

    // The fastlege (a participant, not NAV) brings in the sykmeldt; then NAV the leader. Each sees the thread arrive.
    await tools(lege).locator('summary', { hasText: 'Endre deltakere' }).click();
    expect(
      await tools(lege)
        .getByRole('button', { name: /^Ta ut/ })
        .count(),
    ).toBe(0);
    await tools(lege).getByRole('button', { name: 'Legg til Sykmeldt' }).click();
    await syk.page.locator('a[data-thread]', { hasText: 'Lege og NAV' }).waitFor();
    await shown(nav).getByText('Sykmeldt').waitFor();
    await tools(nav)
      .getByRole('button', { name: /Legg til Nærmeste leder/ })
      .click();
    await leder.page.locator('a[data-thread]', { hasText: 'Lege og NAV' }).click();
    // Brought in, the leader reads the history.
    await waitForMessage(leder.page, 'Hvordan går behandlingen?');
    await accessible(lege.page);

    // NAV takes the sykmeldt out of a thread with the fastlege and the leader: the rule holds both ways.
    await tools(nav).getByRole('button', { name: 'Ta ut Sykmeldt' }).click();
    await tools(nav).getByRole('button', { name: 'Ja, ta ut Sykmeldt' }).click();
    const refusedOrDone = await Promise.race([
      tools(nav)
        .getByRole('alert')
        .filter({ hasText: 'må den sykmeldte også være med' })
        .waitFor()
        .then(() => 'refused'),
      syk.page
        .locator('a[data-thread]', { hasText: 'Lege og NAV' })
        .waitFor({ state: 'detached' })
        .then(() => 'removed'),
    ]);
    expect(refusedOrDone).toBe('refused');

    // NAV takes the leader out (confirming first): the leader's page loses the thread at once.
    await tools(nav)
      .getByRole('button', { name: /^Ta ut Nærmeste leder/ })
      .click();
    await accessible(nav.page);
    await tools(nav)
      .getByRole('button', { name: /^Ja, ta ut Nærmeste leder/ })
      .click();
    await leder.page.locator('a[data-thread]', { hasText: 'Lege og NAV' }).waitFor({ state: 'detached' });
    await shown(nav).filter({ hasNotText: 'Nærmeste leder' }).waitFor();
    for (const p of [nav, lege, leder, syk]) expect(p.traffic.errors).toEqual([]);
  }, 150_000);
});
