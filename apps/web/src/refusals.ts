import { ApiError, describeError } from './api';

// The hub answers rule breaks in English (its one error shape, README "API"); the page says the rule in Norwegian.
// Known rules are matched on the constraint the hub names, or on its fixed message; anything else falls back to the
// general text for the error code, so an unknown refusal is still shown, never swallowed.

export const RULE_LEGE_LEDER = 'Når fastlegen og nærmeste leder er med i samme samtale, må den sykmeldte også være med.';

const BY_CONSTRAINT: Record<string, string> = {
  sykmeldtWhenLegeAndLeder: RULE_LEGE_LEDER,
  activeParty: 'Bare parter som er aktive i saken nå, kan være med i en samtale.',
  includesCreator: 'Du må selv være med i samtalen.',
  arrayMinSize: 'En samtale må ha minst to deltakere.',
};

const BY_MESSAGE: Record<string, string> = {
  'Already a participant': 'Parten er allerede med i samtalen.',
  'Only the veileder removes participants': 'Bare NAV-veilederen kan ta en part ut av en samtale.',
  'Only the author changes a message': 'Bare den som skrev meldingen, kan endre den eller trekke den tilbake.',
  'The message has been retracted': 'Meldingen er allerede trukket tilbake.',
  'A message keeps its text; retract it instead': 'En melding må ha tekst. Vil du fjerne den, trekk den tilbake.',
  'Nothing to change': 'Du har ikke endret noe.',
};

/** Norwegian text for a refusal, naming the rule the hub applied when the page knows it. */
export function describeRefusal(e: unknown): string {
  if (e instanceof ApiError) {
    for (const d of e.body.details ?? []) if (BY_CONSTRAINT[d.constraint]) return BY_CONSTRAINT[d.constraint];
    if (BY_MESSAGE[e.body.message]) return BY_MESSAGE[e.body.message];
  }
  return describeError(e);
}
