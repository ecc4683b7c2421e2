import type { Actor } from '@hub/domain';
import { shortId, syntheticFnr, syntheticOrgnr } from '../factories/ids';
import type { TestHub } from '../support/hub';
import { axeViolations } from './support/a11y';
import { describeInBrowser, heldByPage } from './support/browser';
import { openCase } from './support/pages';
import { browserSuite } from './support/suite';

const DAY = 86_400_000;
/** A first sick day `days` ago, as the hub writes calendar days. */
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString().slice(0, 10);
/** dd.mm.åååå in Oslo, as the page writes dates. */
const norsk = (d: Date) =>
  new Intl.DateTimeFormat('nb-NO', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Oslo' }).format(d);

interface NamedCase {
  id: string;
  orgnr: string;
  sykmeldt: Actor;
  arbeidsgiver: Actor;
  fastlege: Actor;
  veileder: Actor;
}

describeInBrowser('names and deadlines in the page (issue 16)', () => {
  let hub!: TestHub;
  const { signedInAs } = browserSuite((started) => ({ hub } = started));

  /** Four parties whose tokens carry names; the nærmeste leder's virksomhet is Bedrift AS. */
  async function namedCase(startDate: string, fastlegeName: string): Promise<NamedCase> {
    const c: NamedCase = {
      id: '',
      orgnr: syntheticOrgnr(),
      sykmeldt: { role: 'sykmeldt', sub: shortId('syk'), name: 'Kari Nordmann' },
      arbeidsgiver: { role: 'arbeidsgiver', sub: shortId('leder'), name: 'Ola Hansen' },
      fastlege: { role: 'fastlege', sub: shortId('lege'), name: fastlegeName },
      veileder: { role: 'veileder', sub: shortId('Z99'), name: 'Vera Veileder' },
    };
    c.id = (
      await hub.as(c.veileder).post('/cases').send({ sykmeldtFnr: syntheticFnr(), sykmeldtId: c.sykmeldt.sub, startDate }).expect(201)
    ).body.case.id;
    const rel = (body: Record<string, unknown>) => hub.as(c.veileder).post(`/cases/${c.id}/relations`).send(body).expect(201);
    await rel({ role: 'arbeidsgiver', partyId: c.arbeidsgiver.sub, orgnr: c.orgnr, virksomhetsnavn: 'Bedrift AS' });
    await rel({ role: 'fastlege', partyId: c.fastlege.sub, herId: '8094866', hprNr: '9144889' });
    // The sykmeldt and the fastlege have signed in once, so the hub knows their names.
    for (const who of [c.sykmeldt, c.fastlege]) await hub.as(who).get('/cases').expect(200);
    return c;
  }

  it("names the parties the leder may know, its own deadline and overdue task in the list, and never the fastlege's name", async () => {
    const planted = `Planted Legenavn ${shortId('x')}`;
    const c = await namedCase(daysAgo(40), planted); // week 6: the oppfølgingsplan (week 4) is overdue
    const track = (await hub.as(c.veileder).post(`/cases/${c.id}/tracks`).send({ kind: 'RETUR_ARBEID' }).expect(201)).body.id;
    await hub
      .as(c.veileder)
      .post(`/cases/${c.id}/tracks/${track}/tasks`)
      .send({ tittel: 'Avklare oppgaver', eier: `arbeidsgiver:${c.orgnr}`, frist: new Date(Date.now() - 20 * DAY).toISOString() })
      .expect(201);
    const thread = await hub
      .as(c.veileder)
      .post(`/cases/${c.id}/threads`)
      .send({ subject: 'Felles', participants: ['sykmeldt', `arbeidsgiver:${c.orgnr}`, 'fastlege', 'veileder'] })
      .expect(201);
    await hub
      .as(c.fastlege)
      .post(`/cases/${c.id}/threads/${thread.body.id}/messages`)
      .send({ clientTxnId: shortId('tx'), tekst: 'Hilsen fra legen' })
      .expect(201);

    const leder = await signedInAs(c.arbeidsgiver);
    const row = leder.page.locator(`li[data-case="${c.id}"]`);
    await row.getByRole('link', { name: 'Sak for Kari Nordmann' }).waitFor();
    // Its own next deadline is the overdue task (20 days ago), before the plan (end of week 4, 12 days ago); dd.mm.åååå.
    await row
      .locator('.deadline', { hasText: `Oppgave: Avklare oppgaver: frist ${norsk(new Date(Date.now() - 20 * DAY))} (Forfalt)` })
      .waitFor();
    await row.locator('.overdue-tasks', { hasText: '1 forfalt oppgave' }).waitFor();
    expect(await axeViolations(leder.page)).toEqual([]);

    await openCase(leder, c.id);
    await leder.page.getByRole('heading', { level: 1, name: 'Sak for Kari Nordmann' }).waitFor();
    await leder.page.locator(`a[data-thread="${thread.body.id}"]`).click();
    const participants = leder.page.locator('.participants');
    await participants.getByText(`Nærmeste leder Ola Hansen, Bedrift AS (org.nr. ${c.orgnr})`).waitFor();
    await participants.getByText('Sykmeldt Kari Nordmann').waitFor();
    await participants.getByText('NAV-veileder Vera Veileder').waitFor();
    await leder.page.locator('li.message .sender', { hasText: 'Fastlege' }).waitFor();
    expect(await leder.page.locator('.top .who').textContent()).toBe('Nærmeste leder · Ola Hansen');

    // The fastlege's name exists (the sykmeldt sees it), but the leder's screen, storage and traffic never hold it.
    const held = await heldByPage(leder.context, leder.page);
    expect(held).not.toContain(planted);
    expect(await leder.traffic.all()).not.toContain(planted);
    const syk = await signedInAs(c.sykmeldt);
    await openCase(syk, c.id);
    await syk.page.locator(`a[data-thread="${thread.body.id}"]`).click();
    await syk.page.locator('.participants').getByText(`Fastlege ${planted}`).waitFor();
    await syk.page
      .getByRole('switch', { name: `Nærmeste leder Ola Hansen, Bedrift AS (org.nr. ${c.orgnr}) kan se funksjonsevnen min` })
      .waitFor();
  });

  it('turns Forfalt into "Oppfylt dd.mm.åååå" live when the plan is shared, and when the veileder marks a deadline by hand', async () => {
    const c = await namedCase(daysAgo(60), 'Lege Legesen'); // week 9: plan (4), DM1 (7) and aktivitetskrav (8) are overdue
    const plans = `/cases/${c.id}/oppfolgingsplaner`;
    const innhold = {
      arbeidsoppgaver: 'Telefon',
      tilrettelegging: 'Kortere dager',
      oppfolging: 'Fredager',
      evalueringsdato: new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10),
    };
    const planId: string = (await hub.as(c.arbeidsgiver).post(plans).send(innhold).expect(201)).body.id;
    await hub.as(c.arbeidsgiver).post(`${plans}/${planId}/versjoner/1/godkjenning`).expect(200);
    await hub.as(c.sykmeldt).post(`${plans}/${planId}/versjoner/1/godkjenning`).expect(200);

    const [syk, nav] = [await signedInAs(c.sykmeldt), await signedInAs(c.veileder)];
    for (const p of [syk, nav]) await openCase(p, c.id);
    const milestone = (p: typeof syk, key: string) => p.page.locator(`.panel-followup li[data-milestone="${key}"]`);
    await milestone(syk, 'OPPFOLGINGSPLAN').getByText('Forfalt').waitFor();

    // The leder shares the approved plan with the fastlege: the sykmeldt's page says it was met, and how, without a reload.
    await hub
      .as(c.arbeidsgiver)
      .post(`${plans}/${planId}/versjoner/1/deling`)
      .send({ mottakere: ['fastlege'] })
      .expect(200);
    const today = norsk(new Date());
    await milestone(syk, 'OPPFOLGINGSPLAN').getByText(`Oppfylt ${today} – oppfølgingsplanen er godkjent og delt`).waitFor();
    expect(await milestone(syk, 'OPPFOLGINGSPLAN').getByText('Forfalt').count()).toBe(0);
    // NAV was not sent the plan: met, without saying how.
    await milestone(nav, 'OPPFOLGINGSPLAN').getByText(`Oppfylt ${today}`, { exact: true }).waitFor();

    // The veileder marks the aktivitetskrav met by hand, with a reason; the sykmeldt sees it live, reason included.
    const aktivitet = milestone(nav, 'AKTIVITETSKRAV');
    await aktivitet.getByText('Forfalt').waitFor();
    await aktivitet.locator('summary', { hasText: 'Marker aktivitetskrav som oppfylt' }).click();
    await aktivitet.getByRole('button', { name: 'Marker som oppfylt' }).click();
    await aktivitet.getByText('Skriv hvorfor fristen er oppfylt').waitFor();
    await aktivitet.getByLabel('Begrunnelse').fill('Vurdert i samtale på telefon');
    expect(await axeViolations(nav.page)).toEqual([]);
    await aktivitet.getByRole('button', { name: 'Marker som oppfylt' }).click();
    await aktivitet.getByText(`Oppfylt ${today} – markert av NAV-veileder`).waitFor();
    expect(await aktivitet.getByText('Forfalt').count()).toBe(0);
    await milestone(syk, 'AKTIVITETSKRAV').getByText(`Oppfylt ${today} – markert av NAV-veileder`).waitFor();
    await milestone(syk, 'AKTIVITETSKRAV').getByText('Begrunnelse: Vurdert i samtale på telefon').waitFor();
    // DM1 was neither held nor marked: still Forfalt.
    await milestone(syk, 'DIALOGMOTE_1').getByText('Forfalt').waitFor();
  });
});
