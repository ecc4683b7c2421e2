import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { download, pdfBytes, pngBytes, uploaded } from '../factories/files';
import type { FourPartyCase } from '../factories/make';
import { caseWithFourParties, seats, thread } from '../factories/make';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import { dialogUrl, GATEWAY_KEY, parsedMsgHead, startDialog } from './dialog-helpers';

describe("dialogmeldinger sent from the hub carry the sender's uploaded files as vedlegg", () => {
  let hub: TestHub;
  let c: FourPartyCase;
  let t: string;
  const tag = randomUUID().slice(0, 8).toUpperCase();
  const foresporselPdf = pdfBytes(`FORESP${tag}`);
  const svarPng = pngBytes(`SVAR${tag}`);
  const names = { foresporsel: `sporsmal-${tag}.pdf`, svar: `svar-${tag}.png` };
  const ids: { foresporselFile?: string; svarFile?: string; foresporsel?: string; svar?: string } = {};

  const gateway = (path: string) => hub.http().get(path).set('x-dialogmelding-gateway-key', GATEWAY_KEY);
  const xmlOf = async (dialogmeldingId: string, by = c.veileder) =>
    parsedMsgHead(
      (
        await hub
          .as(by)
          .get(dialogUrl(c, t, `/${dialogmeldingId}/xml`))
          .expect(200)
      ).text,
    );
  const stored = async () => {
    const [r] = await hub.query<{ d: string; m: string; linked: string }>(
      `SELECT (SELECT count(*) FROM dialogmeldinger WHERE case_id = $1) AS d, (SELECT count(*) FROM messages WHERE case_id = $1) AS m,
              (SELECT count(*) FROM files WHERE case_id = $1 AND message_id IS NOT NULL) AS linked`,
      [c.id],
    );
    return { dialogmeldinger: Number(r.d), messages: Number(r.m), linkedFiles: Number(r.linked) };
  };

  beforeAll(async () => {
    hub = await startHub({
      env: { DIALOGMELDING_GATEWAY_KEY: GATEWAY_KEY, DIALOGMELDING_JOB_INTERVAL_SECONDS: '0', FILE_JOB_INTERVAL_SECONDS: '0' },
    });
    c = await caseWithFourParties(hub);
    t = await thread(hub, c, [seats(c).fastlege, seats(c).veileder]);
  });
  afterAll(() => hub.stop());

  it("sends the veileder's PDF with the forespørsel: the gateway outbox and the export carry its bytes", async () => {
    ids.foresporselFile = await uploaded(hub, c, t, c.veileder, {
      name: names.foresporsel,
      bytes: foresporselPdf,
      contentType: 'application/pdf',
    });
    const clientTxnId = randomUUID();
    const body = {
      clientTxnId,
      kind: 'FORESPORSEL',
      tekst: 'Se vedlagte funksjonsvurdering',
      attachments: [{ fileId: ids.foresporselFile }],
    };
    const f = await hub.as(c.veileder).post(dialogUrl(c, t)).send(body).expect(201);
    ids.foresporsel = f.body.id as string;
    // The same send again answers with the first result, though its file is no longer pending.
    expect((await hub.as(c.veileder).post(dialogUrl(c, t)).send(body).expect(200)).body.id).toBe(ids.foresporsel);

    const outbox = await gateway('/dialogmelding/outbox?limit=500').expect(200);
    const item = (outbox.body as { id: string; xml: string }[]).find((o) => o.id === ids.foresporsel);
    const sent = parsedMsgHead(item!.xml);
    expect(sent.attachments.map((a) => ({ mimeType: a.mimeType, description: a.description }))).toEqual([
      { mimeType: 'application/pdf', description: names.foresporsel },
    ]);
    expect(Buffer.compare(sent.attachments[0].content, foresporselPdf)).toBe(0);
    expect(item!.xml.replace(/\s/g, '')).toContain(foresporselPdf.toString('base64'));

    const exported = await xmlOf(ids.foresporsel);
    expect(exported.attachments).toHaveLength(1);
    expect(Buffer.compare(exported.attachments[0].content, foresporselPdf)).toBe(0);
    // The thread message lists it to both ends, with the classification fixed at the upload.
    const msgs = (await hub.as(c.fastlege).get(`/cases/${c.id}/threads/${t}/messages`).expect(200)).body.messages as {
      attachments: unknown[];
    }[];
    expect(msgs.flatMap((m) => m.attachments)).toEqual([
      {
        id: ids.foresporselFile,
        filename: names.foresporsel,
        mimeType: 'application/pdf',
        sizeBytes: foresporselPdf.length,
        classification: 'medical',
      },
    ]);
    expect(Buffer.compare((await download(hub, c, t, c.fastlege, ids.foresporselFile).expect(200)).body as Buffer, foresporselPdf)).toBe(0);
  });

  it("takes the fastlege's file with the svar, and the svar's export carries it", async () => {
    ids.svarFile = await uploaded(hub, c, t, c.fastlege, { name: names.svar, bytes: svarPng, contentType: 'image/png' });
    const svar = await hub
      .as(c.fastlege)
      .post(dialogUrl(c, t, `/${ids.foresporsel}/svar`))
      .send({ clientTxnId: randomUUID(), tekst: 'Bilde av såret vedlagt', attachments: [{ fileId: ids.svarFile }] })
      .expect(201);
    ids.svar = svar.body.id as string;
    for (const by of [c.veileder, c.fastlege]) {
      const exported = await xmlOf(ids.svar, by);
      expect(exported.attachments.map((a) => a.description)).toEqual([names.svar]);
      expect(Buffer.compare(exported.attachments[0].content, svarPng)).toBe(0);
    }
    const [row] = await hub.query<{ classification: string; linked: boolean }>(
      `SELECT f.classification, f.message_id = d.message_id AS linked FROM files f JOIN dialogmeldinger d ON d.id = $2 WHERE f.id = $1`,
      [ids.svarFile, ids.svar],
    );
    expect(row).toEqual({ classification: 'medical', linked: true });
  });

  it("takes a file with the fastlege's henvendelse too", async () => {
    const bytes = pdfBytes(`HENV${tag}`);
    const fileId = await uploaded(hub, c, t, c.fastlege, { name: `henvendelse-${tag}.pdf`, bytes });
    const h = await startDialog(hub, c, t, c.fastlege, { kind: 'HENVENDELSE', tekst: 'Til orientering', attachments: [{ fileId }] });
    const exported = await xmlOf(h.body.id as string);
    expect(Buffer.compare(exported.attachments[0].content, bytes)).toBe(0);
  });

  it("refuses someone else's pending upload and an expired one, naming attachments and storing nothing", async () => {
    const lege = await uploaded(hub, c, t, c.fastlege, { name: 'lege.pdf', bytes: pdfBytes('lege-pending') });
    const mine = await uploaded(hub, c, t, c.veileder, { name: 'veileder.pdf', bytes: pdfBytes('veileder-pending') });
    const before = await stored();
    const refusals: Response[] = [
      await startDialog(hub, c, t, c.veileder, { kind: 'FORESPORSEL', tekst: 'x', attachments: [{ fileId: lege }] }, 400),
      await startDialog(
        hub,
        c,
        t,
        c.veileder,
        { kind: 'NOTAT', kode: '8', tekst: 'x', attachments: [{ fileId: mine }, { fileId: lege }] },
        400,
      ),
      await hub
        .as(c.fastlege)
        .post(dialogUrl(c, t, `/${ids.foresporsel}/svar`))
        .send({ clientTxnId: randomUUID(), tekst: 'x', attachments: [{ fileId: mine }] })
        .expect(400),
      // Already on the forespørsel: not pending any more.
      await startDialog(hub, c, t, c.veileder, { kind: 'FORESPORSEL', tekst: 'x', attachments: [{ fileId: ids.foresporselFile }] }, 400),
    ];
    hub.clock.set(new Date(Date.now() + 3_600_000));
    try {
      refusals.push(await startDialog(hub, c, t, c.veileder, { kind: 'FORESPORSEL', tekst: 'x', attachments: [{ fileId: mine }] }, 400));
    } finally {
      hub.clock.set(new Date());
    }
    for (const r of refusals)
      expect(r.body).toEqual({
        error: 'invalid',
        message: expect.any(String),
        details: [{ field: 'attachments', constraint: 'pendingUpload' }],
      });
    expect(await stored()).toEqual(before);
    // The påminnelse takes no files.
    const p = await hub
      .as(c.veileder)
      .post(dialogUrl(c, t, `/${ids.foresporsel}/paminnelse`))
      .send({ clientTxnId: randomUUID(), attachments: [{ fileId: mine }] })
      .expect(400);
    expect(p.body.details).toEqual([expect.objectContaining({ field: 'attachments' })]);
  });

  it('never tells the arbeidsgiver of these files', async () => {
    const ag = hub.as(c.arbeidsgiver);
    const answers = [
      await ag.get(`/cases/${c.id}/threads`),
      await ag.get(`/cases/${c.id}/threads/${t}/messages`),
      await ag.get(dialogUrl(c, t)),
      await ag.get(`/cases/${c.id}/events?after=0`),
      await ag.get(`/cases/${c.id}/search?q=${tag}`),
      await ag.get(`/search?q=${tag}`),
      await ag.get(`/cases/${c.id}/audit`),
    ];
    for (const res of answers) {
      const seen = JSON.stringify({ body: res.body, text: res.text });
      const found = [ids.foresporselFile!, ids.svarFile!, tag, foresporselPdf.toString('base64').slice(0, 16)].filter((s) =>
        seen.includes(s),
      );
      expect({ url: res.request.url, found }).toEqual({ url: res.request.url, found: [] });
    }
    // Asked by id, as for a file that does not exist.
    const none = await download(hub, c, t, c.arbeidsgiver, randomUUID()).expect(404);
    for (const fileId of [ids.foresporselFile!, ids.svarFile!])
      expect((await download(hub, c, t, c.arbeidsgiver, fileId).expect(404)).body).toEqual(none.body);
  });
});
