import { Alert, Button, Select, Textarea, TextField } from '@navikt/ds-react';
import { useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { roleOfSeat } from './format';
import type { SendMessageBody, Thread } from './types';
import { useApp } from './ui';

/** What the composer hands over to send: the hub's message body without its clientTxnId (socket message.send takes the same). */
export type Outgoing = Omit<SendMessageBody, 'clientTxnId' | 'tekst'> & { tekst: string };

/** The hub's limit for a message's text (README, API): longer is refused, so the page says so instead of cutting it. */
export const MAX_TEKST = 10_000;
const TYPING_SENT_EVERY_MS = 2500;

interface Errors {
  tekst?: string;
  kode?: string;
  diagnose?: string;
}

/** Writes a message in a thread; health fields only for roles that may write them. */
export function Composer(props: { caseId: string; thread: Thread; disabled: boolean; onSend: (o: Outgoing) => void }) {
  const ctx = useApp();
  const role = ctx.session.role;
  const [tekst, setTekst] = useState('');
  const [funksjonsevne, setFunksjonsevne] = useState('');
  const [kode, setKode] = useState('');
  const [system, setSystem] = useState<'ICPC-2' | 'ICD-10'>('ICPC-2');
  const [diagnose, setDiagnose] = useState('');
  const [vurdering, setVurdering] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const lastTyping = useRef(0);
  const form = useRef<HTMLFormElement>(null);
  const text = useRef<HTMLTextAreaElement>(null);
  const leaderReads = props.thread.participants.some((s) => roleOfSeat(s) === 'arbeidsgiver');

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    const next: Errors = {};
    if (!tekst.trim()) next.tekst = 'Skriv en melding før du sender. Bare mellomrom sendes ikke.';
    else if (tekst.trim().length > MAX_TEKST) next.tekst = `Meldingen kan ha høyst ${MAX_TEKST.toLocaleString('nb-NO')} tegn. Gjør den kortere eller del den i to.`;
    if (diagnose.trim() && !kode.trim()) next.kode = 'Skriv diagnosekoden, for eksempel L03.';
    else if (kode.trim() && !/^[A-Z][0-9A-Z.]{1,7}$/.test(kode.trim().toUpperCase())) next.kode = 'Diagnosekoden er en bokstav og ett til sju tegn, for eksempel L03.';
    if (kode.trim() && !diagnose.trim()) next.diagnose = 'Skriv diagnosen i tekst.';
    setErrors(next);
    if (next.tekst || next.kode || next.diagnose) return;
    const out: Outgoing = { tekst: tekst.trim() };
    if (funksjonsevne.trim()) out.funksjonsevne = funksjonsevne.trim();
    if (kode.trim() && diagnose.trim()) out.diagnose = [{ system, kode: kode.trim().toUpperCase(), tekst: diagnose.trim() }];
    if (vurdering.trim()) out.medisinskVurdering = vurdering.trim();
    setTekst('');
    setFunksjonsevne('');
    setKode('');
    setDiagnose('');
    setVurdering('');
    text.current?.focus();
    props.onSend(out);
  };
  const onKey = (ev: KeyboardEvent<HTMLTextAreaElement>) => {
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      form.current?.requestSubmit();
    }
  };
  const canHealth = role !== 'arbeidsgiver';
  // Only the fastlege writes diagnoses and medical assessments; the veileder reads them.
  const canMedical = role === 'fastlege';
  return (
    <form className="composer" aria-label="Skriv melding" onSubmit={submit} ref={form} noValidate>
      {role === 'fastlege' && leaderReads ? (
        <Alert variant="info" size="small" className="reaches-leader">
          Nærmeste leder er med i denne samtalen og leser meldingsteksten. Skriv helseopplysninger bare i feltene under «Helseopplysninger».
        </Alert>
      ) : null}
      <Textarea
        label="Ny melding"
        name="tekst"
        description="Ctrl+Enter sender."
        minRows={3}
        maxLength={MAX_TEKST}
        value={tekst}
        error={errors.tekst}
        disabled={props.disabled}
        ref={text}
        onKeyDown={onKey}
        onChange={(e) => {
          setTekst(e.target.value);
          if (Date.now() - lastTyping.current < TYPING_SENT_EVERY_MS) return;
          lastTyping.current = Date.now();
          ctx.live.typing(props.caseId, props.thread.id);
        }}
      />
      {canHealth ? (
        <details className="health-fields">
          <summary>Helseopplysninger</summary>
          <Textarea label="Funksjonsevne" name="funksjonsevne" description="Nærmeste leder ser dette bare når den sykmeldte har samtykket." minRows={2} maxLength={5000} value={funksjonsevne} onChange={(e) => setFunksjonsevne(e.target.value)} />
          {canMedical ? (
            <>
              <div className="row">
                <TextField label="Diagnosekode" name="diagnosekode" autoComplete="off" htmlSize={10} value={kode} error={errors.kode} onChange={(e) => setKode(e.target.value)} />
                <Select label="Kodeverk" name="kodeverk" value={system} onChange={(e) => setSystem(e.target.value === 'ICD-10' ? 'ICD-10' : 'ICPC-2')}>
                  <option value="ICPC-2">ICPC-2</option>
                  <option value="ICD-10">ICD-10</option>
                </Select>
              </div>
              <TextField label="Diagnose" name="diagnosetekst" description="Vises aldri for nærmeste leder." autoComplete="off" maxLength={500} value={diagnose} error={errors.diagnose} onChange={(e) => setDiagnose(e.target.value)} />
              <Textarea label="Medisinsk vurdering" name="medisinskVurdering" description="Vises aldri for nærmeste leder." minRows={2} maxLength={MAX_TEKST} value={vurdering} onChange={(e) => setVurdering(e.target.value)} />
            </>
          ) : null}
        </details>
      ) : null}
      <Button type="submit" disabled={props.disabled}>
        Send
      </Button>
    </form>
  );
}
