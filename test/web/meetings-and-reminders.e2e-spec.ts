import { randomUUID } from 'node:crypto';
import { UbesvartJob } from '../../apps/hub/src/dialogmelding/ubesvart-job';
import { caseWithFourParties, seats, thread } from '../factories/make';
import type { TestHub } from '../support/hub';
import { describeInBrowser, heldByPage } from './support/browser';
import { browserSuite } from './support/suite';
import { accessible } from './support/a11y';
import type { PartyPage } from './support/pages';
import { fillDate, openCase, waitForMessage } from './support/pages';
import { phoneScreenshot, screenshot } from './support/shots';

// Issue 16: the journeys the page already offered without a browser walking them: NAV's påminnelse on an ubesvart
// forespørsel, the DM2-unntak, and DM1 called, moved and cancelled by the nærmeste leder.

/** dd.mm.åååå of the day `days` from today, as a person types it into Aksel's date picker. */
function typedDay(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${String(d.getDate()).padStart(2, '0')}.${String(d.getMonth() + 1).padStart(2, '0')}.${d.getFullYear()}`;
}

describeInBrowser('møter, unntak and påminnelser in the page', () => {
  let hub!: TestHub;
  const { party } = browserSuite((started) => ({ hub } = started));

  it('the nærmeste leder calls DM1, moves it and cancels it; the sykmeldt answers and sees each change live', async () => {
    const c = await caseWithFourParties(hub);
    const [leder, syk] = [await party(c, 'arbeidsgiver'), await party(c, 'sykmeldt')];
    for (const p of [leder, syk]) await openCase(p, c.id);
    const moter = (p: PartyPage) => p.page.locator('.panel-dialogmoter');

    // The leader calls DM1 (the page offers the leader no other kind), with NAV along.
    await moter(leder).locator('summary', { hasText: 'Kall inn til dialogmøte' }).click();
    const innkalling = moter(leder).locator('details form.tid-sted').last();
    expect(await innkalling.getByLabel('Møte').count()).toBe(0);
    await innkalling.getByLabel('NAV-veileder').check();
    await fillDate(innkalling, 'Dato', typedDay(14));
    await innkalling.getByLabel('Klokkeslett').fill('10:00');
    await innkalling.getByLabel('Sted').fill('Kantina, 2. etasje');
    await accessible(leder.page);
    await innkalling.getByRole('button', { name: 'Send innkalling' }).click();
    const sykMote = moter(syk).locator('article.mote', { hasText: 'Dialogmøte 1' });
    await sykMote.and(syk.page.locator('[data-status="INNKALT"]')).waitFor();
    await sykMote.locator('dd', { hasText: 'Kantina, 2. etasje' }).waitFor();
    await sykMote.locator('dd', { hasText: 'Sykmeldt, Nærmeste leder, NAV-veileder' }).waitFor();
    // Innkalt av: the leader.
    await sykMote.getByText('Nærmeste leder', { exact: true }).waitFor();

    // The sykmeldt comes; the leader sees the svar.
    await sykMote.getByLabel('Jeg kommer', { exact: true }).check();
    await sykMote.getByRole('button', { name: 'Send svar' }).click();
    await moter(leder).locator('tr[data-svar="sykmeldt"]', { hasText: 'Kommer' }).waitFor();

    // The leader moves it: new time and place, which the sykmeldt sees as such.
    const lederMote = moter(leder).locator('article.mote', { hasText: 'Dialogmøte 1' });
    await lederMote.locator('summary', { hasText: 'Endre tid og sted' }).click();
    const flytt = lederMote.locator('form.tid-sted');
    await fillDate(flytt, 'Dato', typedDay(16));
    await flytt.getByLabel('Klokkeslett').fill('13:30');
    await flytt.getByLabel('Sted').fill('Møterom Fjellet');
    await accessible(leder.page);
    await flytt.getByRole('button', { name: 'Lagre ny tid og sted' }).click();
    await moter(syk).locator('article.mote[data-status="NYTT_TID_STED"]', { hasText: 'Møterom Fjellet' }).waitFor();
    await screenshot(leder.page, 'arbeidsgiver-dialogmote');
    await phoneScreenshot(leder.page, 'arbeidsgiver-dialogmote-mobil');

    // Cancelling asks first; then the møte is avlyst for both, and no one is asked to answer it any more.
    await lederMote.getByRole('button', { name: 'Avlys møtet' }).click();
    await lederMote.getByText('Vil du avlyse møtet?').waitFor();
    await accessible(leder.page);
    await lederMote.getByRole('button', { name: 'Ja, avlys møtet' }).click();
    for (const p of [leder, syk]) await moter(p).locator('article.mote[data-status="AVLYST"]', { hasText: 'Avlyst' }).waitFor();
    expect(await moter(syk).locator('form.mote-svar').count()).toBe(0);
    const stored = await hub.query<{ status: string }>(`SELECT status FROM dialogmoter WHERE case_id = $1`, [c.id]);
    expect(stored.map((m) => m.status)).toEqual(['AVLYST']);
    for (const p of [leder, syk]) expect(p.traffic.errors).toEqual([]);
  }, 150_000);

  it('NAV records a DM2-unntak: the sykmeldt sees why, the nærmeste leder only that it was made', async () => {
    const c = await caseWithFourParties(hub);
    const beskrivelse = `Beskrivelse-unntak-${randomUUID()}`;
    const [nav, leder, syk] = [await party(c, 'veileder'), await party(c, 'arbeidsgiver'), await party(c, 'sykmeldt')];
    for (const p of [nav, leder, syk]) await openCase(p, c.id);
    const behov = (p: PartyPage) => p.page.locator('.panel-motebehov');

    await behov(nav).locator('summary', { hasText: 'Registrer unntak fra dialogmøte 2' }).click();
    const form = behov(nav).locator('form.unntak-form');
    // Without a reason the page asks for one and sends nothing.
    await form.getByRole('button', { name: 'Registrer unntak' }).click();
    await form.getByText('Velg årsaken.').waitFor();
    expect(await hub.query(`SELECT 1 FROM dm2_unntak WHERE case_id = $1`, [c.id])).toEqual([]);
    await form.getByLabel('Årsak').selectOption('MEDISINSKE_GRUNNER');
    await form.getByLabel('Beskrivelse (valgfri)').fill(beskrivelse);
    await accessible(nav.page);
    await form.getByRole('button', { name: 'Registrer unntak' }).click();
    await behov(nav).locator('.unntak', { hasText: 'Medisinske grunner' }).waitFor();
    expect(await behov(nav).locator('summary', { hasText: 'Registrer unntak' }).count()).toBe(0);

    await behov(syk).locator('.unntak', { hasText: 'Unntak fra dialogmøte 2' }).waitFor();
    await behov(leder).locator('.unntak', { hasText: 'Unntak fra dialogmøte 2' }).waitFor();
    await accessible(leder.page);
    // The leader's browser never held the reason or the description.
    const held = await heldByPage(leder.context, leder.page);
    const traffic = await leder.traffic.all();
    for (const seen of [held, traffic]) {
      expect(seen).toContain('Unntak fra dialogmøte 2');
      expect(seen).not.toContain(beskrivelse);
    }
    // The page's script names every årsak; what came from the hub and what the page shows name none.
    expect(await leder.traffic.json()).not.toMatch(/MEDISINSKE_GRUNNER|"arsak"/);
    expect(held).not.toContain('Medisinske grunner');
    expect(await heldByPage(nav.context, nav.page)).toContain(beskrivelse);
    for (const p of [nav, leder, syk]) expect(p.traffic.errors).toEqual([]);
  }, 150_000);

  it('NAV sends a påminnelse once a forespørsel is ubesvart; the fastlege gets it in the same thread', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const t = await thread(hub, c, [s.fastlege, s.veileder], c.veileder, 'Prognose');
    const f = (
      await hub
        .as(c.veileder)
        .post(`/cases/${c.id}/threads/${t}/dialogmeldinger`)
        .send({ clientTxnId: randomUUID(), kind: 'FORESPORSEL', tekst: 'Kan hun jobbe 50 % fra mandag?' })
        .expect(201)
    ).body as { id: string };
    // Three weeks and a day pass without a svar: the forespørsel was sent 505 hours ago, and the hub's job finds it.
    await hub.query(
      `UPDATE dialogmeldinger SET status = 'SENDT', created_at = now() - interval '505 hours', sent_at = now() - interval '505 hours' WHERE id = $1`,
      [f.id],
    );
    expect(await hub.app.get(UbesvartJob).runOnce()).toBeGreaterThanOrEqual(1);

    const [nav, lege] = [await party(c, 'veileder'), await party(c, 'fastlege')];
    for (const p of [nav, lege]) await openCase(p, c.id);
    const item = nav.page.locator(`.panel-foresporsler li[data-dialogmelding="${f.id}"]`);
    await item.getByText('Fristen er passert').waitFor();
    await accessible(nav.page);
    await item.getByRole('button', { name: 'Send påminnelse' }).click();
    await item.getByText(/Påminnelse sendt/).waitFor();
    expect(await item.getByRole('button', { name: 'Send påminnelse' }).count()).toBe(0);
    await screenshot(nav.page, 'veileder-paminnelse');
    await phoneScreenshot(nav.page, 'veileder-paminnelse-mobil');

    // The fastlege's page shows the påminnelse in the forespørsel's thread, live, and can still answer.
    await waitForMessage(lege.page, 'Påminnelse');
    const open = lege.page.locator(`.panel-foresporsler li[data-dialogmelding="${f.id}"]`);
    await open.getByLabel('Ditt svar').waitFor();
    await accessible(lege.page);
    const stored = await hub.query<{ kind: string }>(`SELECT kind FROM dialogmeldinger WHERE parent_id = $1`, [f.id]);
    expect(stored.map((d) => d.kind)).toEqual(['PAMINNELSE']);
    for (const p of [nav, lege]) expect(p.traffic.errors).toEqual([]);
  }, 150_000);
});
