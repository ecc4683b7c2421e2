import type { Actor } from '@hub/domain';
import { TimelineReminderJob } from '../../../apps/hub/src/followup/timeline/timeline-reminder-job';
import type { FourPartyCase } from '../../factories/make';
import { caseWithFourParties } from '../../factories/make';
import { shortId } from '../../factories/ids';
import type { TestHub } from '../../support/hub';
import { startHub } from '../../support/hub';

interface MilestoneBody {
  key: string;
  dueAt: string;
  mustAct: string[];
  status: string;
  overdue: boolean;
  doneAt: string | null;
}
interface EventBody {
  seq: number;
  type: string;
  at: string;
  data?: Record<string, unknown>;
}

const at = (iso: string) => new Date(iso);
const DAY = 86_400_000;

describe('timeline and reminders through a sick-leave year', () => {
  let hub: TestHub;
  let job: TimelineReminderJob;
  beforeAll(async () => {
    hub = await startHub();
    job = hub.app.get(TimelineReminderJob);
  });
  afterAll(() => hub.stop());

  const timelineOf = async (c: FourPartyCase, who: Actor): Promise<MilestoneBody[]> =>
    (await hub.as(who).get(`/cases/${c.id}/timeline`).expect(200)).body.milestones;
  const eventsOf = async (c: FourPartyCase, who: Actor, type?: string): Promise<EventBody[]> => {
    const events: EventBody[] = (await hub.as(who).get(`/cases/${c.id}/events?after=0`).expect(200)).body.events;
    return type ? events.filter((e) => e.type === type) : events;
  };
  /** [milestone, kind, day sent] of each reminder the party received. */
  const remindersOf = async (c: FourPartyCase, who: Actor) =>
    (await eventsOf(c, who, 'timeline.reminder')).map((e) => [e.data?.milestone, e.data?.kind, e.at.slice(0, 10)]);

  it('shows each party the deadlines that concern it, with who acts, due date and status; the veileder marks them done', async () => {
    hub.clock.set(at('2025-01-06T08:00:00Z'));
    const c = await caseWithFourParties(hub, '2025-01-06');
    hub.clock.set(at('2025-02-10T08:00:00Z')); // week 6: the plan is a week late, DM1 not yet due soon

    const veileder = await hub.as(c.veileder).get(`/cases/${c.id}/timeline`).expect(200);
    expect(veileder.body.forsteSykedag).toBe('2025-01-06');
    expect(veileder.body.uke).toBe(6);
    expect(veileder.body.milestones.map((m: MilestoneBody) => [m.key, m.dueAt.slice(0, 10), m.status])).toEqual([
      ['OPPFOLGINGSPLAN', '2025-02-03', 'OVERDUE'],
      ['DIALOGMOTE_1', '2025-02-24', 'UPCOMING'],
      ['AKTIVITETSKRAV', '2025-03-03', 'UPCOMING'],
      ['MOTEBEHOV', '2025-04-28', 'UPCOMING'],
      ['DIALOGMOTE_2', '2025-07-07', 'UPCOMING'],
      ['VURDERING_39_UKER', '2025-10-06', 'UPCOMING'],
      ['MAKSDATO', '2026-01-05', 'UPCOMING'],
    ]);
    const plan = veileder.body.milestones[0];
    expect(plan).toMatchObject({ mustAct: ['arbeidsgiver', 'sykmeldt'], overdue: true, doneAt: null });
    expect(veileder.body.milestones[3].window).toEqual({ opensAt: '2025-04-28T00:00:00.000Z', closesAt: '2025-07-07T00:00:00.000Z' });

    const keys = async (who: Actor) => (await timelineOf(c, who)).map((m) => m.key);
    expect(await keys(c.arbeidsgiver)).toEqual(['OPPFOLGINGSPLAN', 'DIALOGMOTE_1', 'MOTEBEHOV', 'DIALOGMOTE_2', 'MAKSDATO']);
    expect(await keys(c.fastlege)).toEqual(['OPPFOLGINGSPLAN', 'DIALOGMOTE_1', 'AKTIVITETSKRAV', 'DIALOGMOTE_2']);
    expect(await keys(c.sykmeldt)).toHaveLength(7);

    // Only the veileder marks; once done it is DONE for everyone, and twice is a conflict that changes nothing.
    await hub
      .as(c.arbeidsgiver)
      .post(`/cases/${c.id}/timeline/OPPFOLGINGSPLAN/done`)
      .send({ reason: 'Registrert utenfor huben' })
      .expect(403);
    const done = await hub
      .as(c.veileder)
      .post(`/cases/${c.id}/timeline/OPPFOLGINGSPLAN/done`)
      .send({ reason: 'Registrert utenfor huben' })
      .expect(200);
    expect(done.body.milestones[0]).toMatchObject({
      key: 'OPPFOLGINGSPLAN',
      status: 'DONE',
      overdue: false,
      doneAt: '2025-02-10T08:00:00.000Z',
    });
    hub.clock.advanceHours(1);
    const again = await hub
      .as(c.veileder)
      .post(`/cases/${c.id}/timeline/OPPFOLGINGSPLAN/done`)
      .send({ reason: 'Registrert utenfor huben' })
      .expect(409);
    expect(again.body.error).toBe('conflict');
    expect((await timelineOf(c, c.arbeidsgiver))[0]).toMatchObject({ status: 'DONE', doneAt: '2025-02-10T08:00:00.000Z' });

    // A mark set by mistake is undone; undoing what is not marked is a conflict.
    await hub.as(c.veileder).post(`/cases/${c.id}/timeline/DIALOGMOTE_1/done`).send({ reason: 'Registrert utenfor huben' }).expect(200);
    const reopened = await hub.as(c.veileder).delete(`/cases/${c.id}/timeline/DIALOGMOTE_1/done`).expect(200);
    expect(reopened.body.milestones[1]).toMatchObject({ key: 'DIALOGMOTE_1', status: 'UPCOMING', doneAt: null });
    await hub.as(c.veileder).delete(`/cases/${c.id}/timeline/DIALOGMOTE_1/done`).expect(409);

    const bad = await hub
      .as(c.veileder)
      .post(`/cases/${c.id}/timeline/UKE_99/done`)
      .send({ reason: 'Registrert utenfor huben' })
      .expect(400);
    expect(bad.body.details).toEqual([{ field: 'key', constraint: 'isIn' }]);

    // The aktivitetskrav is not the arbeidsgiver's business: its mark reaches the sykmeldt, fastlege and veileder only.
    await hub.as(c.veileder).post(`/cases/${c.id}/timeline/AKTIVITETSKRAV/done`).send({ reason: 'Registrert utenfor huben' }).expect(200);
    const marked = async (who: Actor) =>
      (await eventsOf(c, who)).filter((e) => e.type.startsWith('timeline.')).map((e) => [e.type, e.data?.milestone]);
    expect(await marked(c.arbeidsgiver)).toEqual([
      ['timeline.milestone_done', 'OPPFOLGINGSPLAN'],
      ['timeline.milestone_done', 'DIALOGMOTE_1'],
      ['timeline.milestone_reopened', 'DIALOGMOTE_1'],
    ]);
    expect(await marked(c.fastlege)).toContainEqual(['timeline.milestone_done', 'AKTIVITETSKRAV']);
    expect((await timelineOf(c, c.veileder))[2]).toMatchObject({ key: 'AKTIVITETSKRAV', status: 'DONE' });
  });

  it('sends each reminder once, on its day, to the seats that must act, and none for what is done', async () => {
    const start = at('2025-01-06T00:00:00Z');
    hub.clock.set(start);
    const c = await caseWithFourParties(hub, '2025-01-06');
    // A daily job at 06:00 UTC for 400 days; DM1 is held on day 45, after its "due soon" but before its deadline.
    for (let day = 0; day < 400; day++) {
      hub.clock.set(new Date(start.getTime() + day * DAY + 6 * 3_600_000));
      if (day === 45)
        await hub.as(c.veileder).post(`/cases/${c.id}/timeline/DIALOGMOTE_1/done`).send({ reason: 'Registrert utenfor huben' }).expect(200);
      await job.runOnce();
    }

    expect(await remindersOf(c, c.arbeidsgiver)).toEqual([
      ['OPPFOLGINGSPLAN', 'DUE_SOON', '2025-01-27'],
      ['OPPFOLGINGSPLAN', 'OVERDUE', '2025-02-03'],
      ['DIALOGMOTE_1', 'DUE_SOON', '2025-02-17'],
      ['MOTEBEHOV', 'SVAR_BEHOV', '2025-04-28'], // NAV asks whether a dialogmøte is needed (issue 17)
    ]);
    expect(await remindersOf(c, c.sykmeldt)).toEqual([
      ['OPPFOLGINGSPLAN', 'DUE_SOON', '2025-01-27'],
      ['OPPFOLGINGSPLAN', 'OVERDUE', '2025-02-03'],
      ['MOTEBEHOV', 'SVAR_BEHOV', '2025-04-28'],
    ]);
    expect(await remindersOf(c, c.veileder)).toEqual([
      ['AKTIVITETSKRAV', 'DUE_SOON', '2025-02-24'],
      ['AKTIVITETSKRAV', 'OVERDUE', '2025-03-03'],
      ['MOTEBEHOV', 'DUE_SOON', '2025-04-21'],
      ['MOTEBEHOV', 'OVERDUE', '2025-04-28'],
      ['DIALOGMOTE_2', 'DUE_SOON', '2025-06-30'],
      ['DIALOGMOTE_2', 'OVERDUE', '2025-07-07'],
      ['VURDERING_39_UKER', 'DUE_SOON', '2025-09-29'],
      ['VURDERING_39_UKER', 'OVERDUE', '2025-10-06'],
      ['MAKSDATO', 'DUE_SOON', '2025-12-29'],
      ['MAKSDATO', 'OVERDUE', '2026-01-05'],
    ]);
    expect(await remindersOf(c, c.fastlege)).toEqual([]);
    const one = (await eventsOf(c, c.arbeidsgiver, 'timeline.reminder'))[0];
    expect(one.data).toEqual({
      milestone: 'OPPFOLGINGSPLAN',
      kind: 'DUE_SOON',
      recipient: 'arbeidsgiver',
      dueAt: '2025-02-03T00:00:00.000Z',
    });

    // A year on, the timeline shows what was missed.
    const late = await timelineOf(c, c.veileder);
    expect(late.filter((m) => m.overdue).map((m) => m.key)).toEqual([
      'OPPFOLGINGSPLAN',
      'AKTIVITETSKRAV',
      'MOTEBEHOV',
      'DIALOGMOTE_2',
      'VURDERING_39_UKER',
      'MAKSDATO',
    ]);
  });

  it('sends a reminder once even when two hub nodes run the job at the same moment', async () => {
    hub.clock.set(at('2025-03-03T00:00:00Z'));
    const c = await caseWithFourParties(hub, '2025-03-03');
    const other = await startHub({ databaseName: (hub as TestHub & { databaseName: string }).databaseName });
    try {
      const moment = at('2025-03-25T09:00:00Z'); // the plan is due soon for the arbeidsgiver and the sykmeldt
      hub.clock.set(moment);
      other.clock.set(moment);
      await Promise.all([job.runOnce(), other.app.get(TimelineReminderJob).runOnce(), job.runOnce()]);
      await other.app.get(TimelineReminderJob).runOnce();
      expect(await remindersOf(c, c.arbeidsgiver)).toEqual([['OPPFOLGINGSPLAN', 'DUE_SOON', '2025-03-25']]);
      expect(await remindersOf(c, c.sykmeldt)).toEqual([['OPPFOLGINGSPLAN', 'DUE_SOON', '2025-03-25']]);
    } finally {
      await other.stop();
    }
  });

  it('holds a reminder for a role until it has a seat, and sends none once the sick leave has ended', async () => {
    hub.clock.set(at('2025-05-05T00:00:00Z'));
    const c = await caseWithFourParties(hub, '2025-05-05');
    // The nærmeste leder leaves before anything is due: for a while no seat of the case is an arbeidsgiver's.
    const relations = (await hub.as(c.veileder).get(`/cases/${c.id}`).expect(200)).body.relations as { id: string; role: string }[];
    await hub
      .as(c.veileder)
      .post(`/cases/${c.id}/relations/${relations.find((r) => r.role === 'arbeidsgiver')!.id}/end`)
      .send({ reason: 'Sluttet' })
      .expect(200);

    hub.clock.set(at('2025-05-27T06:00:00Z')); // plan due soon: only the sykmeldt holds a seat that must act
    await job.runOnce();
    expect(await remindersOf(c, c.sykmeldt)).toEqual([['OPPFOLGINGSPLAN', 'DUE_SOON', '2025-05-27']]);

    const next: Actor = { role: 'arbeidsgiver', sub: shortId('leder') };
    await hub.as(c.veileder).post(`/cases/${c.id}/relations`).send({ role: 'arbeidsgiver', partyId: next.sub, orgnr: c.orgnr }).expect(201);
    hub.clock.set(at('2025-06-03T06:00:00Z')); // plan overdue: the new nærmeste leder's seat gets the OVERDUE one
    await job.runOnce();
    expect(await remindersOf(c, next)).toEqual([['OPPFOLGINGSPLAN', 'OVERDUE', '2025-06-03']]);

    // The sick leave ended on 2025-06-10: no more reminders after it, although DM1 would be due soon from 2025-06-16.
    await hub.as(c.veileder).put(`/cases/${c.id}/sluttdato`).send({ sluttdato: '2025-06-10' }).expect(200);
    const before = (await eventsOf(c, c.veileder)).length;
    for (const day of ['2025-06-16', '2025-06-23', '2025-07-01']) {
      hub.clock.set(at(`${day}T06:00:00Z`));
      await job.runOnce();
    }
    expect(await eventsOf(c, c.veileder)).toHaveLength(before);
    expect(await remindersOf(c, next)).toEqual([['OPPFOLGINGSPLAN', 'OVERDUE', '2025-06-03']]);
  });
});
