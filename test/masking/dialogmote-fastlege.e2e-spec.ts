import { randomBytes, randomUUID } from 'node:crypto';
import { caseWithFourParties, seats, send, thread } from '../factories/make';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import { connectAs } from '../support/socket';
import { fromLege, GATEWAY_KEY, postInbound } from '../dialogmelding/dialog-helpers';

describe("the fastlege's møte dialogmeldinger and svar text never reach the arbeidsgiver (issue 21)", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub({ env: { DIALOGMELDING_GATEWAY_KEY: GATEWAY_KEY, DIALOGMELDING_JOB_INTERVAL_SECONDS: '0' } });
  });
  afterAll(() => hub.stop());

  it('is absent from the møte, its events, threads, search and socket, while the convener and the sykmeldt see the svar', async () => {
    hub.clock.set(new Date('2026-09-01T08:00:00.000Z'));
    const c = await caseWithFourParties(hub);
    const planted = `PLANTETSVAR${randomBytes(6).toString('hex')}`;
    const leder = await connectAs(hub, c.arbeidsgiver);
    expect((await leder.subscribe(c.id)).ok).toBe(true);

    const mote = (
      await hub
        .as(c.veileder)
        .post(`/cases/${c.id}/dialogmoter`)
        .send({
          kind: 'DM2',
          deltakere: ['sykmeldt', 'arbeidsgiver', 'fastlege'],
          tid: '2026-09-20T09:00:00+02:00',
          sted: 'NAV Hamar',
        })
        .expect(201)
    ).body;
    const [innkalling] = await hub.query<{ id: string; msg_id: string; thread_id: string }>(
      `SELECT id, msg_id, thread_id FROM dialogmeldinger WHERE mote_id = $1 AND kind = 'INNKALLING'`,
      [mote.id],
    );
    const svar = await postInbound(
      hub,
      fromLege(
        c.fnr,
        {
          type: 'DIALOG_SVAR',
          temaKodet: { kodeverk: '8126', v: '2' },
          tekst: `Etter MR av kneet ${planted}`,
          dokIdNotat: randomUUID(),
          foresporsel: { typeForesp: { kodeverk: '8125', v: '1' }, dokIdForesp: innkalling.id },
        },
        { conversationRef: { refToParent: innkalling.msg_id, refToConversation: innkalling.msg_id } },
      ),
    ).expect(200);
    expect(svar.headers['x-apprec-status']).toBe('OK');

    // The svar code reaches every deltaker live; after it a sentinel proves every earlier event was delivered or withheld.
    await leder.until(() => leder.of(c.id).find((e) => e.type === 'dialogmote.svar'), 'the svar code on the leder socket');
    const group = await thread(hub, c, [seats(c).arbeidsgiver, seats(c).veileder], c.veileder, 'Felles');
    await send(hub, c, group, c.veileder, { tekst: 'Sentinel' });
    await leder.until(() => leder.of(c.id).find((e) => e.message?.tekst === 'Sentinel'), 'the sentinel');

    const threads = (await hub.as(c.arbeidsgiver).get(`/cases/${c.id}/threads`).expect(200)).body as { id: string; subject: string }[];
    const bodies: unknown[] = [
      leder.of(c.id),
      threads,
      (await hub.as(c.arbeidsgiver).get(`/cases/${c.id}/events?after=0`).expect(200)).body,
      (await hub.as(c.arbeidsgiver).get(`/cases/${c.id}/dialogmoter`).expect(200)).body,
      (await hub.as(c.arbeidsgiver).get(`/cases/${c.id}/dialogmoter/${mote.id}`).expect(200)).body,
      (await hub.as(c.arbeidsgiver).get(`/cases/${c.id}/search`).query({ q: planted }).expect(200)).body,
    ];
    for (const seen of bodies) {
      const text = JSON.stringify(seen);
      expect(text).not.toContain(planted);
      expect(text).not.toMatch(/dialogmelding|Innkalling dialogmøte|MOTESVAR|INNKALLING/);
    }
    expect(threads.map((t) => t.id)).not.toContain(innkalling.thread_id);
    await hub.as(c.arbeidsgiver).get(`/cases/${c.id}/threads/${innkalling.thread_id}/dialogmeldinger`).expect(404);
    await hub.as(c.arbeidsgiver).get(`/cases/${c.id}/threads/${innkalling.thread_id}/messages`).expect(404);
    const lederMote = (await hub.as(c.arbeidsgiver).get(`/cases/${c.id}/dialogmoter/${mote.id}`).expect(200)).body;
    expect(lederMote.svar).toEqual([{ role: 'fastlege', type: 'NYTT_TID_STED', at: expect.any(String) }]);

    // The data exists: the convener and the sykmeldt get the wish, so the checks above prove masking.
    for (const who of [c.veileder, c.sykmeldt]) {
      expect(JSON.stringify((await hub.as(who).get(`/cases/${c.id}/dialogmoter/${mote.id}`).expect(200)).body)).toContain(planted);
    }
    leder.close();
  });
});
