import { randomUUID } from 'node:crypto';
import { VarselDispatcher } from '../../apps/hub/src/varsler/varsel-dispatcher';
import { caseWithFourParties, seats, thread } from '../factories/make';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import { connectAs } from '../support/socket';

/**
 * What a socket send writes (issue 20): the message and its event, one varsel cause row and one search queue row per
 * write statement, and nothing repeated: no version row, no audit row (the message is its own write entry).
 */
describe('the message write writes each thing once', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub({ env: { VARSEL_JOB_INTERVAL_SECONDS: '0' } });
  });
  afterAll(() => hub.stop());

  it('stores a socket send as one message row and one event, and innsyn still shows who wrote it, when and how', async () => {
    const c = await caseWithFourParties(hub);
    const t = await thread(hub, c, [seats(c).sykmeldt, seats(c).veileder]);
    const sock = await connectAs(hub, c.sykmeldt);
    try {
      await sock.subscribe(c.id);
      const batchesBefore = await hub.query<{ n: string }>(`SELECT count(*) AS n FROM varsel_cause_batches WHERE $1 = ANY (case_ids)`, [
        c.id,
      ]);
      const ack = await sock.request<{ ok: boolean; message: { id: string; sentAt: string } }>('message.send', {
        caseId: c.id,
        threadId: t,
        clientTxnId: randomUUID(),
        tekst: 'Jeg er tilbake på mandag',
      });
      expect(ack.ok).toBe(true);
      const id = ack.message.id;
      const count = async (sql: string) => Number((await hub.query<{ n: string }>(sql, [id]))[0].n);
      expect(await count(`SELECT count(*) AS n FROM messages WHERE id = $1`)).toBe(1);
      expect(await count(`SELECT count(*) AS n FROM case_events WHERE ref_id = $1`)).toBe(1);
      expect(await count(`SELECT count(*) AS n FROM message_versions WHERE message_id = $1`)).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM audit_log WHERE $1 = ANY (subject_ids)`)).toBe(0);
      const batchesAfter = await hub.query<{ n: string }>(`SELECT count(*) AS n FROM varsel_cause_batches WHERE $1 = ANY (case_ids)`, [
        c.id,
      ]);
      expect(Number(batchesAfter[0].n) - Number(batchesBefore[0].n)).toBe(1);

      const innsyn = (await hub.as(c.sykmeldt).get(`/cases/${c.id}/audit`).expect(200)).body as Record<string, unknown>[];
      expect(innsyn.filter((e) => e.action === 'write')).toEqual([
        expect.objectContaining({
          action: 'write',
          actorId: c.sykmeldt.sub,
          actorRole: 'sykmeldt',
          subjectType: 'Message',
          subjectIds: [id],
          channel: 'socket',
          decision: 'permit',
          at: ack.message.sentAt,
        }),
      ]);
      // The one version of a message never edited is the message as sent.
      const versions = (await hub.as(c.sykmeldt).get(`/cases/${c.id}/threads/${t}/messages/${id}/versions`).expect(200)).body as {
        version: number;
        content: { tekst: string };
      }[];
      expect(versions.map((v) => [v.version, v.content.tekst])).toEqual([[1, 'Jeg er tilbake på mandag']]);
      // The varsel dispatcher still plans from the batched cause: the veileder gets an item for the message's thread,
      // from the message on.
      await hub.app.get(VarselDispatcher).runOnce();
      const items = await hub.query<{ thing: string; seq: string }>(
        `SELECT i.thing, i.seq FROM varsel_items i JOIN varsler v ON v.id = i.varsel_id WHERE v.case_id = $1 AND v.person_id = $2`,
        [c.id, c.veileder.sub],
      );
      const [{ seq }] = await hub.query<{ seq: string }>(`SELECT seq FROM messages WHERE id = $1`, [id]);
      expect(items.map((i) => [i.thing, i.seq])).toEqual([[t, seq]]);
      expect(await hub.query(`SELECT 1 FROM varsel_cause_batches WHERE $1 = ANY (case_ids)`, [c.id])).toEqual([]);
    } finally {
      sock.close();
    }
  });
});
