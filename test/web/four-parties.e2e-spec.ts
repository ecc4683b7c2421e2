import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import type { FourPartyCase } from '../factories/make';
import { caseWithFourParties, seats, send, thread } from '../factories/make';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import { buildWeb, describeInBrowser, heldByPage, launchChromium } from './support/browser';
import { axeViolations, focusOutline, lowContrastText, tabTo, unlabelledControls } from './support/a11y';
import { PHONE, shotPath, widerThan } from './support/shots';
import { TcpProxy } from './support/tcp-proxy';
import type { PartyPage } from './support/pages';
import { compose, live, openCase, shownTexts, signedIn, waitForMessage } from './support/pages';

describeInBrowser('the web page, one browser per party', () => {
  let hub: TestHub;
  let browser: Browser;
  const opened: PartyPage[] = [];

  beforeAll(async () => {
    const webDir = buildWeb();
    hub = await startHub({ env: { WEB_DIR: webDir } });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });
  afterEach(async () => {
    for (const p of opened.splice(0)) await p.context.close();
  });

  const party = async (
    c: FourPartyCase,
    role: 'sykmeldt' | 'arbeidsgiver' | 'fastlege' | 'veileder',
    viewport?: { width: number; height: number },
  ) => {
    const p = await signedIn(browser, hub.url, c[role], viewport);
    opened.push(p);
    return p;
  };

  it('shows messages live to the others, masks the diagnosis from the arbeidsgiver everywhere, with typing, read markers and consent', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const felles = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder], c.veileder, 'Felles plan');
    await send(hub, c, felles, c.veileder, { tekst: 'Velkommen, alle sammen' });

    const [syk, leder, lege, nav] = [
      await party(c, 'sykmeldt'),
      await party(c, 'arbeidsgiver', { width: 360, height: 780 }),
      await party(c, 'fastlege'),
      await party(c, 'veileder'),
    ];
    // The case list counts what each has not read and names the next deadline.
    await syk.page.locator(`li[data-case="${c.id}"] [data-testid=unread]`, { hasText: '1 ulest' }).waitFor();
    await syk.page.locator(`li[data-case="${c.id}"] .deadline`, { hasText: 'Oppfølgingsplan' }).waitFor();
    await syk.page.screenshot({ path: shotPath('saker'), clip: { x: 0, y: 0, width: 1280, height: 240 } });
    expect(await axeViolations(syk.page)).toEqual([]);
    for (const p of [syk, leder, lege, nav]) await openCase(p, c.id);

    const planted = {
      diagnose: `Planted-diagnose-${randomUUID()}`,
      vurdering: `Planted-vurdering-${randomUUID()}`,
      funksjonsevne: `Kan ikke løfte ${randomUUID().slice(0, 8)}`,
    };
    await compose(lege.page, 'Etter kontroll i dag', {
      funksjonsevne: planted.funksjonsevne,
      kode: 'L03',
      diagnose: planted.diagnose,
      vurdering: planted.vurdering,
    });
    for (const p of [syk, leder, nav]) await waitForMessage(p.page, 'Etter kontroll i dag');
    await nav.page.locator('li.message dd', { hasText: planted.diagnose }).waitFor();
    await syk.page.locator('li.message dd', { hasText: planted.vurdering }).waitFor();
    expect(await leder.page.locator('li.message', { hasText: 'Etter kontroll i dag' }).textContent()).not.toContain('Kan ikke løfte');

    // Typing shows on the others' pages; the sykmeldt's open page marked the thread read, which the fastlege sees.
    await leder.page.locator('form.composer').getByLabel('Ny melding').pressSequentially('Takk');
    await syk.page.locator('.typing', { hasText: 'Nærmeste leder' }).waitFor();
    await lege.page.locator('li.message.mine .read-by', { hasText: 'Sykmeldt' }).waitFor();

    // The sykmeldt lets the leader see funksjonsevne: the leader's page shows it at once, still without the diagnosis.
    await syk.page.getByRole('switch', { name: /kan se funksjonsevnen min/ }).check();
    await leder.page.locator('li.message dd', { hasText: planted.funksjonsevne }).waitFor();
    await leder.page.locator('form.composer').getByRole('button', { name: 'Send' }).click();
    for (const p of [syk, lege, nav]) await waitForMessage(p.page, 'Takk');

    // Exactly what the server sent to the arbeidsgiver: nothing medical in its DOM, storage or traffic.
    const held = await heldByPage(leder.context, leder.page);
    const traffic = await leder.traffic.all();
    for (const seen of [held, traffic]) {
      expect(seen).toContain('Etter kontroll i dag');
      expect(seen).not.toContain(planted.diagnose);
      expect(seen).not.toContain(planted.vurdering);
    }
    expect(await leder.traffic.json()).not.toMatch(/"diagnose"|"medisinskVurdering"/);
    expect(held).not.toMatch(/Diagnose|Medisinsk vurdering/);
    // ... while the data is there for those who may see it, so the checks above prove the masking.
    expect(await heldByPage(nav.context, nav.page)).toContain(planted.diagnose);
    expect(await shownTexts(leder.page)).toEqual(['Velkommen, alle sammen', 'Etter kontroll i dag', 'Takk']);

    // The fastlege edits the text in the page, then the diagnosis alone (an edit the leader must not even notice).
    // The leader opens the earlier versions and searches: still nothing medical reaches its browser.
    const laterDiagnose = `Planted-diagnose-${randomUUID()}`;
    const legeMessage = lege.page.locator('ol.messages li.message', { hasText: 'Etter kontroll i dag' }).first();
    await legeMessage.getByRole('button', { name: 'Rediger', exact: true }).click();
    await legeMessage.getByLabel('Endre meldingen').fill('Etter kontroll i dag, med tillegg');
    await legeMessage.getByRole('button', { name: 'Lagre endringen' }).click();
    await waitForMessage(leder.page, 'Etter kontroll i dag, med tillegg');
    await hub
      .as(c.fastlege)
      .patch(`/cases/${c.id}/threads/${felles}/messages/${await legeMessage.getAttribute('data-id')}`)
      .send({ diagnose: [{ system: 'ICPC-2', kode: 'L86', tekst: laterDiagnose }] })
      .expect(200);
    await nav.page.locator('li.message dd', { hasText: laterDiagnose }).waitFor();
    for (const p of [leder, nav]) {
      const edited = p.page.locator('ol.messages li.message', { hasText: 'med tillegg' });
      await edited.getByRole('button', { name: /redigert/ }).click();
      await edited.locator('.versions li[data-version="1"]', { hasText: 'Etter kontroll i dag' }).waitFor();
    }
    // The leader counts two versions (the diagnosis edit is none of its business); NAV three.
    expect(await leder.page.locator('.versions li[data-version]').count()).toBe(1);
    await nav.page.locator('.versions li[data-version="2"]').waitFor();
    await nav.page.locator('.versions li[data-version="1"] dd', { hasText: planted.diagnose }).waitFor();
    expect(await axeViolations(leder.page)).toEqual([]);
    const search = async (p: PartyPage, q: string) => {
      const form = p.page.locator('.case-search');
      await form.getByRole('searchbox', { name: 'Søk i saken' }).fill(q);
      await form.getByRole('searchbox').press('Enter');
    };
    // Words of the diagnosis (not the whole planted text, which the leader's own query would then carry): NAV finds
    // the message by them, the leader finds nothing.
    await search(nav, 'Planted-diagnose');
    await nav.page.locator('.case-search li[data-hit]', { hasText: laterDiagnose }).waitFor();
    await search(leder, 'Planted-diagnose');
    await leder.page.locator('.case-search', { hasText: 'Ingen treff for «Planted-diagnose»' }).waitFor();
    await search(leder, 'tillegg');
    await leder.page.locator('.case-search li[data-hit]', { hasText: 'med tillegg' }).waitFor();
    const heldLater = await heldByPage(leder.context, leder.page);
    const trafficLater = await leder.traffic.all();
    for (const seen of [heldLater, trafficLater]) {
      expect(seen).toContain('Etter kontroll i dag, med tillegg');
      for (const secret of [planted.diagnose, planted.vurdering, laterDiagnose]) expect(seen).not.toContain(secret);
    }
    expect(await leder.traffic.json()).not.toMatch(/"diagnose"|"medisinskVurdering"/);
    expect(heldLater).not.toMatch(/Diagnose|Medisinsk vurdering/);
    expect(await heldByPage(nav.context, nav.page)).toContain(laterDiagnose);
    // Usable on a narrow phone: nothing wider than the 360 px screen.
    expect(await widerThan(leder.page, 360)).toEqual([]);
    for (const p of [syk, leder, lege, nav]) expect(p.traffic.errors).toEqual([]);
  }, 120_000);

  it('resumes after a dropped network and after a reload without losing or doubling a message', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const felles = await thread(hub, c, [s.sykmeldt, s.veileder, s.arbeidsgiver], c.veileder, 'Tilrettelegging');
    await send(hub, c, felles, c.veileder, { tekst: 'Første melding' });
    const proxy = await TcpProxy.start(Number(new URL(hub.url).port));
    try {
      // The sykmeldt's browser reaches the hub through a proxy the test can cut.
      const syk = await signedIn(browser, proxy.url, c.sykmeldt);
      opened.push(syk);
      const nav = await party(c, 'veileder');
      for (const p of [syk, nav]) await openCase(p, c.id);
      await waitForMessage(syk.page, 'Første melding');

      proxy.drop();
      await syk.page.locator('.link-status[data-status="offline"]').waitFor();
      // While the sykmeldt is offline: two messages from NAV, and one the sykmeldt writes and sends.
      await compose(nav.page, 'Mens du var borte 1');
      await compose(nav.page, 'Mens du var borte 2');
      await waitForMessage(nav.page, 'Mens du var borte 2');
      await compose(syk.page, 'Skrevet uten nett');
      await syk.page.locator('li.pending', { hasText: 'Skrevet uten nett' }).waitFor();

      proxy.restore();
      await syk.page.locator('.link-status[data-status="online"]').waitFor({ timeout: 20_000 });
      await waitForMessage(syk.page, 'Skrevet uten nett');
      await waitForMessage(nav.page, 'Skrevet uten nett');
      const expected = ['Første melding', 'Mens du var borte 1', 'Mens du var borte 2', 'Skrevet uten nett'];
      expect(await shownTexts(syk.page)).toEqual(expected);
      expect(await shownTexts(nav.page)).toEqual(expected);
      expect(await syk.page.locator('li.pending').count()).toBe(0);
      // The hub stored the offline send once, whatever the retries.
      const stored = await hub.query<{ n: string }>(`SELECT count(*) AS n FROM messages WHERE thread_id = $1`, [felles]);
      expect(Number(stored[0].n)).toBe(4);

      // A reload resumes: the same messages once each, and the page is live again.
      await syk.page.reload();
      await live(syk.page);
      await waitForMessage(syk.page, 'Skrevet uten nett');
      expect(await shownTexts(syk.page)).toEqual(expected);
      await compose(nav.page, 'Etter omlasting');
      await waitForMessage(syk.page, 'Etter omlasting');
      expect(await shownTexts(syk.page)).toEqual([...expected, 'Etter omlasting']);
    } finally {
      await proxy.close();
    }
  }, 120_000);

  it('gives each role its panels: forespørsler answered in place, the plan shared, tracks and timeline, consent and innsyn; accessible', async () => {
    const c = await caseWithFourParties(hub);
    // Tokens carry names, as OIDC tokens do: the screens (and the README's screenshots) show people, not ids.
    c.sykmeldt.name = 'Kari Nordmann';
    c.arbeidsgiver.name = 'Ola Hansen';
    c.fastlege.name = 'Lege Legesen';
    c.veileder.name = 'Vera Veileder';
    const s = seats(c);
    const felles = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder], c.veileder, 'Tilrettelegging og plan');
    const legeTraad = await thread(hub, c, [s.fastlege, s.veileder], c.veileder, 'Prognose og gradering');
    await send(hub, c, felles, c.veileder, { tekst: 'Hei! Her samler vi oppfølgingen. Hvordan går det?' });
    await send(hub, c, felles, c.sykmeldt, { tekst: 'Bedre nå, men jeg kan ikke løfte tungt ennå.' });
    await send(hub, c, felles, c.fastlege, {
      tekst: 'Anbefaler gradert retur fra neste uke.',
      funksjonsevne: 'Bør ikke løfte over 10 kg',
      diagnose: [{ system: 'ICPC-2', kode: 'L03', tekst: 'Korsryggsmerter' }],
      medisinskVurdering: 'God fremgang etter fysioterapi.',
    });
    await send(hub, c, felles, c.arbeidsgiver, { tekst: 'Vi kan tilby kontorarbeid og hev-senk-pult.' });
    const foresporsel = await hub
      .as(c.veileder)
      .post(`/cases/${c.id}/threads/${legeTraad}/dialogmeldinger`)
      .send({ clientTxnId: randomUUID(), kind: 'FORESPORSEL', tekst: 'Hva er forventet prognose, og kan hun jobbe 50 %?' })
      .expect(201);
    const retur = (await hub.as(c.veileder).post(`/cases/${c.id}/tracks`).send({ kind: 'RETUR_ARBEID' }).expect(201)).body.id;
    const med = (await hub.as(c.veileder).post(`/cases/${c.id}/tracks`).send({ kind: 'MEDISINSK_BEHANDLING' }).expect(201)).body.id;
    const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
    await hub
      .as(c.veileder)
      .post(`/cases/${c.id}/tracks/${retur}/tasks`)
      .send({ tittel: 'Avklare tilrettelagte oppgaver', eier: s.arbeidsgiver, frist: inDays(10), traadId: felles })
      .expect(201);
    await hub
      .as(c.veileder)
      .post(`/cases/${c.id}/tracks/${med}/tasks`)
      .send({ tittel: 'Følge opp fysioterapi', eier: s.fastlege, frist: inDays(14) })
      .expect(201);
    const plan = await hub
      .as(c.arbeidsgiver)
      .post(`/cases/${c.id}/oppfolgingsplaner`)
      .send({
        arbeidsoppgaver: 'Kundebehandling på telefon, ikke lager',
        tilrettelegging: 'Hev-senk-pult og kortere dager',
        oppfolging: 'Samtale hver fredag',
        evalueringsdato: inDays(30).slice(0, 10),
      })
      .expect(201);
    for (const who of [c.arbeidsgiver, c.sykmeldt])
      await hub.as(who).post(`/cases/${c.id}/oppfolgingsplaner/${plan.body.id}/versjoner/1/godkjenning`).expect(200);

    const [syk, leder, lege, nav] = [
      await party(c, 'sykmeldt'),
      await party(c, 'arbeidsgiver'),
      await party(c, 'fastlege'),
      await party(c, 'veileder'),
    ];
    for (const p of [syk, leder, lege, nav]) await openCase(p, c.id);

    // The fastlege sees the open forespørsel with its svarfrist and answers it in place; NAV's page follows live.
    const item = lege.page.locator(`li[data-dialogmelding="${foresporsel.body.id}"]`);
    await item.locator('.deadline', { hasText: 'Svarfrist' }).waitFor();
    await nav.page.locator(`li[data-dialogmelding="${foresporsel.body.id}"]`).waitFor();
    await lege.page.screenshot({ path: shotPath('fastlege'), fullPage: true });
    await item.getByLabel('Ditt svar').fill('Forventet full retur om fire uker; 50 % fra mandag.');
    await item.getByRole('button', { name: 'Send svar' }).click();
    await lege.page.locator('.panel-foresporsler', { hasText: 'Ingen åpne forespørsler' }).waitFor();
    await nav.page.locator('.panel-foresporsler', { hasText: '1 besvart' }).waitFor();

    // The nærmeste leder shares the approved plan; the sykmeldt sees it shared, live.
    const share = leder.page.locator('form.share');
    await share.getByLabel('Fastlegen').check();
    await share.getByLabel('NAV').check();
    await share.getByRole('button', { name: 'Del planen' }).click();
    await leder.page.locator('.delinger li', { hasText: 'delt med NAV' }).waitFor();
    await syk.page.locator('.delinger li', { hasText: 'delt med fastlegen' }).waitFor();
    expect((await hub.as(c.fastlege).get(`/cases/${c.id}/oppfolgingsplaner`).expect(200)).body).toHaveLength(1);

    // The veileder sees the tracks, tasks and timeline; the leader only the work tracks, as the hub sends them.
    const followup = nav.page.locator('.panel-followup');
    await followup.locator('li', { hasText: 'Følge opp fysioterapi' }).waitFor();
    await followup.locator('[data-milestone="OPPFOLGINGSPLAN"]').waitFor();
    await leder.page.locator('.panel-followup li', { hasText: 'Avklare tilrettelagte oppgaver' }).waitFor();
    expect(await leder.page.locator('.panel-followup').textContent()).not.toContain('fysioterapi');

    // The sykmeldt sees who read what, including the leader's reads of this case.
    await syk.page.locator('.panel-innsyn td', { hasText: 'Nærmeste leder Ola Hansen' }).first().waitFor();
    await syk.page.getByRole('switch', { name: /kan se funksjonsevnen min/ }).waitFor();

    // Keyboard only: the leader tabs to the composer, writes and sends with Ctrl+Enter; focus is visible on the way.
    await leder.page.locator('h1').focus();
    await tabTo(leder.page, 'form.composer textarea');
    expect(await focusOutline(leder.page)).toMatch(/^solid [3-9]/);
    await leder.page.keyboard.type('Sendt med tastaturet');
    await leder.page.keyboard.press('Control+Enter');
    await waitForMessage(syk.page, 'Sendt med tastaturet');
    await tabTo(leder.page, 'form.composer button[type=submit]');
    expect(await focusOutline(leder.page)).toMatch(/^solid [3-9]/);

    for (const p of [syk, leder, lege, nav]) {
      expect(await p.page.getAttribute('html', 'lang')).toBe('nb');
      expect(await unlabelledControls(p.page)).toEqual([]);
      expect(await lowContrastText(p.page)).toEqual([]);
      expect(await axeViolations(p.page)).toEqual([]);
      expect(p.traffic.errors).toEqual([]);
    }
    // The sign-in page, as a visitor sees it first.
    const visitor = await browser.newContext({ locale: 'nb-NO' });
    const signIn = await visitor.newPage();
    await signIn.goto(`${hub.url}/app/`);
    await signIn.getByRole('heading', { level: 1, name: 'Logg inn' }).waitFor();
    expect(await axeViolations(signIn)).toEqual([]);
    await visitor.close();
    await waitForMessage(nav.page, 'Sendt med tastaturet');
    for (const p of [syk, leder, nav]) await p.page.screenshot({ path: shotPath(p.actor.role), fullPage: true });
    await leder.page.setViewportSize({ width: 360, height: 780 });
    expect(await widerThan(leder.page, 360)).toEqual([]);
    await leder.page.screenshot({ path: shotPath('arbeidsgiver-mobil'), fullPage: true });
    // Each party's screen on a phone (390 × 844), for the README.
    for (const p of [syk, lege, nav]) {
      await p.page.setViewportSize(PHONE);
      expect(await widerThan(p.page, PHONE.width)).toEqual([]);
      await p.page.screenshot({ path: shotPath(`${p.actor.role}-mobil`), fullPage: true });
    }
  }, 150_000);
});
