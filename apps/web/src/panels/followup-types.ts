// The follow-up shapes the hub's views send (libs/access/src/views) and the bodies the panels post. Every field a role
// may not see is absent, so the views' fields are optional: the panels show what arrived and nothing else.
import type { components } from '../api-types';
import type { Role } from '../types';

type Schemas = components['schemas'];
export type ConveneBody = Schemas['ConveneDialogmoteDto'];
export type NyttTidStedBody = Schemas['NyttTidStedDto'];
export type GiveSvarBody = Schemas['GiveSvarDto'];
export type ReferatBody = Schemas['ReferatDto'];
export type Dm2UnntakBody = Schemas['Dm2UnntakDto'];
export type MotebehovBody = Schemas['SubmitMotebehovDto'];
export type AddTaskBody = Schemas['AddTaskDto'];
export type TaskStatusBody = Schemas['ChangeTaskStatusDto'];
export type CreateTrackBody = Schemas['CreateTrackDto'];
export type HandoverBody = Schemas['HandoverDto'];
export type StartDialogmeldingBody = Schemas['StartDialogmeldingDto'];
export type PaminnelseBody = Schemas['PaminnelseDto'];
export type CommentPlanBody = Schemas['CommentPlanDto'];

export type SvarType = GiveSvarBody['svar'];
export type MoteKind = ConveneBody['kind'];

export interface MoteSvar {
  role: Role;
  type?: SvarType;
  at?: string;
  onske?: string;
}

export interface Referat {
  situasjon?: string;
  konklusjon?: string;
  arbeidstakerOppgave?: string;
  arbeidsgiverOppgave?: string;
  veilederOppgave?: string;
  behandlerOppgave?: string;
  skrevetAt?: string;
}

export interface Dialogmote {
  id?: string;
  kind?: MoteKind;
  status?: 'INNKALT' | 'NYTT_TID_STED' | 'FERDIGSTILT' | 'AVLYST' | 'LUKKET';
  innkaltAv?: Role;
  deltakere?: Role[];
  orgnr?: string;
  tid?: string;
  sted?: string;
  videoLink?: string | null;
  svar?: MoteSvar[];
  referat?: Referat | null;
  maksNyttTidOnsker?: number | null;
  nyttTidOnsker?: Partial<Record<Role, number>>;
  fastlegeUbesvartAt?: string | null;
}

export interface Motebehov {
  id?: string;
  skjemaType?: MotebehovBody['skjemaType'];
  innmelder?: Role;
  harMotebehov?: boolean;
  begrunnelse?: string | null;
  onskerSykmelderDeltar?: boolean;
  onskerTolk?: boolean;
  tolkSprak?: string | null;
  createdAt?: string;
  behandletAt?: string | null;
  behandletAv?: string | null;
}

export interface MotebehovOversikt {
  svarBehov: { opensAt: string; closesAt: string; open: boolean };
  motebehov: Motebehov[];
}

export interface Dm2Unntak {
  arsak?: Dm2UnntakBody['arsak'];
  beskrivelse?: string;
  by?: string;
  at?: string;
}

export interface HandoverSummary {
  overforingsnotat: string | null;
  fraVeileder: string | null;
  tilVeileder: string | null;
  at: string | null;
  tasks: { id: string; tittel: string; eier: string; frist: string; status: string; overdue: boolean }[];
  unansweredRequests: { id: string; tittel: string; mottaker: Role; sentAt: string; ventetDager: number }[];
}
