import { Alert, BodyShort, Button, Heading, Textarea } from '@navikt/ds-react';
import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { components } from './api-types';
import { MAX_TEKST } from './composer';
import { formatDateTime } from './format';
import { healthFindings, HealthTextWarning } from './health-text';
import { describeRefusal } from './refusals';
import type { HealthFinding, Message } from './types';
import { ErrorLine, useApp } from './ui';
import './message-tools.css';

// Issue 16, "everyone": a party edits and retracts its own messages and reads a message's earlier versions. The hub
// masks each version for the caller's role (an arbeidsgiver never gets a version's medical fields, nor learns of an
// edit of fields it does not see); the page shows what it got and nothing else.

type EditMessageBody = components['schemas']['EditMessageDto'];

/** One stored version as the hub sends it to this role (GET …/messages/:id/versions). */
export interface MessageVersion {
  version: number;
  createdAt: string;
  content: Message;
}

function messagePath(caseId: string, threadId: string, messageId: string): string {
  return `/cases/${caseId}/threads/${threadId}/messages/${messageId}`;
}

/**
 * "redigert" on an edited message, a button that opens its versions as this role may see them, newest first. The
 * versions are fetched when opened (and again when the message changes), never before: most readers never ask.
 */
export function MessageVersions(props: { caseId: string; threadId: string; message: Message }) {
  const { api } = useApp();
  const m = props.message;
  const [open, setOpen] = useState(false);
  const [versions, setVersions] = useState<MessageVersion[]>();
  const [error, setError] = useState<string>();
  const id = useId();
  useEffect(() => {
    if (!open || !m.id) return;
    let alive = true;
    api.get<MessageVersion[]>(`${messagePath(props.caseId, props.threadId, m.id)}/versions`).then(
      (v) => alive && (setVersions(v), setError(undefined)),
      (e: unknown) => alive && setError(describeRefusal(e)),
    );
    return () => {
      alive = false;
    };
  }, [open, api, props.caseId, props.threadId, m.id, m.version]);
  const earlier = (versions ?? []).filter((v) => v.version !== m.version).sort((a, b) => b.version - a.version);
  return (
    <div className="edited">
      <Button
        type="button"
        size="xsmall"
        variant="tertiary"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        {`redigert ${formatDateTime(m.editedAt)}`}
        <span className="sr-only">{open ? ' – skjul tidligere versjoner' : ' – vis tidligere versjoner'}</span>
      </Button>
      {open ? (
        <section className="versions" id={id} aria-label="Tidligere versjoner">
          <ErrorLine text={error} />
          {!versions && !error ? <BodyShort size="small">Henter versjonene …</BodyShort> : null}
          {versions && earlier.length === 0 ? <BodyShort size="small">Ingen tidligere versjoner å vise.</BodyShort> : null}
          <ol>
            {earlier.map((v) => (
              <li key={v.version} data-version={v.version}>
                <BodyShort size="small" className="version-meta">{`Versjon ${v.version}, ${formatDateTime(v.createdAt)}`}</BodyShort>
                <p className="version-text">{v.content.tekst ?? ''}</p>
                <MessageFields m={v.content} />
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}

/** The health and medical fields of a message or a version, those present in what the hub sent. */
export function MessageFields(props: { m: Message }) {
  const { m } = props;
  const diagnose = m.diagnose ?? [];
  if (!m.funksjonsevne && diagnose.length === 0 && !m.medisinskVurdering) return null;
  return (
    <dl className="fields">
      {m.funksjonsevne ? (
        <div className="health">
          <dt>Funksjonsevne</dt>
          <dd>{m.funksjonsevne}</dd>
        </div>
      ) : null}
      {diagnose.length > 0 ? (
        <div className="medical">
          <dt>Diagnose</dt>
          {diagnose.map((d, i) => (
            <dd key={i}>{`${d.kode} ${d.tekst} (${d.system})`}</dd>
          ))}
        </div>
      ) : null}
      {m.medisinskVurdering ? (
        <div className="medical">
          <dt>Medisinsk vurdering</dt>
          <dd>{m.medisinskVurdering}</dd>
        </div>
      ) : null}
    </dl>
  );
}

/**
 * The author's own message: edit its text (the earlier text stays as a version) or retract it after a confirmation
 * (a tombstone stays; the content and every version are deleted). `onChanged` takes the hub's answer at once; the
 * socket's message.edited / message.redacted brings the same to the others.
 */
export function OwnMessageActions(props: { caseId: string; threadId: string; message: Message; onChanged: (m: Message) => void }) {
  const ctx = useApp();
  const m = props.message;
  const [mode, setMode] = useState<'idle' | 'edit' | 'retract'>('idle');
  const [tekst, setTekst] = useState(m.tekst ?? '');
  const [invalid, setInvalid] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<{ tekst: string; findings: HealthFinding[] }>();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const editRef = useRef<HTMLTextAreaElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const path = m.id ? messagePath(props.caseId, props.threadId, m.id) : '';
  // Focus follows the action: into the form or onto the confirmation, and back to "Rediger" when it closes.
  const refocus = useRef(false);
  useEffect(() => {
    if (mode === 'retract') confirmRef.current?.focus();
    if (mode === 'edit') editRef.current?.focus();
    if (mode === 'idle' && refocus.current) opener.current?.focus();
    refocus.current = false;
  }, [mode]);

  const close = () => {
    refocus.current = true;
    setMode('idle');
    setError(undefined);
    setInvalid(undefined);
    setRefused(undefined);
  };
  const run = async (action: () => Promise<Message>, done: string) => {
    setBusy(true);
    setError(undefined);
    try {
      const view = await action();
      props.onChanged(view);
      ctx.announce(done);
      refocus.current = mode === 'edit';
      setMode('idle');
      setRefused(undefined);
    } catch (e) {
      const findings = healthFindings(e);
      if (findings && mode === 'edit') setRefused({ tekst: tekst.trim(), findings });
      else setError(describeRefusal(e));
    } finally {
      setBusy(false);
    }
  };
  const save = (body: EditMessageBody) => run(() => ctx.api.patch<Message>(path, body), 'Meldingen er endret.');
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    const next = tekst.trim();
    if (!next) return setInvalid('Skriv en tekst. Vil du fjerne meldingen, trekk den tilbake.');
    if (next.length > MAX_TEKST) return setInvalid(`Meldingen kan ha høyst ${MAX_TEKST.toLocaleString('nb-NO')} tegn.`);
    if (next === (m.tekst ?? '')) return setInvalid('Du har ikke endret teksten.');
    setInvalid(undefined);
    setRefused(undefined);
    void save({ tekst: next });
  };

  if (mode === 'edit')
    return (
      <form className="message-edit" onSubmit={submit} noValidate>
        <Textarea
          label="Endre meldingen"
          description="Den forrige teksten blir liggende som en tidligere versjon som de andre i samtalen kan se."
          size="small"
          minRows={2}
          maxLength={MAX_TEKST}
          value={tekst}
          error={invalid}
          ref={editRef}
          onChange={(e) => (setTekst(e.target.value), setRefused(undefined))}
        />
        {refused ? (
          <HealthTextWarning
            role={ctx.session.role}
            texts={{ tekst: refused.tekst }}
            findings={refused.findings}
            onConfirm={() => void save({ tekst: refused.tekst, helseopplysningerBekreftet: true })}
          />
        ) : null}
        <ErrorLine text={error} />
        <div className="buttons">
          <Button type="submit" size="small" loading={busy}>
            Lagre endringen
          </Button>
          <Button type="button" size="small" variant="secondary" onClick={close}>
            Avbryt
          </Button>
        </div>
      </form>
    );
  if (mode === 'retract')
    return (
      <Alert variant="warning" size="small" className="message-retract">
        <Heading level="3" size="xsmall" spacing>
          Trekke tilbake meldingen?
        </Heading>
        <BodyShort size="small" spacing>
          Teksten, vedleggene og alle tidligere versjoner slettes. De andre i samtalen ser at en melding er trukket tilbake.
        </BodyShort>
        <ErrorLine text={error} />
        <div className="buttons">
          <Button
            type="button"
            size="small"
            variant="danger"
            loading={busy}
            ref={confirmRef}
            onClick={() => void run(() => ctx.api.delete<Message>(path), 'Meldingen er trukket tilbake.')}
          >
            Ja, trekk tilbake
          </Button>
          <Button type="button" size="small" variant="secondary" onClick={close}>
            Avbryt
          </Button>
        </div>
      </Alert>
    );
  return (
    <div className="message-actions">
      <Button type="button" size="xsmall" variant="tertiary" ref={opener} onClick={() => (setTekst(m.tekst ?? ''), setMode('edit'))}>
        Rediger
      </Button>
      <Button type="button" size="xsmall" variant="tertiary" onClick={() => setMode('retract')}>
        Trekk tilbake
      </Button>
    </div>
  );
}
