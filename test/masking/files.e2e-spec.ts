import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { download, pdfBytes, pngBytes, upload, uploaded } from '../factories/files';
import type { FourPartyCase } from '../factories/make';
import { caseWithFourParties, seats, send, thread } from '../factories/make';
import { fromLege, GATEWAY_KEY, henvendelseBody, parsedAppRec, postInbound } from '../dialogmelding/dialog-helpers';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import { connectAs } from '../support/socket';

const OPERATOR_KEY = 'operator-key-for-the-file-masking-suite';

/** Canaries: a file name and bytes no other data contains, for a medical and a health file each. */
function plant() {
  const tag = randomUUID().slice(0, 8).toUpperCase();
  return {
    medName: `epikrise-MEDNAME${tag}.pdf`,
    medBytes: `MEDBYTES${tag}`,
    helseName: `funksjon-HELSENAME${tag}.png`,
    helseBytes: `HELSEBYTES${tag}`,
    vedleggBytes: `VEDLEGGBYTES${tag}`,
    tag,
  };
}

function leaks(seen: string, p: ReturnType<typeof plant>): string[] {
  const b64 = (s: string) => Buffer.from(s).toString('base64').slice(0, 12);
  return [
    p.medName,
    p.medBytes,
    p.helseName,
    p.helseBytes,
    p.vedleggBytes,
    p.tag,
    b64(p.medBytes),
    b64(p.vedleggBytes),
    'medical',
    'health',
  ].filter((n) => seen.includes(n));
}
const seenIn = (res: Response) =>
  JSON.stringify({ body: Buffer.isBuffer(res.body) ? res.body.toString('latin1') : res.body, text: res.text, headers: res.headers });

