import { randomUUID } from 'node:crypto';
import { RetentionJob } from '../../apps/hub/src/followup/retention/retention-job';
import { caseWithFourParties, seats, thread } from '../factories/make';
import type { TestHub } from '../support/hub';
import { startHub } from '../support/hub';
import type { TestSocket } from '../support/socket';
import { connectAs } from '../support/socket';

const OPERATOR_KEY = 'operator-key-for-the-cef-export-suite-01';

interface CefLine {
  externalId: string;
  suser: string;
  cs1: string;
  cs2: string;
  cs3: string;
  act: string;
  app: string;
}

/** The extension fields of each line (values here hold no escaped separators: ids, roles, actions). */
const parse = (text: string): CefLine[] =>
  text
    .split('\n')
    .filter((l) => l.startsWith('CEF:0|'))
    .map(
      (l) =>
        Object.fromEntries(
          l
            .split('|')[7]
            .split(' ')
            .map((kv) => kv.split('=', 2)),
        ) as unknown as CefLine,
    );

/**
 * The operator's export has what innsyn has: since issue 20 a message write and its socket deliveries are not audit rows
 * while the case lives (innsyn derives them), and retention writes them out as rows, under the same ids, when it
 * deletes the case.
 */
describe("the operator's CEF export of message writes and socket deliveries", () => {
  let hub: TestHub;
  const open: TestSocket[] = [];
  beforeAll(async () => {
    hub = await startHub({ env: { OPERATOR_API_KEY: OPERATOR_KEY, RETENTION_DAYS: '30', RETENTION_JOB_INTERVAL_SECONDS: '0' } });
  });
  afterAll(async () => {
    open.splice(0).forEach((s) => s.close());
    await hub.stop();
  });

  const exported = async (from: Date, to: Date) =>
    parse(
      (
        await hub
          .http()
          .get(`/operator/audit.cef?from=${from.toISOString()}&to=${to.toISOString()}`)
          .set('x-operator-key', OPERATOR_KEY)
          .expect(200)
      ).text,
    );

  it('has a live message as one write and one delivery to each subscribed recipient, and the same once retention deleted the case', async () => {
    // Its sykepengeår ended long ago: the retention run below deletes it.
    const c = await caseWithFourParties(hub, '2024-01-01');
    const s = seats(c);
    const group = await thread(hub, c, [s.sykmeldt, s.arbeidsgiver, s.fastlege, s.veileder]);
    const sockets = new Map<string, TestSocket>();
    for (const who of [c.veileder, c.arbeidsgiver, c.fastlege]) {
      const socket = await connectAs(hub, who);
      open.push(socket);
      expect((await socket.subscribe(c.id)).ok).toBe(true);
      sockets.set(who.sub, socket);
    }
    const from = new Date(Date.now() - 60_000);
    const ack = await sockets.get(c.veileder.sub)!.request<{ ok: boolean; message: { id: string } }>('message.send', {
      caseId: c.id,
      threadId: group,
      clientTxnId: randomUUID(),
      tekst: 'Hei alle',
    });
    expect(ack.ok).toBe(true);
    const id = ack.message.id;
    for (const socket of sockets.values()) await socket.until(() => socket.of(c.id).some((e) => e.message?.id === id), 'the message');
    const to = new Date(Date.now() + 60_000);

    const ofMessage = (lines: CefLine[]) => lines.filter((l) => l.cs2 === c.id && l.cs3.split(',').includes(id));
    const live = ofMessage(await exported(from, to));
    // The sockets are still subscribed: their deliveries so far are entries all the same.
    expect(live.filter((l) => l.act === 'write').map((l) => [l.suser, l.cs1, l.app])).toEqual([[c.veileder.sub, 'veileder', 'socket']]);
    expect(
      live
        .filter((l) => l.act === 'deliver')
        .map((l) => l.suser)
        .sort(),
    ).toEqual([c.veileder.sub, c.arbeidsgiver.sub, c.fastlege.sub].sort());
    expect(live.filter((l) => l.act === 'deliver').every((l) => l.app === 'socket')).toBe(true);
    // In id order, each id once.
    const ids = live.map((l) => Number(l.externalId));
    expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
    // A window that ends before the message has none of it.
    expect(ofMessage(await exported(new Date(from.getTime() - 60_000), from))).toEqual([]);

    expect(await hub.app.get(RetentionJob).runOnce()).toBeGreaterThanOrEqual(1);
    const [{ n }] = await hub.query<{ n: string }>(`SELECT count(*) AS n FROM cases WHERE id = $1`, [c.id]);
    expect(Number(n)).toBe(0);
    // Now audit rows, under the same ids: each entry once, not once as a row and again as derived.
    expect(ofMessage(await exported(from, to))).toEqual(live);
  });
});
