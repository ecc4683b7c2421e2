import type { FourPartyCase } from '../factories/make';
import { caseWithFourParties, seats, send, thread } from '../factories/make';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import type { TestSocket } from '../support/socket';
import { connectAs } from '../support/socket';

/**
 * Side channel: an edit of fields an audience never sees must not be visible to it as an edit either. Otherwise the
 * arbeidsgiver learns "the fastlege changed something medical" from a new version, a new editedAt or an event.
 */
describe('masking: an edit of only medical fields is invisible to the arbeidsgiver', () => {
  let hub: TestHub;
  let c: FourPartyCase;
  let group: string;
  let messageId: string;
  let ag: TestSocket;
  let syk: TestSocket;

  beforeAll(async () => {
    hub = await startHub();
    c = await caseWithFourParties(hub);
    const s = seats(c);
    group = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder], c.veileder, 'Felles');
    messageId = (
      await send(hub, c, group, c.fastlege, { tekst: 'Status', diagnose: [{ system: 'ICPC-2', kode: 'L03', tekst: 'Korsryggsmerter' }] })
    ).body.id;
    ag = await connectAs(hub, c.arbeidsgiver);
    syk = await connectAs(hub, c.sykmeldt);
    const lastSeq = (await ag.subscribe(c.id, 0)).lastSeq;
    await syk.subscribe(c.id, lastSeq);
  });
  afterAll(async () => {
    ag.close();
    syk.close();
    await hub.stop();
  });

  const messagePath = () => `/cases/${c.id}/threads/${group}/messages`;
  const own = async (actor: FourPartyCase['arbeidsgiver']) =>
    ((await hub.as(actor).get(messagePath()).expect(200)).body.messages as { id: string; version: number; editedAt: string | null }[]).find(
      (m) => m.id === messageId,
    )!;
  const versions = async (actor: FourPartyCase['arbeidsgiver']) =>
    (await hub.as(actor).get(`${messagePath()}/${messageId}/versions`).expect(200)).body as {
      version: number;
      createdAt: string;
      content: { tekst: string };
    }[];

  it('sends the arbeidsgiver no event, no new version and no new editedAt; the sykmeldt sees the edit', async () => {
    const before = await own(c.arbeidsgiver);
    expect(before).toMatchObject({ version: 1, editedAt: null });
    await hub
      .as(c.fastlege)
      .patch(`${messagePath()}/${messageId}`)
      .send({ diagnose: [{ system: 'ICPC-2', kode: 'L86', tekst: 'Ryggsyndrom' }] })
      .expect(200);
    await send(hub, c, group, c.fastlege, { tekst: 'Etterpå' });

    // Events arrive in sequence order: once the later message is in, an edit event would have come before it.
    await ag.until(() => ag.of(c.id).some((e) => e.message?.tekst === 'Etterpå'), 'the later message (arbeidsgiver)');
    expect(ag.of(c.id).filter((e) => e.type === 'message.edited')).toEqual([]);
    await syk.until(() => syk.of(c.id).some((e) => e.message?.tekst === 'Etterpå'), 'the later message (sykmeldt)');
    expect(
      syk
        .of(c.id)
        .filter((e) => e.type === 'message.edited')
        .map((e) => e.message?.version),
    ).toEqual([2]);

    // Resuming over REST tells the same.
    const agEvents = (await hub.as(c.arbeidsgiver).get(`/cases/${c.id}/events?after=0`).expect(200)).body;
    expect(JSON.stringify(agEvents)).not.toContain('message.edited');

    expect(await own(c.arbeidsgiver)).toEqual(before);
    expect((await versions(c.arbeidsgiver)).map((v) => v.version)).toEqual([1]);
    const forSykmeldt = await own(c.sykmeldt);
    expect(forSykmeldt.version).toBe(2);
    expect(forSykmeldt.editedAt).not.toBeNull();
    expect((await versions(c.sykmeldt)).map((v) => v.version)).toEqual([1, 2]);
  });

  it('shows the arbeidsgiver a later edit of the text as its second version, and numbers its versions without gaps', async () => {
    await hub.as(c.fastlege).patch(`${messagePath()}/${messageId}`).send({ tekst: 'Status, oppdatert' }).expect(200);
    const edited = await ag.until(() => ag.of(c.id).find((e) => e.type === 'message.edited'), 'the text edit');
    expect(edited.message).toMatchObject({ tekst: 'Status, oppdatert', version: 2 });
    const mine = await own(c.arbeidsgiver);
    expect(mine.version).toBe(2);
    expect(mine.editedAt).toBe(edited.message?.editedAt);
    expect((await versions(c.arbeidsgiver)).map((v) => [v.version, v.content.tekst])).toEqual([
      [1, 'Status'],
      [2, 'Status, oppdatert'],
    ]);
    expect((await versions(c.sykmeldt)).map((v) => v.version)).toEqual([1, 2, 3]);
  });
});
