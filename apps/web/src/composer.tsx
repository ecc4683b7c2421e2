import { Alert, BodyShort, Button, Select, Textarea, TextField } from '@navikt/ds-react';
import { useRef, useState } from 'react';
import type { DragEvent, FormEvent, KeyboardEvent } from 'react';
import { randomId } from './api';
import { AttachmentPicker, useAttachments } from './attachments';
import { roleOfSeat } from './format';
import { HealthTextWarning, splitFindings } from './health-text';
import type { HealthFinding, SendMessageBody, Thread, UploadedFile } from './types';
import { useApp } from './ui';

/** What the composer hands over to send: the hub's message body without its clientTxnId (socket message.send takes the same). */
export type Outgoing = Omit<SendMessageBody, 'clientTxnId' | 'tekst'> & { tekst: string };

/** Sends; resolves with the findings when the hub refused the text as health information (nothing was stored). */
export type SendFn = (o: Outgoing, clientTxnId: string) => Promise<HealthFinding[] | undefined>;

/** A send the guard refused: what was sent, under which clientTxnId, with its files, and what was found. */
interface Refused {
  clientTxnId: string;
  payload: Outgoing;
  files: UploadedFile[];
  findings: HealthFinding[];
}

/** The hub's limit for a message's text (README, API): longer is refused, so the page says so instead of cutting it. */
export const MAX_TEKST = 10_000;
const TYPING_SENT_EVERY_MS = 2500;

interface Errors {
  files?: string;
  tekst?: string;
  kode?: string;
  diagnose?: string;
}

