/**
 * Every operation in the OpenAPI document must be named here: either checked by a masking spec (so a new route
 * cannot leak medical content to the arbeidsgiver unnoticed), or listed as carrying no case content at all.
 * route-coverage.e2e-spec.ts fails when an operation is missing.
 */
export const NO_CASE_CONTENT = [
  'GET /health/live',
  'GET /health',
  'GET /health/ready',
  'GET /dev-issuer/.well-known/jwks.json',
  'POST /dev-issuer/token',
];

/** Checked by case-conversations.e2e-spec.ts. */
export const CASE_CONVERSATION_ROUTES = [
  'POST /cases',
  'GET /cases',
  'GET /cases/{caseId}',
  'POST /cases/{caseId}/relations',
  'POST /cases/{caseId}/relations/{relationId}/end',
  'POST /cases/{caseId}/handover',
  'PUT /cases/{caseId}/consents/{orgnr}/{scope}',
  'DELETE /cases/{caseId}/consents/{orgnr}/{scope}',
  'POST /cases/{caseId}/threads',
  'GET /cases/{caseId}/threads',
  'GET /cases/{caseId}/threads/{threadId}',
  'POST /cases/{caseId}/threads/{threadId}/participants',
  'DELETE /cases/{caseId}/threads/{threadId}/participants/{seat}',
  'POST /cases/{caseId}/threads/{threadId}/messages',
  'GET /cases/{caseId}/threads/{threadId}/messages',
  'PATCH /cases/{caseId}/threads/{threadId}/messages/{messageId}',
  'DELETE /cases/{caseId}/threads/{threadId}/messages/{messageId}',
  'GET /cases/{caseId}/threads/{threadId}/messages/{messageId}/versions',
  'POST /cases/{caseId}/threads/{threadId}/read-markers',
  'GET /cases/{caseId}/threads/{threadId}/read-markers',
  'GET /cases/{caseId}/events',
  'GET /cases/{caseId}/search',
  'GET /search',
  'GET /cases/{caseId}/audit',
  'GET /operator/audit.cef',
];

/** Checked by followup-plan-mote.e2e-spec.ts. */
export const PLAN_MOTE_ROUTES = [
  'POST /cases/{caseId}/oppfolgingsplaner',
  'GET /cases/{caseId}/oppfolgingsplaner',
  'GET /cases/{caseId}/oppfolgingsplaner/{planId}',
  'POST /cases/{caseId}/oppfolgingsplaner/{planId}/versjoner',
  'POST /cases/{caseId}/oppfolgingsplaner/{planId}/versjoner/{versjon}/kommentarer',
  'POST /cases/{caseId}/oppfolgingsplaner/{planId}/versjoner/{versjon}/godkjenning',
  'POST /cases/{caseId}/oppfolgingsplaner/{planId}/versjoner/{versjon}/deling',
  'POST /cases/{caseId}/dialogmoter',
  'GET /cases/{caseId}/dialogmoter',
  'GET /cases/{caseId}/dialogmoter/{moteId}',
  'POST /cases/{caseId}/dialogmoter/{moteId}/svar',
  'POST /cases/{caseId}/dialogmoter/{moteId}/nytt-tid-sted',
  'POST /cases/{caseId}/dialogmoter/{moteId}/avlys',
  'POST /cases/{caseId}/dialogmoter/{moteId}/ferdigstill',
  'PUT /cases/{caseId}/dialogmoter/{moteId}/referat',
  'POST /cases/{caseId}/dialogmoter/{moteId}/lukk',
  'POST /cases/{caseId}/dm2-unntak',
  'GET /cases/{caseId}/dm2-unntak',
  'POST /cases/{caseId}/motebehov',
  'GET /cases/{caseId}/motebehov',
  'GET /cases/{caseId}/motebehov/{motebehovId}',
  'POST /cases/{caseId}/motebehov/{motebehovId}/behandlet',
];

/** Checked by followup-tracks.e2e-spec.ts. */
export const TIMELINE_TRACKS_ROUTES = [
  'GET /cases/{caseId}/timeline',
  'POST /cases/{caseId}/timeline/{key}/done',
  'DELETE /cases/{caseId}/timeline/{key}/done',
  'GET /cases/{caseId}/tracks',
  'POST /cases/{caseId}/tracks',
  'POST /cases/{caseId}/tracks/{trackId}/tasks',
  'PUT /cases/{caseId}/tracks/{trackId}/tasks/{taskId}/status',
  'GET /cases/{caseId}/handover-summary',
  'GET /cases/{caseId}/retention',
  'PUT /cases/{caseId}/sluttdato',
];

/** Checked by dialogmelding.e2e-spec.ts (the gateway routes answer a party's token with 404). */
export const DIALOGMELDING_ROUTES = [
  'POST /cases/{caseId}/threads/{threadId}/dialogmeldinger',
  'GET /cases/{caseId}/threads/{threadId}/dialogmeldinger',
  'GET /cases/{caseId}/threads/{threadId}/dialogmeldinger/{dialogmeldingId}',
  'GET /cases/{caseId}/threads/{threadId}/dialogmeldinger/{dialogmeldingId}/xml',
  'POST /cases/{caseId}/threads/{threadId}/dialogmeldinger/{dialogmeldingId}/svar',
  'POST /cases/{caseId}/threads/{threadId}/dialogmeldinger/{dialogmeldingId}/paminnelse',
  'POST /dialogmelding/inbound',
  'GET /dialogmelding/outbox',
  'POST /dialogmelding/outbox/{msgId}/published',
];

/** Checked by varsler.e2e-spec.ts (settings and counts carry no case content; operator routes answer a party with 404). */
export const VARSEL_ROUTES = [
  'GET /me/varsel-innstillinger',
  'PUT /me/varsel-innstillinger',
  'GET /me/varsler',
  'GET /operator/varsler/dead',
  'POST /operator/varsler/dead/{deliveryId}/retry',
];

/** Checked by files.e2e-spec.ts. */
export const FILE_ROUTES = ['POST /cases/{caseId}/threads/{threadId}/files', 'GET /cases/{caseId}/threads/{threadId}/files/{fileId}'];
