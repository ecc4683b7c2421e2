import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pdfBytes } from '../factories/files';
import { caseWithFourParties, seats, send, thread } from '../factories/make';
import type { TestHub } from '../support/hub';
import { describeInBrowser, heldByPage } from './support/browser';
import { browserSuite } from './support/suite';
import { axeViolations } from './support/a11y';
import { openCase, waitForMessage } from './support/pages';

// A real 1×1 PNG, so a browser can draw it.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

// Issue 19 (health text bound for the leder) and issue 18 (attachments) as the parties meet them in the page.
describeInBrowser('the web page: the health-text guard and attachments', () => {
  let hub!: TestHub;
  const { party } = browserSuite((started) => ({ hub } = started));
  const count = async (sql: string, id: string) => Number((await hub.query<{ n: string }>(sql, [id]))[0].n);

  it('shows the fastlege what looks like health information before anything is sent, and moves it to the medical assessment', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const felles = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege], c.fastlege, 'Med leder');
    await send(hub, c, felles, c.sykmeldt, { tekst: 'Hei' });
    const [lege, leder, syk] = [await party(c, 'fastlege'), await party(c, 'arbeidsgiver'), await party(c, 'sykmeldt')];
    for (const p of [lege, leder, syk]) await openCase(p, c.id);

    const form = lege.page.locator('form.composer');
    await form.getByLabel('Ny melding').fill('Takk for samtalen i dag. Hun bruker Sertralin mot depresjon.');
    await form.getByRole('button', { name: 'Send', exact: true }).click();
    const warning = form.locator('.health-warning');
    await warning.getByRole('heading', { name: 'Dette ser ut som helseopplysninger' }).waitFor();
    // The spans the hub named, marked in the author's own text with their category in Norwegian.
    expect(await warning.locator('mark').allTextContents()).toEqual(['Sertralin', 'depresjon']);
    expect(await warning.locator('.health-marked').textContent()).toBe(
      'Takk for samtalen i dag. Hun bruker Sertralin (legemiddel) mot depresjon (diagnose).',
    );
    // Nothing was stored, and the draft is back in the composer.
    expect(await count('SELECT count(*) AS n FROM messages WHERE thread_id = $1', felles)).toBe(1);
    expect(await form.getByLabel('Ny melding').inputValue()).toBe('Takk for samtalen i dag. Hun bruker Sertralin mot depresjon.');
    expect(await lege.page.locator('li.pending').count()).toBe(0);
    expect(await axeViolations(lege.page)).toEqual([]);

    await warning.getByRole('button', { name: 'Flytt til Helseopplysninger' }).click();
    expect(await form.getByLabel('Ny melding').inputValue()).toBe('Takk for samtalen i dag.');
    expect(await form.getByLabel('Medisinsk vurdering').inputValue()).toBe('Hun bruker Sertralin mot depresjon.');
    await form.getByRole('button', { name: 'Send', exact: true }).click();
    await waitForMessage(leder.page, 'Takk for samtalen i dag.');
    await syk.page.locator('li.message dd', { hasText: 'Hun bruker Sertralin mot depresjon.' }).waitFor();
    expect(await form.locator('.health-warning').count()).toBe(0);
    // The leder never received the words, not even from the refused try.
    expect(await leder.traffic.all()).not.toContain('Sertralin');
    expect(await heldByPage(leder.context, leder.page)).not.toContain('Sertralin');
    for (const p of [lege, leder, syk]) expect(p.traffic.errors).toEqual([]);
  }, 120_000);

  it("sends the sykmeldt's text once confirmed, under the same clientTxnId, and shows the confirmation in innsyn", async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const felles = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver], c.sykmeldt, 'Med leder');
    const [syk, leder] = [await party(c, 'sykmeldt'), await party(c, 'arbeidsgiver')];
    for (const p of [syk, leder]) await openCase(p, c.id);

    const form = syk.page.locator('form.composer');
    await form.getByLabel('Ny melding').fill('Jeg går til fysioterapi to ganger i uka.');
    await form.getByRole('button', { name: 'Send', exact: true }).click();
    const warning = form.locator('.health-warning');
    await warning.locator('mark', { hasText: 'fysioterapi' }).waitFor();
    // The sykmeldt writes no medical field: only the confirmation is offered.
    expect(await warning.getByRole('button', { name: 'Flytt til Helseopplysninger' }).count()).toBe(0);
    await warning.getByRole('button', { name: 'Send med samtykke' }).click();
    await warning.getByText('Kryss av for samtykket').waitFor();
    expect(await count('SELECT count(*) AS n FROM messages WHERE thread_id = $1', felles)).toBe(0);
    expect(await axeViolations(syk.page)).toEqual([]);

    await warning.getByRole('checkbox', { name: 'Jeg samtykker til at nærmeste leder ser dette' }).check();
    await warning.getByRole('button', { name: 'Send med samtykke' }).click();
    await waitForMessage(leder.page, 'Jeg går til fysioterapi to ganger i uka.');
    const [stored] = await hub.query<{ id: string; client_txn_id: string }>('SELECT id, client_txn_id FROM messages WHERE thread_id = $1', [
      felles,
    ]);
    expect(await count('SELECT count(*) AS n FROM messages WHERE thread_id = $1', felles)).toBe(1);
    // The refused try and the confirmed one were the same write: the socket frames name one clientTxnId.
    const sent = (await syk.traffic.all()).split('\n').filter((t) => /^42\d*\["message\.send"/.test(t));
    expect(sent.some((f) => f.includes('"helseopplysningerBekreftet":true'))).toBe(true);
    expect(new Set(sent.map((f) => /"clientTxnId":"(\w+)"/.exec(f)?.[1]))).toEqual(new Set([stored.client_txn_id]));
    await syk.page.locator('.panel-innsyn td', { hasText: 'bekreftet samtykke til helseopplysninger i melding' }).waitFor();
    expect(
      await count("SELECT count(*) AS n FROM audit_log WHERE action = 'health_text_confirmed' AND $1 = ANY(subject_ids)", stored.id),
    ).toBe(1);
    for (const p of [syk, leder]) expect(p.traffic.errors).toEqual([]);
  }, 120_000);

  it('attaches files with a class by picker and by drop; the sykmeldt downloads and opens them; the leder never learns of the medical one', async () => {
    const c = await caseWithFourParties(hub);
    const s = seats(c);
    const felles = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder], c.veileder, 'Felles');
    await send(hub, c, felles, c.veileder, { tekst: 'Velkommen' });
    const [lege, syk, leder] = [await party(c, 'fastlege'), await party(c, 'sykmeldt'), await party(c, 'arbeidsgiver')];
    for (const p of [lege, syk, leder]) await openCase(p, c.id);

    const canary = `Canary-epikrise-${randomUUID()}.pdf`;
    const bilde = `bilde-${randomUUID().slice(0, 8)}.png`;
    const form = lege.page.locator('form.composer');
    // A file that is not what its name says is refused in Norwegian, and can be removed.
    await form
      .locator('input[type=file]')
      .setInputFiles([{ name: 'brev.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>ikke pdf</html>') }]);
    await form.locator('li[data-file="brev.pdf"]', { hasText: 'Filtypen tas ikke imot' }).waitFor();
    await form.locator('li[data-file="brev.pdf"]').getByRole('button', { name: 'Fjern brev.pdf' }).click();

    await form.locator('input[type=file]').setInputFiles([{ name: canary, mimeType: 'application/pdf', buffer: pdfBytes('canary') }]);
    // The fastlege's files are medical unless chosen otherwise.
    expect(await form.getByLabel(`Hvem kan se ${canary}`).inputValue()).toBe('medical');
    await form.locator(`li[data-file="${canary}"]`, { hasText: 'Klar' }).waitFor();
    // Dropped on the composer: a picture, then made open to everyone in the thread.
    // (A script string: the test tree is type-checked without the DOM library.)
    const dropped = await lege.page.evaluateHandle(`(() => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob('${PNG.toString('base64')}'), (ch) => ch.charCodeAt(0))], '${bilde}', { type: 'image/png' }));
      return dt;
    })()`);
    await form.dispatchEvent('drop', { dataTransfer: dropped });
    await form.getByLabel(`Hvem kan se ${bilde}`).selectOption('open');
    await form.locator(`li[data-file="${bilde}"]`, { hasText: 'Klar' }).waitFor();
    expect(await axeViolations(lege.page)).toEqual([]);
    await form.getByLabel('Ny melding').fill('Vedlegg fra legen');
    await form.getByRole('button', { name: 'Send', exact: true }).click();
    await waitForMessage(syk.page, 'Vedlegg fra legen');
    const files = await hub.query<{ filename: string; classification: string; message_id: string | null }>(
      'SELECT filename, classification, message_id FROM files WHERE case_id = $1 AND message_id IS NOT NULL ORDER BY filename',
      [c.id],
    );
    expect(files.map((f) => [f.filename, f.classification])).toEqual([
      [canary, 'medical'],
      [bilde, 'open'],
    ]);

    // The sykmeldt downloads the medical file with its token and gets its bytes under its name.
    const item = syk.page.locator('li.message', { hasText: 'Vedlegg fra legen' });
    const [download] = await Promise.all([
      syk.page.waitForEvent('download'),
      item.getByRole('button', { name: `Last ned ${canary}` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(canary);
    expect(readFileSync(await download.path())).toEqual(pdfBytes('canary'));
    // The picture opens in a tab of its own, drawn by the browser.
    const [tab] = await Promise.all([syk.context.waitForEvent('page'), item.getByRole('button', { name: `Åpne ${bilde}` }).click()]);
    await tab.waitForURL(/^blob:/);
    await tab.waitForFunction('document.images.length === 1 && document.images[0].complete && document.images[0].naturalWidth === 1');
    expect(await axeViolations(syk.page)).toEqual([]);

    // The leder sees the open picture and nothing of the medical file: no name, no size, no count.
    await waitForMessage(leder.page, 'Vedlegg fra legen');
    const ledersItem = leder.page.locator('li.message', { hasText: 'Vedlegg fra legen' });
    await ledersItem.locator('.message-files li', { hasText: bilde }).waitFor();
    expect(await ledersItem.locator('.message-files li').count()).toBe(1);
    // The leder's own picker offers no choice of class.
    await leder.page.locator('form.composer').getByText('Alle i samtalen ser vedleggene.').waitFor();
    expect(await leder.page.locator('form.composer select').count()).toBe(0);
    const held = await heldByPage(leder.context, leder.page);
    const traffic = await leder.traffic.all();
    for (const seen of [held, traffic]) {
      expect(seen).toContain(bilde);
      expect(seen).not.toContain(canary);
      expect(seen).not.toContain('Canary-epikrise');
    }
    for (const p of [lege, syk, leder]) expect(p.traffic.errors).toEqual([]);
  }, 120_000);
});
