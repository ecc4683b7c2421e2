import type { ForcedSubject, MongoAbility, MongoQuery } from '@casl/ability';
import { AbilityBuilder, createMongoAbility } from '@casl/ability';
import type { Role, Seat, TrackKind } from '@hub/domain';
import { roleOfSeat, orgnrOfSeat } from '@hub/domain';
import type { CaseAccess } from './case-access';
import { hasConsent, threadIdsOf } from './case-access';
import { rememberCaseAccess } from './names';
import type { MessageField } from './fields';
import {
  CASE_FIELDS,
  DIALOGMELDING_FIELDS,
  DIALOGMELDING_MAX_FIELDS,
  DIALOGMOTE_MAX_FIELDS,
  DIALOGMOTE_SVAR_CODE_FIELDS,
  DIALOGMOTE_SVAR_FIELDS,
  DM2_UNNTAK_MAX_FIELDS,
  HEALTH_MESSAGE_FIELDS,
  MESSAGE_FIELDS,
  MOTEBEHOV_MAX_FIELDS,
  MOTEBEHOV_OF_SYKMELDT_TO_ARBEIDSGIVER,
  PLAN_MAX_FIELDS,
  REFERAT_MAX_FIELDS,
} from './fields';

export type Action = 'read' | 'create' | 'update' | 'manage';
export type SubjectName =
  | 'Case'
  | 'Relation'
  | 'PartyName'
  | 'Consent'
  | 'Thread'
  | 'Message'
  | 'Event'
  | 'AuditEntry'
  | 'ReadMarker'
  | 'Milestone'
  | 'MilestoneReason'
  | 'Track'
  | 'TrackTask'
  | 'HandoverSummary'
  | 'Retention'
  | 'Oppfolgingsplan'
  | 'PlanVersjon'
  | 'PlanDeling'
  | 'Dialogmote'
  | 'DialogmoteSvar'
  | 'Referat'
  | 'Dm2Unntak'
  | 'Motebehov'
  | 'Dialogmelding';
/** Subjects are plain records tagged with their name (`subject('Message', m)`), so conditions can name any field. */
type Tagged = { [K in SubjectName]: Record<string, unknown> & ForcedSubject<K> }[SubjectName];
export type Subject = Tagged;
type Subjects = SubjectName | Tagged;
export type AppAbility = MongoAbility<[Action, Subjects], MongoQuery>;

const OPEN_MESSAGE_FIELDS: MessageField[] = [
  'id',
  'threadId',
  'seq',
  'senderRole',
  'sentAt',
  'version',
  'editedAt',
  'redactedAt',
  'tekst',
  'openAttachments',
];
const CLINICAL_MESSAGE_FIELDS: MessageField[] = MESSAGE_FIELDS.filter((f) => f !== 'clientTxnId');

/**
 * Which message fields a role may write. Classified fields are written by those who may know them: medical
 * content only by the fastlege (and the veileder, who relays NAV's medical assessments); the arbeidsgiver
 * writes only open content.
 */
const WRITABLE: Record<Role, readonly MessageField[]> = {
  fastlege: ['tekst', 'openAttachments', 'funksjonsevne', 'healthAttachments', 'diagnose', 'medisinskVurdering', 'medicalAttachments'],
  veileder: ['tekst', 'openAttachments', 'funksjonsevne', 'healthAttachments', 'diagnose', 'medisinskVurdering', 'medicalAttachments'],
  sykmeldt: ['tekst', 'openAttachments', 'funksjonsevne', 'healthAttachments'],
  arbeidsgiver: ['tekst', 'openAttachments'],
};

/**
 * The parallelle løp about work that the arbeidsgiver takes part in. MEDISINSK_BEHANDLING is medical and AAP_VURDERING
 * rests on the medical assessment, so the arbeidsgiver never learns of those tracks or their tasks (DOMAIN.md, taushetsplikt).
 */
export const ARBEIDSGIVER_TRACK_KINDS: readonly TrackKind[] = ['RETUR_ARBEID', 'TILTAK'];

/**
 * Every access rule of the hub, as grants (deny by default). `seats` are the places the caller holds in the
 * case (or, for a fan-out audience, the one seat rendered for); `actorId` adds what only the person may do
 * with their own messages. Relations, consents and thread membership come live from `access`.
 */
