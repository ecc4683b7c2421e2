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