describe('masking: medical and health files never reach the arbeidsgiver', () => {
  let hub: TestHub;
  let c: FourPartyCase;
  let p: ReturnType<typeof plant>;
  let group: string;
  let files: { open: string; medical: string; health: string };
  let messageId: string;
  let vedlegg: { threadId: string; fileId: string; dialogmeldingId: string };

  beforeAll(async () => {
    hub = await startHub({ env: { OPERATOR_API_KEY: OPERATOR_KEY, DIALOGMELDING_GATEWAY_KEY: GATEWAY_KEY } });
    c = await caseWithFourParties(hub);
    p = plant();
    const s = seats(c);
    group = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder], c.veileder, 'Felles');
    files = {
      open: await uploaded(hub, c, group, c.fastlege, { name: 'tilrettelegging.pdf', bytes: pdfBytes('aapen') }, 'open'),
      medical: await uploaded(hub, c, group, c.fastlege, { name: p.medName, bytes: pdfBytes(p.medBytes) }),
      health: await uploaded(hub, c, group, c.sykmeldt, { name: p.helseName, bytes: pngBytes(p.helseBytes) }),
    };
    messageId = (
      await send(hub, c, group, c.fastlege, { tekst: 'Vedlagt', attachments: [{ fileId: files.open }, { fileId: files.medical }] })
    ).body.id;
    await send(hub, c, group, c.sykmeldt, { tekst: 'Min funksjon', attachments: [{ fileId: files.health }] });
    // An inbound dialogmelding with a vedlegg: it becomes a medical file of the lege–NAV thread.
    const xml = fromLege(c.fnr, henvendelseBody('Se vedlegg'), {
      attachments: [{ mimeType: 'application/pdf', description: `vedlegg-${p.tag}.pdf`, content: pdfBytes(p.vedleggBytes) }],
    });
    expect(parsedAppRec((await postInbound(hub, xml).expect(200)).text).status).toBe('OK');
    const [row] = await hub.query<{ thread_id: string; id: string; message_id: string }>(
      `SELECT thread_id, id, message_id FROM files WHERE case_id = $1 AND uploaded_by = $2 AND filename LIKE 'vedlegg-%'`,
      [c.id, c.fastlege.sub],
    );
    const [dm] = await hub.query<{ id: string }>(`SELECT id FROM dialogmeldinger WHERE message_id = $1`, [row.message_id]);
    vedlegg = { threadId: row.thread_id, fileId: row.id, dialogmeldingId: dm.id };
  });
  afterAll(() => hub.stop());

  it('files an inbound vedlegg as a medical file: NAV downloads its bytes, and the MsgHead export carries them', async () => {
    const got = await download(hub, c, vedlegg.threadId, c.veileder, vedlegg.fileId).expect(200);
    expect(Buffer.compare(got.body as Buffer, pdfBytes(p.vedleggBytes))).toBe(0);
    const msgs = (await hub.as(c.veileder).get(`/cases/${c.id}/threads/${vedlegg.threadId}/messages`).expect(200)).body.messages;
    expect(msgs[0].attachments).toEqual([
      {
        id: vedlegg.fileId,
        filename: `vedlegg-${p.tag}.pdf`,
        mimeType: 'application/pdf',
        sizeBytes: pdfBytes(p.vedleggBytes).length,
        classification: 'medical',
      },
    ]);
    const exported = await hub
      .as(c.veileder)
      .get(`/cases/${c.id}/threads/${vedlegg.threadId}/dialogmeldinger/${vedlegg.dialogmeldingId}/xml`)
      .expect(200);
    expect(exported.text).toContain('<MsgType V="A" DN="Vedlegg"/>');
    expect(exported.text.replace(/\s/g, '')).toContain(pdfBytes(p.vedleggBytes).toString('base64'));
  });

  it('is absent from every REST answer the arbeidsgiver gets, found or not found', async () => {
    const ag = hub.as(c.arbeidsgiver);
    const answers: Response[] = [
      await ag.get(`/cases/${c.id}/threads/${group}/messages`),
      await ag.get(`/cases/${c.id}/threads/${group}/messages/${messageId}/versions`),
      await ag.get(`/cases/${c.id}/events?after=0`),
      await ag.get(`/cases/${c.id}/search?q=${p.tag}`),
      await ag.get(`/cases/${c.id}/search?q=${encodeURIComponent(p.medName)}`),
      await ag.get(`/search?q=${p.tag}`),
      await ag.get(`/cases/${c.id}/audit`),
      await ag.get(`/cases/${c.id}/threads/${vedlegg.threadId}/messages`),
      await ag.get(`/cases/${c.id}/threads/${vedlegg.threadId}/dialogmeldinger/${vedlegg.dialogmeldingId}/xml`),
      await download(hub, c, group, c.arbeidsgiver, files.medical),
      await download(hub, c, group, c.arbeidsgiver, files.health),
      await download(hub, c, vedlegg.threadId, c.arbeidsgiver, vedlegg.fileId),
      await upload(hub, c, group, c.arbeidsgiver, [{ name: 'x.pdf', bytes: pdfBytes() }], 'medical'),
      await ag
        .post(`/cases/${c.id}/threads/${group}/messages`)
        .send({ clientTxnId: randomUUID(), tekst: 'x', attachments: [{ fileId: files.medical }] }),
    ];
    for (const res of answers) expect({ url: res.request.url, leaks: leaks(seenIn(res), p) }).toEqual({ url: res.request.url, leaks: [] });
    // The message lists one file to the arbeidsgiver: the open one. Count and size of the rest are not told.
    const list = (await ag.get(`/cases/${c.id}/threads/${group}/messages`).expect(200)).body.messages;
    expect(list.flatMap((m: { attachments?: { id: string }[] }) => (m.attachments ?? []).map((a) => a.id))).toEqual([files.open]);
    expect(answers.slice(9, 12).map((r) => r.status)).toEqual([404, 404, 404]);
  });

  it("is absent from the arbeidsgiver's socket, live and on catch-up", async () => {
    const sock = await connectAs(hub, c.arbeidsgiver);
    try {
      await sock.subscribe(c.id, 0);
      const live = await uploaded(hub, c, group, c.fastlege, { name: `live-${p.medName}`, bytes: pdfBytes(`${p.medBytes}-live`) });
      await send(hub, c, group, c.fastlege, { tekst: 'Live', attachments: [{ fileId: live }] });
      await sock.until(() => sock.of(c.id).some((e) => e.message?.tekst === 'Live'), 'the live message');
      expect(leaks(JSON.stringify([...sock.of(c.id), ...sock.signals]), p)).toEqual([]);
    } finally {
      sock.close();
    }
  });

  it("is absent from the operator's audit export", async () => {
    const res = await hub
      .http()
      .get(`/operator/audit.cef?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`)
      .set('x-operator-key', OPERATOR_KEY)
      .expect(200);
    expect(leaks(seenIn(res), p).filter((n) => n !== 'medical' && n !== 'health')).toEqual([]);
  });
});
