// The shapes the hub's public API sends and takes, generated from its OpenAPI document (GET /docs/openapi.json) into
// api-types.ts by apps/web/api-types.mjs: a changed route or view breaks the page's type-check. Every field a role may
// not see is absent, so most view fields are optional: the page shows what arrived and nothing else. Only the page's
// own state (sign-in, configuration, seats) is written out here.
import type { components } from './api-types';

type Schemas = components['schemas'];

// What the page sends.
export type CreateThreadBody = Schemas['CreateThreadDto'];
export type SendMessageBody = Schemas['SendMessageDto'];
export type DraftPlanBody = Schemas['DraftPlanDto'];
export type EditPlanBody = Schemas['EditPlanDto'];
export type SharePlanBody = Schemas['SharePlanDto'];
export type SvarBody = Schemas['SvarDto'];

// What the hub answers.
export type Role = Schemas['RelationView']['role'];
export type Classification = Schemas['AttachmentView']['classification'];
export type AttachmentView = Schemas['AttachmentView'];
/** An upload's answer: the file waits for the uploader's next message until expiresAt. */
export type UploadedFile = Schemas['UploadedFileView'];
export type CaseSummary = Schemas['CaseView'];
/** One row of GET /cases: the case with the caller's own next deadline and overdue tasks. */
export type CaseListEntry = Schemas['CaseListEntryView'];
export type NextDeadline = NonNullable<CaseListEntry['nextDeadline']>;
export type Relation = Schemas['RelationView'];
export type Consent = Schemas['ConsentView'];
export type CaseDetail = Schemas['CaseDetailView'];
export type Thread = Schemas['ThreadView'];
export type Diagnose = Schemas['Diagnose'];
export type Message = Schemas['MessageView'];
export type MessagePage = Schemas['MessagePage'];
export type ReadMarker = Schemas['ReadMarkerView'];
export type CaseEvent = Schemas['EventView'];
export type Milestone = Schemas['MilestoneView'];
export type Timeline = Schemas['TimelineView'];
export type Task = Schemas['TaskView'];
export type Track = Schemas['TrackView'];
export type Dialogmelding = Schemas['DialogmeldingView'];
export type PlanVersjon = Schemas['PlanVersjonView'];
export type Oppfolgingsplan = Schemas['OppfolgingsplanView'];
export type AuditEntry = Schemas['AuditEntryView'];
export type VarselCounts = Schemas['VarselCounts'];
export type DevToken = Schemas['DevToken'];
export type HealthFinding = Schemas['HealthTextFinding'];
export type HealthCategory = HealthFinding['category'];
/** The hub's one error shape; `unknown` when an answer was not in it (a proxy's page, a network error). */
export type ErrorBody = Omit<Schemas['ErrorBody'], 'error'> & { error: Schemas['ErrorBody']['error'] | 'unknown' };

export const ROLES: readonly Role[] = ['sykmeldt', 'arbeidsgiver', 'fastlege', 'veileder'];
/** `sykmeldt`, `fastlege`, `veileder` or `arbeidsgiver:<orgnr>`. */
export type Seat = string;

/** The page's own configuration (GET /app/config.json, served by the hub with the page). */
export interface PageConfig {
  devIssuer: boolean;
  oidc: { clientId: string; discoveryUrl: string; scope: string } | null;
  roleClaim: string;
  foresporselDeadlineHours: number;
}

export interface Session {
  token: string;
  role: Role;
  sub: string;
  /** The token's `name` claim, for the page header only. */
  name?: string;
  /** Seconds since the epoch, from the token. */
  exp: number;
}