export function defineAbility(seats: readonly Seat[], access: CaseAccess, actorId?: string): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  const caseId = access.case.id;
  for (const seat of seats) {
    const threadIds = threadIdsOf(seat, access);
    const inMyThreads = { caseId, threadId: { $in: threadIds } };
    // Events outside threads name the seats they concern.
    can('read', 'Event', inMyThreads);
    can('read', 'Event', { caseId, threadId: null, audience: seat });
    can('read', 'Thread', { caseId, participants: seat });
    can('create', 'Thread', { caseId });
    can('create', 'Message', [...WRITABLE[roleOfSeat(seat)]], inMyThreads);
    can('read', 'ReadMarker', inMyThreads);
    can('create', 'ReadMarker', inMyThreads);
    if (actorId !== undefined) {
      can('update', 'Message', [...WRITABLE[roleOfSeat(seat)]], { ...inMyThreads, senderId: actorId });
      can('read', 'Message', ['clientTxnId'], { ...inMyThreads, senderId: actorId });
    }

    const role = roleOfSeat(seat);
    switch (role) {
      case 'sykmeldt':
        // Oppfølgingsplan, dialogmøter, møtebehov (issue 7): the case is about them, so every version, møte and svar.
        can('read', 'Oppfolgingsplan', [...PLAN_MAX_FIELDS.sykmeldt], { caseId });
        can('update', 'Oppfolgingsplan', { caseId });
        can('read', 'PlanVersjon', { caseId });
        can('read', 'Dialogmote', [...DIALOGMOTE_MAX_FIELDS.sykmeldt], { caseId, deltakere: 'sykmeldt' });
        can('read', 'DialogmoteSvar', [...DIALOGMOTE_SVAR_FIELDS], { caseId, deltakere: 'sykmeldt' });
        can('create', 'DialogmoteSvar', { caseId, deltakere: 'sykmeldt', role: 'sykmeldt' });
        can('read', 'Referat', [...REFERAT_MAX_FIELDS.sykmeldt], { caseId, deltakere: 'sykmeldt' });
        can('read', 'Dm2Unntak', [...DM2_UNNTAK_MAX_FIELDS.sykmeldt], { caseId });
        can('read', 'Motebehov', [...MOTEBEHOV_MAX_FIELDS.sykmeldt], { caseId });
        can('create', 'Motebehov', { caseId, innmelder: 'sykmeldt' });
        can('read', 'Case', [...CASE_FIELDS], { id: caseId });
        can('read', 'Message', CLINICAL_MESSAGE_FIELDS, inMyThreads);
        can('read', 'Relation', { caseId });
        // The case is about them: they know who every party is.
        can('read', 'PartyName', { caseId });
        can('manage', 'Consent', { caseId });
        can('read', 'AuditEntry', { caseId });
        // Dialogmeldinger about them in their threads (issue 6), without the MsgHead export.
        can('read', 'Dialogmelding', [...DIALOGMELDING_MAX_FIELDS.sykmeldt], inMyThreads);
        // The case is about them: every milestone that concerns them, every track and task, and when it is deleted.
        can('read', 'Milestone', { caseId, concerns: 'sykmeldt' });
        can('read', 'MilestoneReason', { caseId });
        can('read', 'Track', { caseId });
        can('read', 'TrackTask', { caseId });
        can('update', 'TrackTask', { caseId, eier: seat });
        can('read', 'Retention', { caseId });
        break;
      case 'fastlege': {
        // Only plan versions the arbeidsgiver shared with the sykmelder; møter it is invited to; no møtebehov, no unntak.
        can('read', 'Oppfolgingsplan', [...PLAN_MAX_FIELDS.fastlege], { caseId, deltMed: 'fastlege' });
        can('read', 'PlanVersjon', { caseId, deltMed: 'fastlege' });
        const legeMoter = { caseId, deltakere: 'fastlege' };
        can('read', 'Dialogmote', [...DIALOGMOTE_MAX_FIELDS.fastlege], legeMoter);
        can('read', 'DialogmoteSvar', [...DIALOGMOTE_SVAR_CODE_FIELDS], legeMoter);
        can('read', 'DialogmoteSvar', ['onske'], { ...legeMoter, role: 'fastlege' });
        can('create', 'DialogmoteSvar', { ...legeMoter, role: 'fastlege' });
        can('read', 'Referat', [...REFERAT_MAX_FIELDS.fastlege], legeMoter);
        can('read', 'Case', [...CASE_FIELDS], { id: caseId });
        can('read', 'Message', CLINICAL_MESSAGE_FIELDS, inMyThreads);
        can('read', 'Relation', { caseId, role: { $in: ['sykmeldt', 'fastlege', 'veileder'] } });
        // Its patient, NAV's veileder and itself; not the nærmeste leder (no fastlege–employer channel, DOMAIN.md seeds/002).
        can('read', 'PartyName', { caseId, role: { $in: ['sykmeldt', 'fastlege', 'veileder'] } });
        // The fastlege writes the lege → NAV dialogmeldinger (svar, henvendelse) and exports either direction (issue 6).
        can('read', 'Dialogmelding', [...DIALOGMELDING_FIELDS], inMyThreads);
        can('create', 'Dialogmelding', { ...inMyThreads, direction: 'INN' });
        can('read', 'Milestone', { caseId, concerns: 'fastlege' });
        // The behandler's own løp, and the tasks it owns in the others.
        can('read', 'Track', { caseId, kind: 'MEDISINSK_BEHANDLING' });
        can('read', 'TrackTask', { caseId, trackKind: 'MEDISINSK_BEHANDLING' });
        can('read', 'TrackTask', { caseId, eier: seat });
        can('update', 'TrackTask', { caseId, eier: seat });
        break;
      }
      case 'veileder': {
        // NAV sees plan versions shared with NAV, convenes DM2/DM3, records DM2 unntak and handles møtebehov.
        can('read', 'Oppfolgingsplan', [...PLAN_MAX_FIELDS.veileder], { caseId, deltMed: 'nav' });
        can('read', 'PlanVersjon', { caseId, deltMed: 'nav' });
        const navMoter = { caseId, deltakere: 'veileder' };
        can('read', 'Dialogmote', [...DIALOGMOTE_MAX_FIELDS.veileder], navMoter);
        can('create', 'Dialogmote', { caseId, kind: { $in: ['DM2', 'DM3'] } });
        can('update', 'Dialogmote', { ...navMoter, innkaltAv: 'veileder' });
        can('read', 'DialogmoteSvar', [...DIALOGMOTE_SVAR_CODE_FIELDS], navMoter);
        can('read', 'DialogmoteSvar', ['onske'], { ...navMoter, role: 'veileder' });
        can('read', 'DialogmoteSvar', ['onske'], { ...navMoter, innkaltAv: 'veileder' });
        can('create', 'DialogmoteSvar', { ...navMoter, role: 'veileder' });
        can('read', 'Referat', [...REFERAT_MAX_FIELDS.veileder], navMoter);
        can('read', 'Dm2Unntak', [...DM2_UNNTAK_MAX_FIELDS.veileder], { caseId });
        can('create', 'Dm2Unntak', { caseId });
        can('read', 'Motebehov', [...MOTEBEHOV_MAX_FIELDS.veileder], { caseId });
        can('update', 'Motebehov', { caseId });
        can('read', 'Case', [...CASE_FIELDS], { id: caseId });
        can('manage', 'Case', { id: caseId });
        can('read', 'Message', CLINICAL_MESSAGE_FIELDS, inMyThreads);
        can('read', 'Relation', { caseId });
        can('read', 'PartyName', { caseId });
        can('manage', 'Relation', { caseId });
        can('read', 'Consent', { caseId });
        // NAV writes the NAV → lege dialogmeldinger (forespørsel, påminnelse, notat) and exports either direction (issue 6).
        can('read', 'Dialogmelding', [...DIALOGMELDING_FIELDS], inMyThreads);
        can('create', 'Dialogmelding', { ...inMyThreads, direction: 'UT' });
        can('read', 'Milestone', { caseId, concerns: 'veileder' });
        // A veileder's reason for marking a milestone by hand is free text: it stays between NAV and the sykmeldt.
        can('read', 'MilestoneReason', { caseId });
        can('update', 'Milestone', { caseId });
        // The veileder runs the parallelle løp (DOMAIN.md) and the handover; only NAV sets the sluttdato.
        can('manage', 'Track', { caseId });
        can('manage', 'TrackTask', { caseId });
        can('read', 'HandoverSummary', { caseId });
        can('manage', 'Retention', { caseId });
        break;
      }
      case 'arbeidsgiver': {
        const orgnr = orgnrOfSeat(seat)!;
        // Its own virksomhet's plan (every version) and møter; the wish text of a svar only as convener or writer.
        can('read', 'Oppfolgingsplan', [...PLAN_MAX_FIELDS.arbeidsgiver], { caseId, orgnr });
        can('create', 'Oppfolgingsplan', { caseId, orgnr });
        can('update', 'Oppfolgingsplan', { caseId, orgnr });
        can('read', 'PlanVersjon', { caseId, orgnr });
        can('create', 'PlanDeling', { caseId, orgnr });
        const lederMoter = { caseId, orgnr, deltakere: 'arbeidsgiver' };
        can('read', 'Dialogmote', [...DIALOGMOTE_MAX_FIELDS.arbeidsgiver], lederMoter);
        can('create', 'Dialogmote', { caseId, orgnr, kind: 'DM1' });
        can('update', 'Dialogmote', { ...lederMoter, innkaltAv: 'arbeidsgiver' });
        can('read', 'DialogmoteSvar', [...DIALOGMOTE_SVAR_CODE_FIELDS], lederMoter);
        can('read', 'DialogmoteSvar', ['onske'], { ...lederMoter, role: 'arbeidsgiver' });
        can('read', 'DialogmoteSvar', ['onske'], { ...lederMoter, innkaltAv: 'arbeidsgiver' });
        can('create', 'DialogmoteSvar', { ...lederMoter, role: 'arbeidsgiver' });
        can('read', 'Referat', [...REFERAT_MAX_FIELDS.arbeidsgiver], lederMoter);
        can('read', 'Dm2Unntak', [...DM2_UNNTAK_MAX_FIELDS.arbeidsgiver], { caseId });
        // Its own møtebehov whole; of the sykmeldt's only that one was given and its answer, never the begrunnelse.
        can('read', 'Motebehov', [...MOTEBEHOV_MAX_FIELDS.arbeidsgiver], { caseId, innmelder: 'arbeidsgiver', orgnr });
        can('read', 'Motebehov', [...MOTEBEHOV_OF_SYKMELDT_TO_ARBEIDSGIVER], { caseId, innmelder: 'sykmeldt' });
        can('create', 'Motebehov', { caseId, innmelder: 'arbeidsgiver', orgnr });
        can('read', 'Case', ['id', 'startDate', 'sykmeldtId', 'lastSeq'], { id: caseId });
        can('read', 'Message', OPEN_MESSAGE_FIELDS, inMyThreads);
        // Health information the sykmeldt controls, only while their consent for this virksomhet stands.
        if (hasConsent(access, orgnr, 'funksjonsevne')) can('read', 'Message', [...HEALTH_MESSAGE_FIELDS], inMyThreads);
        can('read', 'Relation', { caseId, role: 'arbeidsgiver', orgnr });
        can('read', 'Relation', { caseId, role: { $in: ['sykmeldt', 'veileder'] } });
        // The sykmeldt's and NAV's veileder's names and its own; never the fastlege's (who treats the employee is
        // health information) nor another virksomhet's leder.
        can('read', 'PartyName', { caseId, role: 'arbeidsgiver', orgnr });
        can('read', 'PartyName', { caseId, role: { $in: ['sykmeldt', 'veileder'] } });
        can('read', 'Consent', { caseId, orgnr });
        can('read', 'Milestone', { caseId, concerns: 'arbeidsgiver' });
        // Only the work-related løp, and in them its own virksomhet's tasks and the sykmeldt's and veileder's, never
        // the behandler's nor another virksomhet's.
        can('read', 'Track', { caseId, kind: { $in: [...ARBEIDSGIVER_TRACK_KINDS] } });
        can('read', 'TrackTask', {
          caseId,
          trackKind: { $in: [...ARBEIDSGIVER_TRACK_KINDS] },
          eier: { $in: [seat, 'sykmeldt', 'veileder'] },
        });
        can('update', 'TrackTask', { caseId, trackKind: { $in: [...ARBEIDSGIVER_TRACK_KINDS] }, eier: seat });
        break;
      }
      default: {
        const never: never = role;
        throw new Error(`Unknown role ${String(never)}`);
      }
    }
  }
  const ability = build();
  rememberCaseAccess(ability, access);
  return ability;
}

/** Opening a case is not done inside one, so it has no seat: a veileder opens cases for their sykmeldte. */
export function mayOpenCase(role: Role): boolean {
  return role === 'veileder';
}
