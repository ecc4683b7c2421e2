import { randomUUID } from 'node:crypto';
import { caseWithFourParties, seats, send, thread } from '../factories/make';
import type { TestHub } from '../support/hub';
import { describeInBrowser, heldByPage } from './support/browser';
import { browserSuite } from './support/suite';
import { accessible } from './support/a11y';
import type { PartyPage } from './support/pages';
import { fillDate, openCase } from './support/pages';

/** dd.mm.åååå of the day `days` from today, as a person types it into Aksel's date picker. */
function typedDay(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${String(d.getDate()).padStart(2, '0')}.${String(d.getMonth() + 1).padStart(2, '0')}.${d.getFullYear()}`;
}

/** The first sick day 18 weeks ago, so NAV's question about møtebehov (weeks 16–26) is open today. */
function startInWeek18(): string {
  return new Date(Date.now() - 18 * 7 * 86_400_000).toISOString().slice(0, 10);
}

describeInBrowser('the follow-up journeys in the page, one browser per party', () => {
  let hub!: TestHub;
  const { party, signedInAs } = browserSuite((started) => ({ hub } = started));

  it('dialogmøte 2 with the fastlege, møtebehov and a task walked by the four parties; the leader never holds the diagnosis', async () => {
    const c = await caseWithFourParties(hub, startInWeek18());
    const s = seats(c);
    const planted = {
      diagnose: `Planted-diagnose-${randomUUID()}`,
      begrunnelse: `Begrunnelse-syk-${randomUUID()}`,
      behandler: `Behandleroppgave-${randomUUID()}`,
    };
    const felles = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder], c.veileder, 'Felles oppfølging');
    await send(hub, c, felles, c.fastlege, {
      tekst: 'Status fra legen',
      diagnose: [{ system: 'ICPC-2', kode: 'L03', tekst: planted.diagnose }],
    });

    const [syk, leder, lege, nav] = [
      await party(c, 'sykmeldt'),
      await party(c, 'arbeidsgiver'),
      await party(c, 'fastlege'),
      await party(c, 'veileder'),
    ];
    for (const p of [syk, leder, lege, nav]) await openCase(p, c.id);
    const moter = (p: PartyPage) => p.page.locator('.panel-dialogmoter');

    // NAV calls DM2 with the fastlege; each may ask for a new time once.
    await moter(nav).locator('summary', { hasText: 'Kall inn til dialogmøte' }).click();
    const innkalling = moter(nav).locator('form.tid-sted');
    await innkalling.getByLabel('Fastlege').check();
    await innkalling.getByLabel('Hvor mange ganger').selectOption('1');
    await fillDate(innkalling, 'Dato', typedDay(21));
    await innkalling.getByLabel('Klokkeslett').fill('09:30');
    await innkalling.getByLabel('Sted').fill('NAV Hamar, møterom 2');
    await innkalling.getByLabel('Videolenke (valgfri)').fill('https://video.nav.no/abc');
    await accessible(nav.page);
    await innkalling.getByRole('button', { name: 'Send innkalling' }).click();
    for (const p of [syk, leder, lege, nav])
      await moter(p).locator('article.mote[data-status="INNKALT"]', { hasText: 'Dialogmøte 2' }).waitFor();
    await moter(lege).locator('dd', { hasText: 'Fastlege' }).waitFor();

    // The sykmeldt asks for a new time once: then the page says the convener decides. The leader and the fastlege come.
    const sykSvar = moter(syk).locator('form.mote-svar');
    await sykSvar.getByLabel('Jeg ønsker nytt tid eller sted').check();
    await sykSvar.getByLabel('Hvilket tidspunkt eller sted passer bedre?').fill('Etter klokka 12 passer bedre');
    await accessible(syk.page);
    await sykSvar.getByRole('button', { name: 'Send svar' }).click();
    await moter(syk).locator('.decides', { hasText: 'bestemmer den som kalte inn tiden' }).waitFor();
    expect(await sykSvar.getByLabel('Jeg ønsker nytt tid eller sted').count()).toBe(0);
    for (const p of [leder, lege]) {
      const form = moter(p).locator('form.mote-svar');
      await form.getByLabel('Jeg kommer', { exact: true }).check();
      await form.getByRole('button', { name: 'Send svar' }).click();
      await moter(p).getByText('Du har svart: Kommer.').waitFor();
    }
    for (const role of ['sykmeldt', 'arbeidsgiver', 'fastlege']) await moter(nav).locator(`tr[data-svar="${role}"]`).waitFor();
    await moter(nav).locator('tr[data-svar="sykmeldt"]', { hasText: 'Etter klokka 12' }).waitFor();

    // NAV writes the referat and closes the møte; the leader reads its part, never the behandler's.
    await moter(nav).locator('summary', { hasText: 'Skriv referat og avslutt møtet' }).click();
    const referat = moter(nav).locator('form.referat-form');
    await referat.getByLabel('Situasjon').fill('Gradert arbeid fungerer');
    await referat.getByLabel('Konklusjon').fill('Øke til 60 % om to uker');
    await referat.getByLabel('Oppgave for arbeidsgiveren').fill('Tilpasse vaktlista');
    await referat.getByLabel('Oppgave for behandleren').fill(planted.behandler);
    await accessible(nav.page);
    await referat.getByRole('button', { name: 'Lagre referat og avslutt møtet' }).click();
    await moter(leder).locator('[data-referat="arbeidsgiverOppgave"]', { hasText: 'Tilpasse vaktlista' }).waitFor();
    await moter(lege).locator('[data-referat="behandlerOppgave"]', { hasText: planted.behandler }).waitFor();
    await moter(nav).getByRole('button', { name: 'Lukk møtet' }).click();
    for (const p of [syk, leder, nav]) await moter(p).locator('article.mote[data-status="LUKKET"]').waitFor();
    await accessible(leder.page);

    // Møtebehov: both answer NAV's question; the leader is told the sykmeldt's begrunnelse is not shown; NAV handles both.
    const behov = (p: PartyPage) => p.page.locator('.panel-motebehov');
    const sykForm = behov(syk).locator('form[data-skjema="SVAR_BEHOV"]');
    await sykForm.getByLabel('Ja').check();
    await sykForm.getByLabel('Begrunnelse').fill(planted.begrunnelse);
    await sykForm.getByText('Nærmeste leder ser ikke begrunnelsen din.').waitFor();
    await sykForm.getByLabel('Jeg ønsker tolk').check();
    await sykForm.getByLabel('Språk').fill('Polsk');
    await accessible(syk.page);
    await sykForm.getByRole('button', { name: 'Send svar' }).click();
    const lederForm = behov(leder).locator('form[data-skjema="SVAR_BEHOV"]');
    await lederForm.getByLabel('Ja').check();
    await lederForm.getByLabel('Begrunnelse').fill('Vi trenger å avklare arbeidsoppgaver');
    await lederForm.getByRole('button', { name: 'Send svar' }).click();
    await behov(leder).locator('li[data-innmelder="sykmeldt"]', { hasText: 'vises ikke for nærmeste leder' }).waitFor();
    await behov(nav).locator('li[data-innmelder="sykmeldt"]', { hasText: planted.begrunnelse }).waitFor();
    await accessible(leder.page);
    await behov(nav).getByRole('button', { name: 'Marker sykmeldts svar som behandlet' }).click();
    await behov(nav).getByRole('button', { name: 'Marker nærmeste leders svar som behandlet' }).click();
    for (const who of ['sykmeldt', 'arbeidsgiver'])
      await behov(leder).locator(`li[data-innmelder="${who}"]`, { hasText: 'Behandlet' }).waitFor();

    // A task for the leader in a new track; the leader moves it, NAV sees each move.
    const followup = (p: PartyPage) => p.page.locator('.panel-followup');
    await followup(nav).getByLabel('Nytt løp').selectOption('RETUR_ARBEID');
    await followup(nav).getByRole('button', { name: 'Opprett løp' }).click();
    await followup(nav).locator('summary', { hasText: 'Ny oppgave i retur til arbeid' }).click();
    const task = followup(nav).locator('form.new-task');
    await task.getByLabel('Oppgave').fill('Lage ny vaktliste');
    await task.getByLabel('Eier').selectOption(s.arbeidsgiver);
    await fillDate(task, 'Frist', typedDay(10));
    await accessible(nav.page);
    await task.getByRole('button', { name: 'Legg til oppgave' }).click();
    const lederTask = followup(leder).locator('li', { hasText: 'Lage ny vaktliste' });
    await lederTask.getByRole('button', { name: 'Start: Lage ny vaktliste' }).click();
    await followup(nav).locator('li', { hasText: 'Lage ny vaktliste' }).getByText('Pågår').waitFor();
    await lederTask.getByRole('button', { name: 'Marker som ferdig: Lage ny vaktliste' }).click();
    await followup(nav).locator('li', { hasText: 'Lage ny vaktliste' }).getByText('Ferdig').waitFor();
    await accessible(leder.page);

    // The leader's browser held none of what is not its to see; NAV's held it, so the check can fail.
    const held = await heldByPage(leder.context, leder.page);
    const traffic = await leder.traffic.all();
    for (const seen of [held, traffic]) {
      expect(seen).toContain('Tilpasse vaktlista');
      for (const secret of Object.values(planted)) expect(seen).not.toContain(secret);
    }
    const navHeld = await heldByPage(nav.context, nav.page);
    for (const secret of [planted.diagnose, planted.begrunnelse, planted.behandler]) expect(navHeld).toContain(secret);
    for (const p of [syk, leder, lege, nav]) expect(p.traffic.errors).toEqual([]);
  }, 180_000);

  it('the plan commented and shared, a forespørsel asked and answered, and the case handed over with its notat', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    await thread(hub, c, [s.fastlege, s.veileder], c.veileder, 'Prognose');
    await hub
      .as(c.arbeidsgiver)
      .post(`/cases/${c.id}/oppfolgingsplaner`)
      .send({
        arbeidsoppgaver: 'Telefonvakt',
        tilrettelegging: 'Kortere dager',
        oppfolging: 'Samtale hver fredag',
        evalueringsdato: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
      })
      .expect(201);
    const [syk, leder, lege, nav] = [
      await party(c, 'sykmeldt'),
      await party(c, 'arbeidsgiver'),
      await party(c, 'fastlege'),
      await party(c, 'veileder'),
    ];
    for (const p of [syk, leder, lege, nav]) await openCase(p, c.id);
    const planPanel = (p: PartyPage) => p.page.locator('.panel-plan');

    // The sykmeldt comments and approves; the leader sees the comment live, approves and shares with NAV.
    const comment = planPanel(syk).locator('form.comment-form');
    await comment.getByLabel('Kommentar til versjon 1').fill('Fredag passer fint');
    await comment.getByRole('button', { name: 'Lagre kommentar' }).click();
    await planPanel(leder).locator('.kommentarer li', { hasText: 'Fredag passer fint' }).waitFor();
    for (const p of [syk, leder]) await planPanel(p).getByRole('button', { name: 'Godkjenn versjon 1' }).click();
    const share = planPanel(leder).locator('form.share');
    await share.getByLabel('NAV').check();
    await share.getByRole('button', { name: 'Del planen' }).click();
    await planPanel(nav).locator('article.plan', { hasText: 'Telefonvakt' }).waitFor();
    expect(
      await planPanel(nav)
        .getByRole('button', { name: /Godkjenn/ })
        .count(),
    ).toBe(0);
    expect(await planPanel(lege).textContent()).not.toContain('Telefonvakt');
    await accessible(nav.page);

    // NAV asks the fastlege; the fastlege answers in place; NAV reads the svar.
    const foresporsler = (p: PartyPage) => p.page.locator('.panel-foresporsler');
    await foresporsler(nav).locator('summary', { hasText: 'Ny forespørsel til fastlegen' }).click();
    await foresporsler(nav).getByLabel('Spørsmål til fastlegen').fill('Kan hun jobbe 50 % fra mandag?');
    await foresporsler(nav).getByRole('button', { name: 'Send forespørsel' }).click();
    const item = foresporsler(lege).locator('li.foresporsel', { hasText: 'Kan hun jobbe 50 %' });
    await item.getByLabel('Ditt svar').fill('Ja, fra mandag.');
    await item.getByRole('button', { name: 'Send svar' }).click();
    await foresporsler(nav).locator('summary', { hasText: 'Besvarte forespørsler' }).click();
    await foresporsler(nav).locator('.svar-text', { hasText: 'Ja, fra mandag.' }).waitFor();
    await accessible(nav.page);

    // NAV hands the case over; the next veileder reads the overføringsnotat first; the first loses access at once.
    const next = { role: 'veileder' as const, sub: `Z99${randomUUID().slice(0, 6)}` };
    const handover = nav.page.locator('.panel-handover');
    await handover.locator('summary', { hasText: 'Overfør saken' }).click();
    await handover.getByLabel('Veileder som tar over (NAV-ident)').fill(next.sub);
    await handover.getByLabel('Overføringsnotat').fill('Venter på svar om gradering; plan delt med NAV.');
    await accessible(nav.page);
    await handover.getByRole('button', { name: 'Overfør saken' }).click();
    await nav.page.getByText('Du har ikke lenger tilgang til denne saken').waitFor();
    const ny = await signedInAs(next);
    await openCase(ny, c.id);
    await ny.page.locator('.panel-handover .handover-note', { hasText: 'Venter på svar om gradering' }).waitFor();
    await accessible(ny.page);
    for (const p of [syk, leder, lege, nav, ny]) expect(p.traffic.errors).toEqual([]);
  }, 180_000);
});