/** Writes a message in a thread; health fields only for roles that may write them. */
export function Composer(props: { caseId: string; thread: Thread; disabled: boolean; onSend: SendFn }) {
  const ctx = useApp();
  const role = ctx.session.role;
  const [tekst, setTekst] = useState('');
  const [funksjonsevne, setFunksjonsevne] = useState('');
  const [kode, setKode] = useState('');
  const [system, setSystem] = useState<'ICPC-2' | 'ICD-10'>('ICPC-2');
  const [diagnose, setDiagnose] = useState('');
  const [vurdering, setVurdering] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [refused, setRefused] = useState<Refused>();
  const [note, setNote] = useState('');
  const att = useAttachments(props.caseId, props.thread.id);
  const [dragging, setDragging] = useState(false);
  const health = useRef<HTMLDetailsElement>(null);
  const moveTarget = useRef<HTMLTextAreaElement>(null);
  const lastTyping = useRef(0);
  const form = useRef<HTMLFormElement>(null);
  const text = useRef<HTMLTextAreaElement>(null);
  const leaderReads = props.thread.participants.some((s) => roleOfSeat(s) === 'arbeidsgiver');

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    const next: Errors = {};
    if (!tekst.trim()) next.tekst = 'Skriv en melding før du sender. Bare mellomrom sendes ikke.';
    else if (tekst.trim().length > MAX_TEKST)
      next.tekst = `Meldingen kan ha høyst ${MAX_TEKST.toLocaleString('nb-NO')} tegn. Gjør den kortere eller del den i to.`;
    if (diagnose.trim() && !kode.trim()) next.kode = 'Skriv diagnosekoden, for eksempel L03.';
    else if (kode.trim() && !/^[A-Z][0-9A-Z.]{1,7}$/.test(kode.trim().toUpperCase()))
      next.kode = 'Diagnosekoden er en bokstav og ett til sju tegn, for eksempel L03.';
    if (kode.trim() && !diagnose.trim()) next.diagnose = 'Skriv diagnosen i tekst.';
    if (att.items.some((x) => x.status === 'uploading')) next.files = 'Vent til vedleggene er lastet opp.';
    else if (att.items.some((x) => x.status === 'error')) next.files = 'Fjern vedleggene som ikke kunne lastes opp.';
    setErrors(next);
    if (next.tekst || next.kode || next.diagnose || next.files) return;
    const files = att.items.flatMap((x) => (x.uploaded ? [x.uploaded] : []));
    const out: Outgoing = { tekst: tekst.trim() };
    if (funksjonsevne.trim()) out.funksjonsevne = funksjonsevne.trim();
    if (kode.trim() && diagnose.trim()) out.diagnose = [{ system, kode: kode.trim().toUpperCase(), tekst: diagnose.trim() }];
    if (vurdering.trim()) out.medisinskVurdering = vurdering.trim();
    if (files.length) out.attachments = files.map((f) => ({ fileId: f.id }));
    // The confirmation resends the refused write itself: same body, same clientTxnId.
    const same = refused && JSON.stringify(refused.payload) === JSON.stringify(out);
    void send(out, same ? refused.clientTxnId : randomId(), files);
  };

  const send = async (out: Outgoing, clientTxnId: string, files: UploadedFile[]) => {
    setRefused(undefined);
    setNote('');
    setTekst('');
    setFunksjonsevne('');
    setKode('');
    setDiagnose('');
    setVurdering('');
    att.clear();
    text.current?.focus();
    const findings = await props.onSend(out, clientTxnId);
    if (!findings) return;
    // Refused before anything was stored: the draft comes back as it was, with the warning.
    setTekst(out.tekst);
    setFunksjonsevne(out.funksjonsevne ?? '');
    const d = out.diagnose?.[0];
    setKode(d?.kode ?? '');
    setDiagnose(d?.tekst ?? '');
    if (d) setSystem(d.system === 'ICD-10' ? 'ICD-10' : 'ICPC-2');
    setVurdering(out.medisinskVurdering ?? '');
    att.restore(files);
    setRefused({ clientTxnId, payload: out, files, findings });
  };

  // The fastlege moves what was found to the medical assessment, which the leader never reads; the veileder writes
  // no medical fields in the page, so to funksjonsevne, which the leader reads only with the sykmeldt's consent.
  const target =
    role === 'fastlege'
      ? { name: 'Medisinsk vurdering', value: vurdering, set: setVurdering }
      : { name: 'Funksjonsevne', value: funksjonsevne, set: setFunksjonsevne };
  const move = () => {
    if (!refused) return;
    const { kept, moved } = splitFindings(
      tekst,
      refused.findings.filter((f) => f.field === 'tekst'),
    );
    target.set(target.value.trim() ? `${target.value.trim()}\n\n${moved}` : moved);
    setTekst(kept);
    setRefused(undefined);
    setNote(
      `Flyttet til «${target.name}» under Helseopplysninger.${kept ? ' Se over og send.' : ' Skriv en melding til alle før du sender.'}`,
    );
    if (health.current) health.current.open = true;
    setTimeout(() => (kept ? moveTarget.current : text.current)?.focus(), 0);
  };
  const confirm = () => {
    if (!refused) return;
    void send({ ...refused.payload, helseopplysningerBekreftet: true }, refused.clientTxnId, refused.files);
  };
  const onDrop = (ev: DragEvent<HTMLFormElement>) => {
    if (!ev.dataTransfer.types.includes('Files')) return;
    ev.preventDefault();
    setDragging(false);
    if (!props.disabled) att.add([...ev.dataTransfer.files]);
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
    <form
      className={`composer${dragging ? ' dragging' : ''}`}
      aria-label="Skriv melding"
      onSubmit={submit}
      ref={form}
      noValidate
      onDragOver={(ev) => {
        if (!ev.dataTransfer.types.includes('Files')) return;
        ev.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(ev) => ev.currentTarget.contains(ev.relatedTarget as Node | null) || setDragging(false)}
      onDrop={onDrop}
    >
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
          // The findings' offsets belong to the refused text; a changed text is checked again when sent.
          setRefused(undefined);
          if (Date.now() - lastTyping.current < TYPING_SENT_EVERY_MS) return;
          lastTyping.current = Date.now();
          ctx.live.typing(props.caseId, props.thread.id);
        }}
      />
      {refused ? (
        <HealthTextWarning
          role={role}
          texts={{ tekst: refused.payload.tekst }}
          findings={refused.findings}
          move={
            role === 'fastlege' || role === 'veileder'
              ? {
                  label: 'Flytt til Helseopplysninger',
                  description:
                    role === 'fastlege'
                      ? 'Setningene flyttes til «Medisinsk vurdering», som nærmeste leder aldri ser.'
                      : 'Setningene flyttes til «Funksjonsevne», som nærmeste leder ser bare når den sykmeldte har samtykket.',
                  onMove: move,
                }
              : undefined
          }
          onConfirm={confirm}
        />
      ) : null}
      <BodyShort size="small" className="composer-note" role="status">
        {note}
      </BodyShort>
      {canHealth ? (
        <details className="health-fields" ref={health}>
          <summary>Helseopplysninger</summary>
          <Textarea
            label="Funksjonsevne"
            name="funksjonsevne"
            ref={role === 'fastlege' ? undefined : moveTarget}
            description="Nærmeste leder ser dette bare når den sykmeldte har samtykket."
            minRows={2}
            maxLength={5000}
            value={funksjonsevne}
            onChange={(e) => setFunksjonsevne(e.target.value)}
          />
          {canMedical ? (
            <>
              <div className="row">
                <TextField
                  label="Diagnosekode"
                  name="diagnosekode"
                  autoComplete="off"
                  htmlSize={10}
                  value={kode}
                  error={errors.kode}
                  onChange={(e) => setKode(e.target.value)}
                />
                <Select
                  label="Kodeverk"
                  name="kodeverk"
                  value={system}
                  onChange={(e) => setSystem(e.target.value === 'ICD-10' ? 'ICD-10' : 'ICPC-2')}
                >
                  <option value="ICPC-2">ICPC-2</option>
                  <option value="ICD-10">ICD-10</option>
                </Select>
              </div>
              <TextField
                label="Diagnose"
                name="diagnosetekst"
                description="Vises aldri for nærmeste leder."
                autoComplete="off"
                maxLength={500}
                value={diagnose}
                error={errors.diagnose}
                onChange={(e) => setDiagnose(e.target.value)}
              />
              <Textarea
                label="Medisinsk vurdering"
                name="medisinskVurdering"
                ref={moveTarget}
                description="Vises aldri for nærmeste leder."
                minRows={2}
                maxLength={MAX_TEKST}
                value={vurdering}
                onChange={(e) => setVurdering(e.target.value)}
              />
            </>
          ) : null}
        </details>
      ) : null}
      <AttachmentPicker att={att} disabled={props.disabled} />
      {errors.files ? (
        <BodyShort size="small" className="error" role="alert">
          {errors.files}
        </BodyShort>
      ) : null}
      <Button type="submit" disabled={props.disabled}>
        Send
      </Button>
    </form>
  );
}
