import type { MessageContent } from '@hub/domain';
import { Invalid } from '@hub/domain';
import type { AppAbility } from './abilities';
import type { MessageField } from './fields';
import { ATTACHMENT_FIELD } from './fields';
import { tagged } from './views/permitted';

/** The message fields a piece of content sets, in the access vocabulary. */
export function writtenFields(c: Partial<MessageContent>): MessageField[] {
  const fields: MessageField[] = [];
  if (c.tekst !== undefined) fields.push('tekst');
  if (c.funksjonsevne !== undefined) fields.push('funksjonsevne');
  if (c.diagnose !== undefined) fields.push('diagnose');
  if (c.medisinskVurdering !== undefined) fields.push('medisinskVurdering');
  for (const a of c.attachments ?? []) fields.push(ATTACHMENT_FIELD[a.classification]);
  return [...new Set(fields)];
}

/** Refuses, naming the field, content the actor's role may not write (create or update). */
export function assertMayWrite(ability: AppAbility, action: 'create' | 'update', target: object, content: Partial<MessageContent>): void {
  const subj = tagged('Message', target);
  for (const field of writtenFields(content)) {
    if (!ability.can(action, subj, field)) {
      const name = field.endsWith('Attachments') ? 'attachments' : field;
      throw new Invalid(name, 'notWritableByRole', `Your role may not write ${name}`);
    }
  }
}
