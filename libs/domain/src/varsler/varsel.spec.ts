import { varselCause, varselRecipients, varselText, VARSEL_KINDS } from './varsel';

const event = (type: string, payload: Record<string, string> = {}, audience: string[] | null = null) =>
  ({ type, seq: 7, threadId: type === 'message.created' ? 't-1' : null, refId: 'r-1', audience, payload }) as Parameters<
    typeof varselCause
  >[0];

describe('varsel causes', () => {
  it('tells a thread message to its present participants, as a thing of its thread, and nothing for events nobody waits on', () => {
    expect(varselCause(event('message.created'), ['sykmeldt', 'veileder'])).toEqual({
      kind: 'melding',
      thing: 't-1',
      seats: ['sykmeldt', 'veileder'],
      threadId: 't-1',
    });
    expect(varselCause(event('receipt.read'), ['sykmeldt'])).toBeNull();
    expect(varselCause(event('dialogmote.status_changed', { to: 'FERDIGSTILT' }, ['sykmeldt']), [])).toBeNull();
  });

  it('tells a forespørsel only to the fastlege, counted on the message it rides on', () => {
    const cause = varselCause(
      event('dialogmelding.created', { kind: 'FORESPORSEL', direction: 'UT', messageId: 'm-1', threadId: 't-1' }, ['veileder', 'fastlege']),
      [],
    );
    expect(cause).toEqual({ kind: 'foresporsel', thing: 'm-1', seats: ['fastlege'], threadId: 't-1' });
  });

  it('leaves the fastlege out of a DM2 or DM3 that reaches its EPJ, and tells it of a DM1 or without a HER-id', () => {
    const deltakere = ['sykmeldt', 'arbeidsgiver:974760673', 'fastlege', 'veileder'];
    const epj = { fastlegeHerId: true, moteMessages: new Set(['m-1']) };
    const innkalt = (kind: string, herId: boolean) =>
      varselCause(event('dialogmote.innkalt', { kind }, deltakere), [], { ...epj, fastlegeHerId: herId })?.seats;
    expect(innkalt('DM2', true)).toEqual(['sykmeldt', 'arbeidsgiver:974760673', 'veileder']);
    expect(varselCause(event('dialogmote.status_changed', { kind: 'DM3', to: 'AVLYST' }, deltakere), [], epj)?.seats).not.toContain(
      'fastlege',
    );
    expect(innkalt('DM1', true)).toContain('fastlege');
    expect(innkalt('DM2', false)).toContain('fastlege');
    // The thread message carrying the møte's dialogmelding is the EPJ message itself.
    const carrier = { ...event('message.created'), refId: 'm-1' };
    expect(varselCause(carrier, ['fastlege', 'veileder'], epj)?.seats).toEqual(['veileder']);
    expect(varselCause(carrier, ['fastlege', 'veileder'])?.seats).toEqual(['fastlege', 'veileder']);
  });

  it("tells NAV's SVAR_BEHOV question as its own kind, other reminders as a frist", () => {
    expect(varselCause(event('timeline.reminder', { kind: 'SVAR_BEHOV' }, ['sykmeldt']), [])).toEqual({
      kind: 'motebehov_svar',
      thing: 'event:7',
      seats: ['sykmeldt'],
      threadId: null,
    });
    expect(varselCause(event('timeline.reminder', { kind: 'OVERDUE' }, ['veileder']), [])?.kind).toBe('frist');
  });

  it('tells a task to its owner only', () => {
    expect(
      varselCause(event('track.task_created', { eier: 'arbeidsgiver:974760673' }, ['veileder', 'arbeidsgiver:974760673']), [])?.seats,
    ).toEqual(['arbeidsgiver:974760673']);
  });
});

describe('varsel recipients', () => {
  const relations = [
    { role: 'sykmeldt' as const, partyId: 'syk-1' },
    { role: 'arbeidsgiver' as const, partyId: 'leder-1', orgnr: '974760673' },
    { role: 'veileder' as const, partyId: 'Z1' },
  ];
  it('resolves seats through active relations and leaves out the actor', () => {
    expect(varselRecipients(['sykmeldt', 'arbeidsgiver:974760673', 'veileder', 'fastlege'], relations, 'Z1')).toEqual([
      { personId: 'syk-1', role: 'sykmeldt', seat: 'sykmeldt' },
      { personId: 'leder-1', role: 'arbeidsgiver', seat: 'arbeidsgiver:974760673' },
    ]);
  });
});

describe('varsel texts', () => {
  it('name the count and the case, and differ only by kind', () => {
    for (const kind of VARSEL_KINDS)
      expect(varselText([kind], 1, 'din sykefraværsoppfølging', 'https://x/app/').body).toContain('din sykefraværsoppfølging');
    expect(varselText(['melding', 'oppgave'], 3, 'din sykefraværsoppfølging', 'https://x/app/').body).toContain('3 nye ting');
  });
});
