import { caseWithFourParties, seats, send, thread } from '../factories/make';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';

/** Search vectors are filled after the commit (issue 20): the write only queues; a search still finds what was committed. */
describe('search indexing off the write path', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.stop());

  const hits = async (c: Awaited<ReturnType<typeof caseWithFourParties>>, q: string) =>
    (
      (
        await hub
          .as(c.veileder)
          .get(`/cases/${c.id}/search?q=${encodeURIComponent(q)}`)
          .expect(200)
      ).body as { message: { id: string } }[]
    ).map((h) => h.message.id);

  it('queues a sent message in the write and indexes it afterwards, with no vector for an empty field', async () => {
    const c = await caseWithFourParties(hub);
    const t = await thread(hub, c, [seats(c).sykmeldt, seats(c).veileder]);
    const id = ((await send(hub, c, t, c.veileder, { tekst: 'Gradert sykmelding vurderes' })).body as { id: string }).id;
    const queued = await hub.query<{ n: string }>(`SELECT count(*) AS n FROM search_queue WHERE $1 = ANY (message_ids)`, [id]);
    const indexed = await hub.query<{ n: string }>(`SELECT count(*) AS n FROM message_search WHERE message_id = $1`, [id]);
    // Either still queued or already indexed by the worker, never both, and never neither.
    expect(Number(queued[0].n) + Number(indexed[0].n)).toBe(1);
    const deadline = Date.now() + 3000;
    let row: { open: boolean; funksjonsevne: boolean; medical: boolean } | undefined;
    while (!row && Date.now() < deadline) {
      [row] = await hub.query(
        `SELECT search_open IS NOT NULL AS open, search_funksjonsevne IS NOT NULL AS funksjonsevne, search_medical IS NOT NULL AS medical
           FROM message_search WHERE message_id = $1`,
        [id],
      );
      if (!row) await new Promise((r) => setTimeout(r, 50));
    }
    expect(row).toEqual({ open: true, funksjonsevne: false, medical: false });
  });

  it('finds a message at once after its commit, and finds an edit by its new words only', async () => {
    const c = await caseWithFourParties(hub);
    const t = await thread(hub, c, [seats(c).sykmeldt, seats(c).fastlege, seats(c).veileder]);
    const id = ((await send(hub, c, t, c.fastlege, { tekst: 'Pasienten trenger fysioterapi' })).body as { id: string }).id;
    expect(await hits(c, 'fysioterapi')).toEqual([id]);
    await hub
      .as(c.fastlege)
      .patch(`/cases/${c.id}/threads/${t}/messages/${id}`)
      .send({ tekst: 'Pasienten trenger kiropraktor' })
      .expect(200);
    expect(await hits(c, 'kiropraktor')).toEqual([id]);
    expect(await hits(c, 'fysioterapi')).toEqual([]);
  });
});
