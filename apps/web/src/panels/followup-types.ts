// The follow-up shapes the hub's views send (libs/access/src/views) and the bodies the panels post, generated from the
// hub's OpenAPI document (../api-types.ts). Every field a role may not see is absent, so the views' fields are optional:
// the panels show what arrived and nothing else.
import type { components } from '../api-types';

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

export type MoteSvar = Schemas['DialogmoteSvarView'];
export type Referat = Schemas['ReferatDelView'];
export type Dialogmote = Schemas['DialogmoteView'];
export type Motebehov = Schemas['MotebehovView'];
export type MotebehovOversikt = Schemas['MotebehovOversikt'];
export type Dm2Unntak = Schemas['UnntakView'];
export type HandoverSummary = Schemas['HandoverSummaryView'];
