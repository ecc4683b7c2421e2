import { BodyShort, Button, Select, Tag, Textarea } from '@navikt/ds-react';
import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { randomId } from '../api';
import { formatDateTime, label } from '../format';
import type { Dialogmelding, SvarBody, Thread } from '../types';
import type { PaminnelseBody, StartDialogmeldingBody } from './followup-types';
import { ErrorLine, Panel, useAction, useApp, useLoad } from '../ui';

interface Open {
  thread: Thread;
  d: Dialogmelding;
  /** The fastlege's svar to it, when one came. */
  svar?: Dialogmelding;
}

const STATUS_LABEL: Record<string, string> = { BESTILT: 'Bestilt', SENDT: 'Sendt', OK: 'Mottatt av legekontoret', AVVIST: 'Avvist' };

/**
 * Forespørsler from NAV to the fastlege with their svarfrist. The fastlege answers in place; the veileder follows
 * their status. The frist is the hub's FORESPORSEL_DEADLINE_HOURS after sending, as its ubesvart rule counts it.
 */
export function ForesporslerPanel(props: { caseId: string; threads: Thread[]; refresh: number }) {
  const { api, session } = useApp();
  const threadIds = props.threads.map((t) => t.id).join(',');
  const { data, error, reload } = useLoad(async () => {
    const lists = await Promise.all(
      props.threads.map(async (thread) =>
        (await api.get<Dialogmelding[]>(`/cases/${props.caseId}/threads/${thread.id}/dialogmeldinger`)).map((d) => ({ thread, d })),
      ),
    );
    const all = lists.flat();
    return all
      .filter((o) => o.d.kind === 'FORESPORSEL' && o.d.direction === 'UT')
      .map((o) => ({
        ...o,
        svar: all.find((x) => x.d.direction === 'INN' && (x.d as Dialogmelding & { parentId?: string | null }).parentId === o.d.id)?.d,
      }));
  }, `${props.refresh} ${threadIds}`);
  const all = data ?? [];
  const open = all.filter((o) => !o.d.besvartAt && o.d.status !== 'AVVIST');
  const closed = all.filter((o) => !open.includes(o));
  const answered = closed.length;
  return (
    <Panel name="foresporsler" title={session.role === 'fastlege' ? 'Forespørsler fra NAV' : 'Forespørsler til fastlegen'} error={error}>
      {data && open.length === 0 ? <BodyShort className="muted">Ingen åpne forespørsler.</BodyShort> : null}
      {open.length > 0 ? (
        <ul className="foresporsler">
          {open.map((o) => (
            <Item key={o.d.id} caseId={props.caseId} open={o} onAnswered={reload} />
          ))}
        </ul>
      ) : null}
      {answered > 0 ? <BodyShort className="muted">{`${answered} besvart${answered === 1 ? '' : 'e'}.`}</BodyShort> : null}
      {session.role === 'veileder' && closed.length > 0 ? (
        <details>
          <summary>Besvarte forespørsler</summary>
          <ul className="foresporsler">
            {closed.map((o) => (
              <li key={o.d.id} className="foresporsel" data-dialogmelding={o.d.id}>
                <BodyShort size="small" className="meta">{`I «${o.thread.subject}», ${label(STATUS_LABEL, o.d.status)}`}</BodyShort>
                <BodyShort className="text">{o.d.tekst ?? ''}</BodyShort>
                {o.svar ? (
                  <BodyShort className="svar-text">{`Svar ${formatDateTime(o.svar.createdAt)}: ${o.svar.tekst ?? ''}`}</BodyShort>
                ) : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {session.role === 'veileder' ? <NewForesporsel caseId={props.caseId} threads={props.threads} onSent={reload} /> : null}
    </Panel>
  );
}

function Item(props: { caseId: string; open: Open; onAnswered: () => void }) {
  const { api, config, session } = useApp();
  const { thread, d } = props.open;
  const [svar, setSvar] = useState('');
  const [invalid, setInvalid] = useState<string>();
  // One clientTxnId per answer, kept across retries so a repeated send stores one svar.
  const txn = useRef(randomId());
  const { busy, error, run } = useAction();
  const sent = d.sentAt ?? d.createdAt;
  const frist = sent ? new Date(new Date(sent).getTime() + config.foresporselDeadlineHours * 3_600_000).toISOString() : undefined;
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!svar.trim()) return setInvalid('Skriv svaret før du sender.');
    setInvalid(undefined);
    const body: SvarBody = { clientTxnId: txn.current, tekst: svar.trim() };
    const ok = await run(
      () => api.post(`/cases/${props.caseId}/threads/${thread.id}/dialogmeldinger/${d.id}/svar`, body),
      'Svaret er sendt.',
    );
    if (ok) props.onAnswered();
  };
  return (
    <li className={`foresporsel${d.ubesvart ? ' overdue' : ''}`} data-dialogmelding={d.id}>
      <BodyShort size="small" className="meta">{`I «${thread.subject}», sendt ${formatDateTime(sent)}`}</BodyShort>
      <BodyShort className="text">{d.tekst ?? ''}</BodyShort>
      <BodyShort size="small" className="deadline">
        {`Svarfrist ${formatDateTime(frist)} `}
        {d.ubesvart ? (
          <Tag variant="moderate" data-color="danger" size="xsmall">
            Fristen er passert
          </Tag>
        ) : null}
      </BodyShort>
      {session.role === 'veileder' ? (
        <BodyShort size="small" className="muted">{`Status: ${label(STATUS_LABEL, d.status)}`}</BodyShort>
      ) : null}
      {d.paminnelseSentAt ? (
        <BodyShort size="small" className="muted">{`Påminnelse sendt ${formatDateTime(d.paminnelseSentAt)}`}</BodyShort>
      ) : null}
      {session.role === 'veileder' && d.ubesvart && !d.paminnelseSentAt ? (
        <Paminnelse caseId={props.caseId} open={props.open} onSent={props.onAnswered} />
      ) : null}
      {session.role === 'fastlege' ? (
        <form className="svar" onSubmit={(ev) => void submit(ev)} noValidate>
          <Textarea
            label="Ditt svar"
            name="svar"
            minRows={3}
            maxLength={10_000}
            value={svar}
            error={invalid}
            onChange={(e) => setSvar(e.target.value)}
          />
          <ErrorLine text={error && `Svaret ble ikke sendt: ${error}`} />
          <Button type="submit" size="small" loading={busy}>
            Send svar
          </Button>
        </form>
      ) : null}
    </li>
  );
}

/** NAV reminds the fastlege once of a forespørsel past its svarfrist (8129 kode 2). */
function Paminnelse(props: { caseId: string; open: Open; onSent: () => void }) {
  const { api } = useApp();
  const txn = useRef(randomId());
  const { busy, error, run } = useAction();
  const { thread, d } = props.open;
  const send = async () => {
    const body: PaminnelseBody = { clientTxnId: txn.current };
    if (
      await run(
        () => api.post(`/cases/${props.caseId}/threads/${thread.id}/dialogmeldinger/${d.id}/paminnelse`, body),
        'Påminnelsen er sendt.',
      )
    )
      props.onSent();
  };
  return (
    <>
      <Button type="button" size="small" variant="secondary" loading={busy} onClick={() => void send()}>
        Send påminnelse
      </Button>
      <ErrorLine text={error} />
    </>
  );
}

/** NAV asks the fastlege in a thread they share (forespørsel, 8129). */
function NewForesporsel(props: { caseId: string; threads: Thread[]; onSent: () => void }) {
  const { api } = useApp();
  const [threadId, setThreadId] = useState('');
  const [tekst, setTekst] = useState('');
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const txn = useRef(randomId());
  const { busy, error, run } = useAction();
  if (props.threads.length === 0)
    return (
      <BodyShort size="small" className="muted">
        Start en samtale med fastlegen for å sende en forespørsel.
      </BodyShort>
    );
  const chosen = threadId || props.threads[0].id;
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const need: Record<string, string> = {};
    if (!tekst.trim()) need.tekst = 'Skriv hva du spør fastlegen om.';
    setInvalid(need);
    if (Object.keys(need).length > 0) return;
    const body: StartDialogmeldingBody = { clientTxnId: txn.current, kind: 'FORESPORSEL', tekst: tekst.trim() };
    if (await run(() => api.post(`/cases/${props.caseId}/threads/${chosen}/dialogmeldinger`, body), 'Forespørselen er sendt.')) {
      txn.current = randomId();
      setTekst('');
      props.onSent();
    }
  };
  return (
    <details>
      <summary>Ny forespørsel til fastlegen</summary>
      <form className="foresporsel-form" onSubmit={(ev) => void submit(ev)} noValidate>
        {props.threads.length > 1 ? (
          <Select label="Samtale" size="small" value={chosen} onChange={(e) => setThreadId(e.target.value)}>
            {props.threads.map((t) => (
              <option key={t.id} value={t.id}>
                {t.subject}
              </option>
            ))}
          </Select>
        ) : null}
        <Textarea
          label="Spørsmål til fastlegen"
          size="small"
          minRows={3}
          maxLength={10_000}
          value={tekst}
          error={invalid.tekst}
          onChange={(e) => setTekst(e.target.value)}
        />
        <ErrorLine text={error} />
        <Button type="submit" size="small" loading={busy}>
          Send forespørsel
        </Button>
      </form>
    </details>
  );
}
