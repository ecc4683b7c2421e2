import { randomUUID } from 'node:crypto';
import type { Actor, Seat } from '@hub/domain';
import { seatsOf } from '@hub/access';
import { Db, MessageRepository } from '@hub/persistence';
import { CaseAccessService } from '../../apps/hub/src/access/case-access.service';
import { shortId, syntheticFnr, syntheticOrgnr } from '../factories/ids';
import { startHub, type TestHub } from '../support/hub';

/**
 * The group-commit write checks the sender's seat in SQL (`hub_write_messages`), apart from `seatsOf` in libs/access.
 * Both are held here against every seat kind, so a change to one that the other does not follow fails this test.
 */
describe('the write function and seatsOf agree on who holds a seat', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.stop());

  it('stores a message exactly when seatsOf gives its sender the seat, for every seat kind', async () => {
    const enhet = '0314';
    const veileder: Actor = { role: 'veileder', sub: shortId('Z99'), enhet };
    const sameEnhet: Actor = { role: 'veileder', sub: shortId('Z98'), enhet };
    const otherEnhet: Actor = { role: 'veileder', sub: shortId('Z97'), enhet: '1201' };
    const sykmeldt: Actor = { role: 'sykmeldt', sub: shortId('syk') };
    const fastlege: Actor = { role: 'fastlege', sub: shortId('lege') };
    const endedLeder: Actor = { role: 'arbeidsgiver', sub: shortId('leder') };
    const newLeder: Actor = { role: 'arbeidsgiver', sub: shortId('leder') };
    const otherOrgLeder: Actor = { role: 'arbeidsgiver', sub: shortId('leder') };
    const stranger: Actor = { role: 'sykmeldt', sub: shortId('syk') };
    const [orgA, orgB, orgC] = [syntheticOrgnr(), syntheticOrgnr(), syntheticOrgnr()];

    const opened = await hub
      .as(veileder)
      .post('/cases')
      .send({ sykmeldtFnr: syntheticFnr(), sykmeldtId: sykmeldt.sub, startDate: '2026-08-03' })
      .expect(201);
    const caseId = (opened.body as { case: { id: string } }).case.id;
    const relate = async (body: Record<string, unknown>): Promise<string> =>
      ((await hub.as(veileder).post(`/cases/${caseId}/relations`).send(body).expect(201)).body as { id: string }).id;
    const ended = await relate({ role: 'arbeidsgiver', partyId: endedLeder.sub, orgnr: orgA });
    await relate({ role: 'arbeidsgiver', partyId: otherOrgLeder.sub, orgnr: orgB });
    await relate({ role: 'fastlege', partyId: fastlege.sub, herId: '8094866', hprNr: '9144889' });
    const seats: Seat[] = ['sykmeldt', 'fastlege', 'veileder', `arbeidsgiver:${orgA}`, `arbeidsgiver:${orgB}`];
    const threadId = (
      (await hub.as(veileder).post(`/cases/${caseId}/threads`).send({ subject: 'Alle', participants: seats }).expect(201)).body as {
        id: string;
      }
    ).id;
    // A new nærmeste leder takes the seat of orgA: the seat stays in the thread, the ended relation gives it to nobody.
    await hub.as(veileder).post(`/cases/${caseId}/relations/${ended}/end`).send({ reason: 'Ny nærmeste leder' }).expect(200);
    await relate({ role: 'arbeidsgiver', partyId: newLeder.sub, orgnr: orgA });

    const access = (await hub.app.get(CaseAccessService).load(caseId))!;
    const repo = new MessageRepository(hub.app.get(Db));
    const actors = [veileder, sameEnhet, otherEnhet, sykmeldt, fastlege, endedLeder, newLeder, otherOrgLeder, stranger];
    const claims: Seat[] = [...seats, `arbeidsgiver:${orgC}`];
    const expected: string[] = [];
    const stored: string[] = [];
    for (const actor of actors) {
      for (const seat of claims) {
        const [result] = await repo.writeBatch([
          {
            channel: 'rest',
            senderEnhet: actor.enhet,
            message: {
              id: randomUUID(),
              caseId,
              threadId,
              seq: 0,
              senderId: actor.sub,
              senderRole: actor.role,
              senderSeat: seat,
              clientTxnId: randomUUID(),
              tekst: 'Hei',
              attachments: [],
              version: 1,
              sentAt: new Date(),
            },
          },
        ]);
        const label = `${actor.role} ${actor.sub} as ${seat}`;
        if (seatsOf(actor, access).includes(seat)) expected.push(label);
        if (result.outcome === 'created') stored.push(label);
      }
    }
    expect(stored).toEqual(expected);
    // Every seat kind is held by someone (veileder both by relation and by enhet), so the comparison covers each.
    expect(expected).toEqual([
      `veileder ${veileder.sub} as veileder`,
      `veileder ${sameEnhet.sub} as veileder`,
      `sykmeldt ${sykmeldt.sub} as sykmeldt`,
      `fastlege ${fastlege.sub} as fastlege`,
      `arbeidsgiver ${newLeder.sub} as arbeidsgiver:${orgA}`,
      `arbeidsgiver ${otherOrgLeder.sub} as arbeidsgiver:${orgB}`,
    ]);
  });
});
