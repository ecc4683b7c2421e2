// The shapes the hub's public API sends (see /docs/openapi.json and the README). Every field a role may not see is
// absent, so almost everything is optional: the page shows what arrived and nothing else.
import type { components } from './api-types';

// What the page sends: the hub's request DTOs, generated from its OpenAPI document (apps/web/api-types.mjs), so a
// changed DTO breaks the page's type-check. Responses are written out below: most routes declare no response schema.
type Schemas = components['schemas'];
export type CreateThreadBody = Schemas['CreateThreadDto'];
export type SendMessageBody = Schemas['SendMessageDto'];
export type DraftPlanBody = Schemas['DraftPlanDto'];
export type EditPlanBody = Schemas['EditPlanDto'];
export type SharePlanBody = Schemas['SharePlanDto'];
export type SvarBody = Schemas['SvarDto'];

export type Role = 'sykmeldt' | 'arbeidsgiver' | 'fastlege' | 'veileder';
export const ROLES: readonly Role[] = ['sykmeldt', 'arbeidsgiver', 'fastlege', 'veileder'];
/** `sykmeldt`, `fastlege`, `veileder` or `arbeidsgiver:<orgnr>`. */
export type Seat = string;

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
  /** Seconds since the epoch, from the token. */
  exp: number;
}

export interface ErrorBody {
  error: string;
  message: string;
  details?: { field: string; constraint: string }[];
  /** health_text only: what looked like health information, as offsets into the author's own fields. */
  findings?: HealthFinding[];
  /** health_text only: the body field by which the author confirms the sykmeldt agreed. */
  confirmField?: string;
  /** rate_limited, unavailable, busy: how long to wait before sending the same request again. */
  retryAfterMs?: number;
}

export type HealthCategory = 'kode' | 'diagnose' | 'tilstand' | 'behandling' | 'legemiddel' | 'undersokelse';

export interface HealthFinding {
  field: string;
  category: HealthCategory;
  start: number;
  end: number;
}

export type Classification = 'open' | 'health' | 'medical';

/** A file as a message lists it (only those the caller's role may see). */
export interface AttachmentView {
  id: string;
  filename: string;
  mimeType: string;
  sizeBytes: number;
  classification: Classification;
}

/** An upload's answer: the file waits for the uploader's next message until expiresAt. */
export interface UploadedFile extends AttachmentView {
  expiresAt: string;
}

export interface CaseSummary {
  id: string;
  startDate?: string;
  enhet?: string | null;
  sykmeldtFnr?: string;
  sykmeldtId?: string;
  lastSeq?: number;
}

export interface Relation {
  id: string;
  role: Role;
  partyId: string;
  orgnr?: string;
  startedAt: string;
  endedAt: string | null;
}

export interface Consent {
  orgnr: string;
  scope: string;
  grantedAt: string;
  revokedAt: string | null;
}

export interface CaseDetail {
  case: CaseSummary;
  seats: Seat[];
  relations: Relation[];
  consents: Consent[];
}

export interface Thread {
  id: string;
  subject: string;
  participants: Seat[];
  createdAt: string;
}

export interface Diagnose {
  system: string;
  kode: string;
  tekst: string;
}

export interface Message {
  id?: string;
  threadId?: string;
  seq?: number;
  senderId?: string;
  senderRole?: Role;
  sentAt?: string;
  version?: number;
  editedAt?: string | null;
  redacted?: boolean;
  clientTxnId?: string;
  tekst?: string;
  funksjonsevne?: string | null;
  diagnose?: Diagnose[] | null;
  medisinskVurdering?: string | null;
  attachments?: AttachmentView[];
}

export interface MessagePage {
  messages: Message[];
  nextCursor: number | null;
}

export interface ReadMarker {
  seat: Seat;
  upToSeq: number;
  at: string;
}

export interface CaseEvent {
  seq: number;
  type: string;
  at: string;
  threadId?: string;
  message?: Message;
  data?: Record<string, string | number | boolean | null | string[]>;
}

export interface Milestone {
  key: string;
  week: number;
  dueAt: string;
  mustAct: Role[];
  status: string;
  overdue: boolean;
  doneAt: string | null;
}

export interface Timeline {
  forsteSykedag: string;
  uke: number;
  milestones: Milestone[];
}

export interface Task {
  id: string;
  trackId: string;
  trackKind: string;
  tittel: string;
  eier: Seat;
  egen: boolean;
  frist: string;
  status: string;
  overdue: boolean;
  traadId?: string;
}

export interface Track {
  id: string;
  kind: string;
  createdAt: string;
  tasks: Task[];
}

export interface Dialogmelding {
  id: string;
  threadId: string;
  messageId: string;
  direction: 'UT' | 'INN';
  kind: string;
  tekst?: string;
  status: string;
  createdAt: string;
  sentAt: string | null;
  besvartAt: string | null;
  ubesvart: boolean;
  paminnelseSentAt: string | null;
}

export interface PlanVersjon {
  versjon: number;
  arbeidsoppgaver: string;
  tilrettelegging: string;
  oppfolging: string;
  evalueringsdato: string;
  lagetAv: Role;
  lagetAt: string;
  godkjentAv: { role: Role; at?: string }[];
  godkjent: boolean;
}

export interface Oppfolgingsplan {
  id: string;
  orgnr: string;
  createdAt: string;
  status: string;
  gjeldendeVersjon: number | null;
  versjoner: PlanVersjon[];
  kommentarer: { versjon: number; tekst: string; role?: Role; at?: string }[];
  delinger: { versjon: number; mottaker: string; at?: string }[];
}

export interface AuditEntry {
  id: number;
  at: string;
  actorId: string;
  actorRole: Role;
  action: string;
  subjectType: string;
  subjectIds: string[];
  decision: string;
  channel: string;
}
