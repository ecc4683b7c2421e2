import { caseWithFourParties, seats, send, thread } from '../factories/make';
import type { TestHub } from '../support/hub';
import { describeInBrowser } from './support/browser';
import { browserSuite } from './support/suite';
import { axeViolations } from './support/a11y';
import { openCase, waitForMessage } from './support/pages';
import { PHONE, widerThan } from './support/shots';

// What the page tells each party before the hub would refuse, and what it tells them about who sees what.
describeInBrowser('the web page says the rules where they apply', () => {
  let hub!: TestHub;
  const { party } = browserSuite((started) => ({ hub } = started));
  const count = async (sql: string, id: string) => Number((await hub.query<{ n: string }>(sql, [id]))[0].n);

  it('refuses empty and too long messages and a thread the hub would refuse, visibly and in Norwegian', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const felles = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder], c.veileder, 'Felles');
    await send(hub, c, felles, c.veileder, { tekst: 'Velkommen' });
    const nav = await party(c, 'veileder');
    await openCase(nav, c.id);
    // Opening a case moves focus to its heading.
    expect(
      await nav.page.evaluate('document.activeElement && document.activeElement.tagName + " " + document.activeElement.textContent'),
    ).toBe('H1 Sak for ' + c.sykmeldt.sub);

    const form = nav.page.locator('form.composer');
    // The veileder reads diagnoses but writes none: no diagnosis fields in the composer.
    await form.locator('summary', { hasText: 'Helseopplysninger' }).click();
    await form.getByLabel('Funksjonsevne').waitFor();
    expect(await form.getByLabel('Diagnosekode').count()).toBe(0);
    expect(await form.getByLabel('Medisinsk vurdering').count()).toBe(0);

    await form.getByLabel('Ny melding').fill('   \n  ');
    await form.getByRole('button', { name: 'Send' }).click();
    await form.getByText('Skriv en melding før du sender').waitFor();
    await form.getByLabel('Ny melding').fill('x'.repeat(10_001));
    await form.getByText('1 tegn for mye').waitFor();
    await form.getByRole('button', { name: 'Send' }).click();
    await form.getByText(/høyst 10.000 tegn/).waitFor();
    // Nothing was cut and sent: the thread holds only the first message.
    expect(await nav.page.locator('li.pending').count()).toBe(0);
    expect(await count('SELECT count(*) AS n FROM messages WHERE thread_id = $1', felles)).toBe(1);

    // A thread with the fastlege and the leader but not the sykmeldt: the page names the rule and sends nothing.
    await nav.page.locator('summary', { hasText: 'Start ny samtale' }).click();
    const start = nav.page.locator('.new-thread form');
    await start.getByLabel('Emne').fill('Lege og leder');
    await start.getByRole('checkbox', { name: 'Fastlege' }).check();
    await start.getByRole('checkbox', { name: /Nærmeste leder/ }).check();
    await start.getByRole('button', { name: 'Start samtalen' }).click();
    await start.getByText('må den sykmeldte også være med').first().waitFor();
    expect(await count('SELECT count(*) AS n FROM threads WHERE case_id = $1', c.id)).toBe(1);
    expect(await axeViolations(nav.page)).toEqual([]);
    expect(nav.traffic.errors).toEqual([]);
  }, 120_000);

  it('tells the fastlege the leader reads the text, the others what the leader saw, and stops forms when access ends', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const felles = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder], c.veileder, 'Felles');
    await send(hub, c, felles, c.fastlege, {
      tekst: 'Kontroll i dag',
      diagnose: [{ system: 'ICPC-2', kode: 'L03', tekst: 'Korsryggsmerter' }],
      medisinskVurdering: 'Bedring',
    });
    const [lege, leder] = [await party(c, 'fastlege'), await party(c, 'arbeidsgiver')];
    // The sykmeldt on a phone: the consent switch is near the top, not four screens down.
    const syk = await party(c, 'sykmeldt', { width: 390, height: 844 });
    for (const p of [lege, leder, syk]) await openCase(p, c.id);

    const form = lege.page.locator('form.composer');
    await form.getByText('Nærmeste leder er med i denne samtalen og leser meldingsteksten').waitFor();
    await form.locator('summary', { hasText: 'Helseopplysninger' }).click();
    const hint = (label: string) =>
      form.getByLabel(label, { exact: true }).evaluate((el) =>
        (el.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .map((id: string) => el.ownerDocument.getElementById(id)?.textContent ?? '')
          .join(' '),
      );
    expect(await hint('Diagnose')).toContain('Vises aldri for nærmeste leder');
    expect(await hint('Medisinsk vurdering')).toContain('Vises aldri for nærmeste leder');

    // The leader's open page read the message; the sykmeldt is told the leader saw it without the diagnosis.
    await syk.page.locator('li.message .read-by', { hasText: 'så ikke diagnose eller medisinsk vurdering' }).waitFor();
    const consent = await syk.page.getByRole('switch', { name: /kan se funksjonsevnen min/ }).boundingBox();
    expect(consent && consent.y + consent.height).toBeLessThan(2 * 844);
    expect(await widerThan(syk.page, PHONE.width)).toEqual([]);

    // NAV ends the leader's relation: the leader's page says so and its forms no longer take input.
    const detail = await hub.as(c.veileder).get(`/cases/${c.id}`).expect(200);
    const relation = (detail.body.relations as { id: string; role: string }[]).find((r) => r.role === 'arbeidsgiver');
    await hub.as(c.veileder).post(`/cases/${c.id}/relations/${relation?.id}/end`).send({ reason: 'Ny nærmeste leder' }).expect(200);
    await leder.page.getByRole('alert').filter({ hasText: 'Du har ikke lenger tilgang' }).waitFor();
    expect(await leder.page.locator('form.composer').getByLabel('Ny melding').isDisabled()).toBe(true);
    expect(await leder.page.locator('form.composer').getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    await waitForMessage(leder.page, 'Kontroll i dag');
    for (const p of [lege, leder, syk]) expect(p.traffic.errors).toEqual([]);
  }, 120_000);
});
