/**
 * One sick-leave case as the follow-up rules see it (NAV's word: oppfølgingstilfelle). Both are calendar days
 * (00:00 UTC, see `requireDateOnly`); `sluttdato` is the last sick day, inclusive, like NAV's tilfelle `tom`.
 */
export interface Oppfolgingstilfelle {
  forsteSykedag: Date;
  sluttdato?: Date;
}
