/** When the case's content is deleted, for the sykmeldt and the veileder (abilities.ts `Retention`). */
export interface RetentionView {
  forsteSykedag: string;
  /** The last sick day, when the veileder has set it. */
  sluttdato: string | null;
  /** The instant the sykepengeår ends (exclusive). */
  sykepengeaarSlutt: string;
  /** From this instant the case and its content are deleted; the audit log stays, without personal content. */
  slettes: string;
}

export function toRetentionView(forsteSykedag: string, sluttdato: string | undefined, ends: Date, deletes: Date): RetentionView {
  return { forsteSykedag, sluttdato: sluttdato ?? null, sykepengeaarSlutt: ends.toISOString(), slettes: deletes.toISOString() };
}
