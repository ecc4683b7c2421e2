import { Conflict, Forbidden, Invalid } from '../errors';
import type { Actor, Role } from '../roles';
import { requireDate } from '../followup/dates';
import { optionalText, requireText } from '../followup/text-rules';
import type { DialogmoteStatus, StatusChange } from './dialogmote-status';
import { changeStatus, DIALOGMOTE_OPEN_STATUSES } from './dialogmote-status';
import type { DialogmoteSvar } from './dialogmote-svar';
import type { Referat } from './referat';

export type DialogmoteKind = 'DM1' | 'DM2' | 'DM3';

export interface TidSted {
  tid: Date;
  sted: string;
  videoLink?: string;
}

export interface Dialogmote {
  id: string;
  kind: DialogmoteKind;
  status: DialogmoteStatus;
  innkaltAv: Role;
  /** Roles taking part; the convener is one of them. One arbeidsgiver: a møte is with one virksomhet. */
  deltakere: readonly Role[];
  tidSted: TidSted;
  /** The latest svar per invited participant; cleared when the time or place changes. */
  svar: Partial<Record<Role, DialogmoteSvar>>;
  referat?: Referat;
  /** Set by the convener: requests for a new time each party may make; past it the convener decides (issue 21). */
  maksNyttTidOnsker?: number;
  /** Requests for a new time made per party over the møte's life (a new time clears svar, not these). */
  nyttTidOnsker?: Partial<Record<Role, number>>;
  /** When the convener was told the fastlege had not answered in time; cleared by a new time. */
  fastlegeUbesvartAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

// DM1: the arbeidsgiver convenes (arbeidsmiljøloven § 4-6 (3)); DM2 and DM3: NAV convenes (ftrl § 8-7a).
const CONVENERS: Record<DialogmoteKind, readonly Role[]> = {
  DM1: ['arbeidsgiver'],
  DM2: ['veileder'],
  DM3: ['veileder'],
};

// The sykmeldt and arbeidsgiver are in every møte; NAV in those it convenes. The fastlege joins on request.
const REQUIRED_DELTAKERE: Record<DialogmoteKind, readonly Role[]> = {
  DM1: ['sykmeldt', 'arbeidsgiver'],
  DM2: ['sykmeldt', 'arbeidsgiver', 'veileder'],
  DM3: ['sykmeldt', 'arbeidsgiver', 'veileder'],
};

export const STED_MAX = 200;
export const MAKS_NYTT_TID_ONSKER_MAX = 10;
export const VIDEO_LINK_MAX = 500;

export function mayConvene(kind: DialogmoteKind, role: Role): boolean {
  return CONVENERS[kind].includes(role);
}

/** The convening party is the one that may move time and place, cancel, or hold the møte. */
export function mayManage(mote: Dialogmote, role: Role): boolean {
  return mayConvene(mote.kind, role);
}

function validTidSted(tidSted: TidSted, at: Date): TidSted {
  requireDate('tid', tidSted.tid);
  if (tidSted.tid.getTime() <= at.getTime()) throw new Invalid('tid', 'future');
  const videoLink = optionalText('videoLink', tidSted.videoLink, VIDEO_LINK_MAX);
  return { tid: tidSted.tid, sted: requireText('sted', tidSted.sted, STED_MAX), ...(videoLink ? { videoLink } : {}) };
}

export interface ConveneInput {
  id: string;
  kind: DialogmoteKind;
  deltakere: readonly Role[];
  tidSted: TidSted;
  maksNyttTidOnsker?: number;
}

/** A new møte in INNKALT, convened only by the role the law names for its kind (403 otherwise), in the future. */
export function conveneDialogmote(input: ConveneInput, by: Actor, at: Date): Dialogmote {
  if (!mayConvene(input.kind, by.role)) throw new Forbidden(`${by.role} does not convene ${input.kind}`);
  const deltakere = [...new Set([...input.deltakere, by.role])];
  for (const role of REQUIRED_DELTAKERE[input.kind]) {
    if (!deltakere.includes(role)) throw new Invalid('deltakere', 'required');
  }
  const maks = input.maksNyttTidOnsker;
  if (maks !== undefined && (!Number.isInteger(maks) || maks < 0 || maks > MAKS_NYTT_TID_ONSKER_MAX))
    throw new Invalid('maksNyttTidOnsker', 'range');
  return {
    id: input.id,
    kind: input.kind,
    status: 'INNKALT',
    innkaltAv: by.role,
    deltakere,
    tidSted: validTidSted(input.tidSted, at),
    svar: {},
    ...(maks !== undefined ? { maksNyttTidOnsker: maks } : {}),
    nyttTidOnsker: {},
    createdAt: at,
    updatedAt: at,
  };
}

/** New time and place: moves to NYTT_TID_STED and clears every svar, since each answered the old time. */
export function nyttTidSted(mote: Dialogmote, tidSted: TidSted, by: Actor, at: Date): [Dialogmote, StatusChange] {
  if (!mayManage(mote, by.role)) throw new Forbidden();
  const valid = validTidSted(tidSted, at);
  const [moved, change] = changeStatus(mote, 'NYTT_TID_STED', by.sub, at);
  return [{ ...moved, tidSted: valid, svar: {}, fastlegeUbesvartAt: undefined }, change];
}

/** Cancels a møte that is still to be held (AVLYST); the status table refuses the rest. */
export function avlys(mote: Dialogmote, by: Actor, at: Date): [Dialogmote, StatusChange] {
  if (!mayManage(mote, by.role)) throw new Forbidden();
  return changeStatus(mote, 'AVLYST', by.sub, at);
}

export function isDialogmoteOpen(mote: Dialogmote): boolean {
  return DIALOGMOTE_OPEN_STATUSES.includes(mote.status);
}

/**
 * Whether `role` may still ask for a new time: without a limit always; with one, until it has asked that many times.
 * Past it the convener decides the time (issue 21: fewer rounds of "another time").
 */
export function mayAskNyttTid(mote: Dialogmote, role: Role): boolean {
  return mote.maksNyttTidOnsker === undefined || (mote.nyttTidOnsker?.[role] ?? 0) < mote.maksNyttTidOnsker;
}

/** Refuses, as a Conflict, anything but an open møte (used for svar). */
export function requireDialogmoteOpen(mote: Dialogmote): void {
  if (!isDialogmoteOpen(mote)) throw new Conflict(`Dialogmøte is ${mote.status}`);
}
