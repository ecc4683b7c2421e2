import { randomUUID } from 'node:crypto';
import type { Actor } from '@hub/domain';
import { download, htmlBytes, pdfBytes, pngBytes, upload, uploaded } from '../factories/files';
import type { FourPartyCase } from '../factories/make';
import { caseWithFourParties, seats, send, thread } from '../factories/make';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import { FileSweepJob } from '../../apps/hub/src/files/file-sweep-job';
import { RetentionJob } from '../../apps/hub/src/followup/retention/retention-job';

describe('attachments as files: upload, sniffing, limits, access, audit, retention', () => {
  let hub: TestHub;
  let c: FourPartyCase;
  let group: string;
  const stored = async () => {
    const [r] = await hub.query<{ files: string; blobs: string; chunks: string }>(
      `SELECT (SELECT count(*) FROM files) AS files, (SELECT count(*) FROM file_blobs) AS blobs, (SELECT count(*) FROM file_blob_chunks) AS chunks`,
    );
    return { files: Number(r.files), blobs: Number(r.blobs), chunks: Number(r.chunks) };
  };

  beforeAll(async () => {
    hub = await startHub({
      env: { FILE_MAX_BYTES: '300000', FILE_MAX_PER_MESSAGE: '3', FILE_JOB_INTERVAL_SECONDS: '0', RETENTION_JOB_INTERVAL_SECONDS: '0' },
    });
    c = await caseWithFourParties(hub);
    const s = seats(c);
    group = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder], c.veileder, 'Felles');
  });
  afterAll(() => hub.stop());

  it('stores an upload, attaches it by id, and serves the same bytes as a download that is never rendered', async () => {
    const bytes = Buffer.concat([pdfBytes('erklaering'), Buffer.alloc(280_000, 0x20)]);
    const up = await upload(hub, c, group, c.fastlege, [{ name: 'Erklæring.pdf', bytes, contentType: 'application/pdf' }], 'open').expect(
      201,
    );
    expect(up.body).toEqual([
      {
        id: expect.any(String),
        filename: 'Erklæring.pdf',
        mimeType: 'application/pdf',
        sizeBytes: bytes.length,
        classification: 'open',
        expiresAt: expect.any(String),
      },
    ]);
    const fileId = up.body[0].id as string;
    const msg = await send(hub, c, group, c.fastlege, { tekst: 'Erklæringen', attachments: [{ fileId }] });
    expect(msg.body.attachments).toEqual([
      { id: fileId, filename: 'Erklæring.pdf', mimeType: 'application/pdf', sizeBytes: bytes.length, classification: 'open' },
    ]);
    const res = await download(hub, c, group, c.arbeidsgiver, fileId).expect(200);
    expect(Buffer.compare(res.body as Buffer, bytes)).toBe(0);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="Erkl_ring.pdf"; filename*=UTF-8''Erkl%C3%A6ring.pdf`);
    // 280 kB in chunks of at most 256 KiB: two rows, never one value of the whole file.
    expect((await hub.query(`SELECT n FROM file_blob_chunks c JOIN files f USING (sha256) WHERE f.id = $1`, [fileId])).length).toBe(2);
  });

  it('refuses a .pdf that is really HTML, and a .pdf that is really a PNG, naming the field and storing nothing', async () => {
    const before = await stored();
    const html = await upload(hub, c, group, c.sykmeldt, [
      { name: 'epikrise.pdf', bytes: htmlBytes(), contentType: 'application/pdf' },
    ]).expect(400);
    expect(html.body).toEqual({
      error: 'invalid',
      message: expect.stringContaining('not an allowed type'),
      details: [{ field: 'file', constraint: 'notAllowedType' }],
    });
    const png = await upload(hub, c, group, c.sykmeldt, [
      { name: 'epikrise.pdf', bytes: pngBytes(), contentType: 'application/pdf' },
    ]).expect(400);
    expect(png.body.details).toEqual([{ field: 'file', constraint: 'typeMismatch' }]);
    // One bad file of several: none of them is kept.
    await upload(hub, c, group, c.sykmeldt, [
      { name: 'ok.pdf', bytes: pdfBytes('ok') },
      { name: 'x.pdf', bytes: htmlBytes() },
    ]).expect(400);
    expect(await stored()).toEqual(before);
  });

  it('refuses a file over FILE_MAX_BYTES and more files than FILE_MAX_PER_MESSAGE, storing nothing', async () => {
    const before = await stored();
    const big = await upload(hub, c, group, c.sykmeldt, [
      { name: 'stor.pdf', bytes: Buffer.concat([pdfBytes(), Buffer.alloc(300_001)]) },
    ]).expect(413);
    expect(big.body.error).toBe('too_large');
    const many = [1, 2, 3, 4].map((i) => ({ name: `f${i}.pdf`, bytes: pdfBytes(`f${i}`) }));
    expect((await upload(hub, c, group, c.sykmeldt, many).expect(413)).body.error).toBe('too_large');
    expect(await stored()).toEqual(before);
  });

  it('takes multipart/form-data only on the upload route', async () => {
    const res = await hub
      .as(c.sykmeldt)
      .post(`/cases/${c.id}/threads/${group}/messages`)
      .field('clientTxnId', randomUUID())
      .field('tekst', 'x')
      .expect(415);
    expect(res.body.error).toBe('unsupported_media_type');
    const json = await hub.as(c.sykmeldt).post(`/cases/${c.id}/threads/${group}/files`).send({ file: 'x' }).expect(415);
    expect(json.body.message).toMatch(/multipart\/form-data/);
  });

  describe('each role × classification × consent, for the message list, download and search', () => {
    let ids: Record<'open' | 'health' | 'medical', string>;
    beforeAll(async () => {
      ids = {
        open: await uploaded(hub, c, group, c.fastlege, { name: 'aapen-ABCOPEN.pdf', bytes: pdfBytes('open') }, 'open'),
        health: await uploaded(hub, c, group, c.fastlege, { name: 'helse-ABCHEALTH.pdf', bytes: pdfBytes('health') }, 'health'),
        // No classification named: a fastlege's file is medical.
        medical: await uploaded(hub, c, group, c.fastlege, { name: 'medisinsk-ABCMEDICAL.png', bytes: pngBytes('medical') }),
      };
      await send(hub, c, group, c.fastlege, { tekst: 'Tre filer', attachments: Object.values(ids).map((fileId) => ({ fileId })) });
    });

    const visible = async (who: Actor) => {
      const page = await hub.as(who).get(`/cases/${c.id}/threads/${group}/messages`).expect(200);
      const listed = new Set(page.body.messages.flatMap((m: { attachments?: { id: string }[] }) => (m.attachments ?? []).map((a) => a.id)));
      const out: Record<string, [boolean, number]> = {};
      for (const [cls, id] of Object.entries(ids)) out[cls] = [listed.has(id), (await download(hub, c, group, who, id)).status];
      return out;
    };

    it('shows and serves each class exactly to those who may read its fields', async () => {
      const all = { open: [true, 200], health: [true, 200], medical: [true, 200] };
      expect(await visible(c.sykmeldt)).toEqual(all);
      expect(await visible(c.fastlege)).toEqual(all);
      expect(await visible(c.veileder)).toEqual(all);
      expect(await visible(c.arbeidsgiver)).toEqual({ open: [true, 200], health: [false, 404], medical: [false, 404] });
      await hub.as(c.sykmeldt).put(`/cases/${c.id}/consents/${c.orgnr}/funksjonsevne`).expect(200);
      expect(await visible(c.arbeidsgiver)).toEqual({ open: [true, 200], health: [true, 200], medical: [false, 404] });
      await hub.as(c.sykmeldt).delete(`/cases/${c.id}/consents/${c.orgnr}/funksjonsevne`).expect(200);
      expect(await visible(c.arbeidsgiver)).toEqual({ open: [true, 200], health: [false, 404], medical: [false, 404] });
    });

    it('answers a hidden file exactly like a missing one', async () => {
      const hidden = await download(hub, c, group, c.arbeidsgiver, ids.medical);
      const missing = await download(hub, c, group, c.arbeidsgiver, randomUUID());
      expect([hidden.status, hidden.text, hidden.headers['content-type']]).toEqual([
        missing.status,
        missing.text,
        missing.headers['content-type'],
      ]);
    });

    it('finds no file name of a class the searcher may not see', async () => {
      for (const q of ['ABCMEDICAL', 'ABCHEALTH', 'medisinsk']) {
        expect(JSON.stringify((await hub.as(c.arbeidsgiver).get(`/cases/${c.id}/search?q=${q}`).expect(200)).body)).not.toContain('ABC');
      }
    });

    it('records every download, which the sykmeldt sees in innsyn', async () => {
      await download(hub, c, group, c.veileder, ids.medical).expect(200);
      const audit = await hub.as(c.sykmeldt).get(`/cases/${c.id}/audit`).expect(200);
      const rows = audit.body as { subjectType: string; action: string; actorRole: string; subjectIds: string[]; decision: string }[];
      expect(rows).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            subjectType: 'File',
            action: 'download',
            actorRole: 'veileder',
            subjectIds: [ids.medical],
            decision: 'permit',
          }),
        ]),
      );
    });
  });

  it('lets only the uploader attach a pending file, once, and sweeps it when no message names it in time', async () => {
    const mine = await uploaded(hub, c, group, c.sykmeldt, { name: 'plan.pdf', bytes: pdfBytes('plan-pending') });
    const other = await hub
      .as(c.arbeidsgiver)
      .post(`/cases/${c.id}/threads/${group}/messages`)
      .send({ clientTxnId: randomUUID(), tekst: 'x', attachments: [{ fileId: mine }] })
      .expect(400);
    expect(other.body.details).toEqual([{ field: 'attachments', constraint: 'pendingUpload' }]);
    // Nobody else sees a pending upload.
    await download(hub, c, group, c.veileder, mine).expect(404);
    await download(hub, c, group, c.sykmeldt, mine).expect(200);
    const before = await stored();
    hub.clock.set(new Date(Date.now() + 3_600_000));
    await hub.app.get(FileSweepJob).runOnce();
    expect(await stored()).toEqual({ files: before.files - 1, blobs: before.blobs - 1, chunks: before.chunks - 1 });
    hub.clock.set(new Date());
  });

  it('attaches a file to one of two messages sent at once that name it; the other is refused naming the field, stored nowhere', async () => {
    const file = await uploaded(hub, c, group, c.sykmeldt, { name: 'samme.pdf', bytes: pdfBytes('named-twice') });
    const txns = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    // Sent together they may share one group-commit batch or not: the answer must be the same either way.
    const answers = await Promise.all(
      txns.map((clientTxnId) =>
        hub
          .as(c.sykmeldt)
          .post(`/cases/${c.id}/threads/${group}/messages`)
          .send({ clientTxnId, tekst: 'Vedlegg', attachments: [{ fileId: file }] }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 400, 400, 400]);
    for (const refused of answers.filter((a) => a.status === 400)) {
      expect(refused.body).toMatchObject({ error: 'invalid', details: [{ field: 'attachments', constraint: 'pendingUpload' }] });
    }
    const rows = await hub.query<{ n: string }>(`SELECT count(*) AS n FROM messages WHERE client_txn_id = ANY($1::text[])`, [txns]);
    expect(Number(rows[0].n)).toBe(1);
  });

  it("stores the same content once, and a retraction deletes the message's files and then the unshared blob", async () => {
    const bytes = pdfBytes(`dedup-${randomUUID()}`);
    const a = await uploaded(hub, c, group, c.sykmeldt, { name: 'a.pdf', bytes });
    const b = await uploaded(hub, c, group, c.sykmeldt, { name: 'b.pdf', bytes });
    const [{ n }] = await hub.query<{ n: string }>(`SELECT count(DISTINCT sha256) AS n FROM files WHERE id = ANY($1::uuid[])`, [[a, b]]);
    expect(Number(n)).toBe(1);
    const m1 = (await send(hub, c, group, c.sykmeldt, { tekst: 'a', attachments: [{ fileId: a }] })).body.id;
    await send(hub, c, group, c.sykmeldt, { tekst: 'b', attachments: [{ fileId: b }] });
    const blobs = (await stored()).blobs;
    await hub.as(c.sykmeldt).delete(`/cases/${c.id}/threads/${group}/messages/${m1}`).expect(200);
    await download(hub, c, group, c.sykmeldt, a).expect(404);
    await download(hub, c, group, c.sykmeldt, b).expect(200);
    expect((await stored()).blobs).toBe(blobs);
  });

  it("retention deletes a case's files with its content, leaving nothing in the store", async () => {
    const other = await caseWithFourParties(hub, '2026-09-01');
    const t = await thread(hub, other, ['sykmeldt', 'fastlege', 'veileder'], other.veileder, 'Lege');
    const bytes = pngBytes(`retention-${randomUUID()}`);
    const id = await uploaded(hub, other, t, other.fastlege, { name: 'epikrise.png', bytes });
    await send(hub, other, t, other.fastlege, { tekst: 'Vedlagt', attachments: [{ fileId: id }] });
    const [{ sha256 }] = await hub.query<{ sha256: string }>(`SELECT sha256 FROM files WHERE id = $1`, [id]);
    hub.clock.set(new Date('2040-01-01T00:00:00Z'));
    await hub.app.get(RetentionJob).runOnce();
    const left = await hub.query(
      `SELECT 'files' FROM files WHERE sha256 = $1 UNION ALL SELECT 'blob' FROM file_blobs WHERE sha256 = $1 UNION ALL SELECT 'chunk' FROM file_blob_chunks WHERE sha256 = $1`,
      [sha256],
    );
    expect(left).toEqual([]);
    expect(await stored()).toEqual({ files: 0, blobs: 0, chunks: 0 });
  });
});
