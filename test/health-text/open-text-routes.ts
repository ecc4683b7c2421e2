/**
 * Every OpenAPI operation whose body carries free text (a string property with no enum, pattern or format) is named
 * here: either guarded, with the fields an arbeidsgiver seat may read, or with the reason no arbeidsgiver reads it.
 * health-text-guard.e2e-spec.ts fails when an operation is missing, so a new open-text route cannot skip the guard.
 */
export const GUARDED: Record<string, readonly string[]> = {
  'POST /cases/{caseId}/threads': ['subject'],
  'POST /cases/{caseId}/threads/{threadId}/messages': ['tekst'],
  'PATCH /cases/{caseId}/threads/{threadId}/messages/{messageId}': ['tekst'],
  'POST /cases/{caseId}/relations/{relationId}/end': ['reason'],
  'POST /cases/{caseId}/oppfolgingsplaner': ['arbeidsoppgaver', 'tilrettelegging', 'oppfolging'],
  'POST /cases/{caseId}/oppfolgingsplaner/{planId}/versjoner': ['arbeidsoppgaver', 'tilrettelegging', 'oppfolging'],
  'POST /cases/{caseId}/oppfolgingsplaner/{planId}/versjoner/{versjon}/kommentarer': ['tekst'],
  'POST /cases/{caseId}/dialogmoter/{moteId}/ferdigstill': ['situasjon', 'konklusjon', 'arbeidsgiverOppgave'],
  'PUT /cases/{caseId}/dialogmoter/{moteId}/referat': ['situasjon', 'konklusjon', 'arbeidsgiverOppgave'],
  'POST /cases/{caseId}/dialogmoter/{moteId}/svar': ['onske'],
  'POST /cases/{caseId}/tracks/{trackId}/tasks': ['tittel'],
};

/** Free text that no arbeidsgiver seat reads, or that is not prose (ids, places). */
export const NOT_GUARDED: Record<string, string> = {
  'POST /cases': 'ids of the sykmeldt and the enhet, no prose',
  'POST /cases/{caseId}/relations': "the party's id at the identity provider and the virksomhet's name, no prose",
  'POST /cases/{caseId}/handover': 'the overføringsnotat goes from veileder to veileder only',
  'POST /cases/{caseId}/dialogmoter': 'time and place of a møte, no prose about the person',
  'POST /cases/{caseId}/dialogmoter/{moteId}/nytt-tid-sted': 'time and place of a møte, no prose about the person',
  'POST /cases/{caseId}/dm2-unntak': 'the beskrivelse is never shown to the arbeidsgiver (DM2_UNNTAK_MAX_FIELDS)',
  'POST /cases/{caseId}/motebehov': "the sykmeldt's begrunnelse never reaches the arbeidsgiver; a leder's goes to its own virksomhet",
  'POST /cases/{caseId}/threads/{threadId}/dialogmeldinger':
    'dialogmeldinger go between NAV and the behandler; an arbeidsgiver never sees one',
  'POST /cases/{caseId}/threads/{threadId}/dialogmeldinger/{dialogmeldingId}/svar': 'dialogmeldinger go between NAV and the behandler',
  'POST /cases/{caseId}/threads/{threadId}/dialogmeldinger/{dialogmeldingId}/paminnelse':
    'dialogmeldinger go between NAV and the behandler',
  'POST /cases/{caseId}/threads/{threadId}/participants':
    "a seat, no prose (the thread's earlier text is not re-checked when a leder joins: see the README)",
  'PUT /cases/{caseId}/sluttdato': 'a date, no prose',
  'POST /cases/{caseId}/timeline/{key}/done':
    "the reason for a mark by hand is read by NAV and the sykmeldt only (abilities.ts 'MilestoneReason')",
};

/** The socket's writes of open text, checked by the same service as their REST twins. */
export const SOCKET_GUARDED = ['message.send'];
