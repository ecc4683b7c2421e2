import type { Message, MessageVersion, Role } from '@hub/domain';
import type { AppAbility } from '../abilities';
import { type MessageView, seesVersion, toMessageView, visibleVersion } from './message.view';

export interface MessagePage {
  messages: MessageView[];
  /** Pass as `cursor` for the next page; null at the end. */
  nextCursor: number | null;
}

export interface MessageVersionView {
  version: number;
  createdAt: string;
  content: MessageView;
}

export interface SearchHit {
  caseId: string;
  message: MessageView;
}

/**
 * A message's stored versions as this audience sees them: versions whose changes it cannot see are not versions to it
 * (it sees the list it saw before them), and each is numbered by the versions it could tell apart.
 */
export function toMessageVersionViews(
  ability: AppAbility,
  role: Role,
  message: Message,
  versions: readonly MessageVersion[],
): MessageVersionView[] {
  return versions
    .filter((v) => seesVersion(ability, role, message, v.version))
    .map((v) => ({
      version: visibleVersion(ability, role, message, v.version),
      createdAt: v.createdAt.toISOString(),
      content: toMessageView(ability, role, {
        ...message,
        ...v,
        funksjonsevne: v.funksjonsevne,
        diagnose: v.diagnose,
        medisinskVurdering: v.medisinskVurdering,
      }),
    }));
}
