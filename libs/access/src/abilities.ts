import { AbilityBuilder, createMongoAbility, ForcedSubject, MongoAbility, MongoQuery } from '@casl/ability';
import { Role, Seat, roleOfSeat, orgnrOfSeat } from '@hub/domain';
import { CaseAccess, hasConsent, threadIdsOf } from './case-access';
import { CASE_FIELDS, HEALTH_MESSAGE_FIELDS, MESSAGE_FIELDS, MessageField } from './fields';

export type Action = 'read' | 'create' | 'update' | 'manage';
export type SubjectName = 'Case' | 'Relation' | 'Consent' | 'Thread' | 'Message' | 'Event' | 'AuditEntry' | 'ReadMarker';
/** Subjects are plain records tagged with their name (`subject('Message', m)`), so conditions can name any field. */
type Tagged = { [K in SubjectName]: Record<string, unknown> & ForcedSubject<K> }[SubjectName];
export type Subject = Tagged;
type Subjects = SubjectName | Tagged;
export type AppAbility = MongoAbility<[Action, Subjects], MongoQuery>;

const OPEN_MESSAGE_FIELDS: MessageField[] = ['id', 'threadId', 'seq', 'senderRole', 'sentAt', 'version', 'editedAt', 'redactedAt', 'tekst', 'openAttachments'];
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
        can('read', 'Case', [...CASE_FIELDS], { id: caseId });
        can('read', 'Message', CLINICAL_MESSAGE_FIELDS, inMyThreads);
        can('read', 'Relation', { caseId });
        can('manage', 'Consent', { caseId });
        can('read', 'AuditEntry', { caseId });
        break;
      case 'fastlege':
        can('read', 'Case', [...CASE_FIELDS], { id: caseId });
        can('read', 'Message', CLINICAL_MESSAGE_FIELDS, inMyThreads);
        can('read', 'Relation', { caseId, role: { $in: ['sykmeldt', 'fastlege', 'veileder'] } });
        break;
      case 'veileder':
        can('read', 'Case', [...CASE_FIELDS], { id: caseId });
        can('manage', 'Case', { id: caseId });
        can('read', 'Message', CLINICAL_MESSAGE_FIELDS, inMyThreads);
        can('read', 'Relation', { caseId });
        can('manage', 'Relation', { caseId });
        can('read', 'Consent', { caseId });
        break;
      case 'arbeidsgiver': {
        const orgnr = orgnrOfSeat(seat)!;
        can('read', 'Case', ['id', 'startDate', 'sykmeldtId', 'lastSeq'], { id: caseId });
        can('read', 'Message', OPEN_MESSAGE_FIELDS, inMyThreads);
        // Health information the sykmeldt controls, only while their consent for this virksomhet stands.
        if (hasConsent(access, orgnr, 'funksjonsevne')) can('read', 'Message', [...HEALTH_MESSAGE_FIELDS], inMyThreads);
        can('read', 'Relation', { caseId, role: 'arbeidsgiver', orgnr });
        can('read', 'Relation', { caseId, role: { $in: ['sykmeldt', 'veileder'] } });
        can('read', 'Consent', { caseId, orgnr });
        break;
      }
      default: {
        const never: never = role;
        throw new Error(`Unknown role ${String(never)}`);
      }
    }
  }
  return build();
}

/** Opening a case is not done inside one, so it has no seat: a veileder opens cases for their sykmeldte. */
export function mayOpenCase(role: Role): boolean {
  return role === 'veileder';
}
