import { BodyShort, Button, Tag, Textarea } from '@navikt/ds-react';
import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { randomId } from '../api';
import { formatDateTime } from '../format';
import type { Dialogmelding, SvarBody, Thread } from '../types';
import { ErrorLine, Panel, useAction, useApp, useLoad } from '../ui';

interface Open {
  thread: Thread;
  d: Dialogmelding;
}

/**
 * Forespørsler from NAV to the fastlege with their svarfrist. The fastlege answers in place; the veileder follows
 * their status. The frist is the hub's FORESPORSEL_DEADLINE_HOURS after sending, as its ubesvart rule counts it.
 */
export function ForesporslerPanel(props: { caseId: string; threads: Thread[]; refresh: number }) {
  const { api, session } = useApp();
  const threadIds = props.threads.map((t) => t.id).join(',');
  const { data, error, reload } = useLoad(async () => {
    const lists = await Promise.all(
      props.threads.map(async (thread) => (await api.get<Dialogmelding[]>(`/cases/${props.caseId}/threads/${thread.id}/dialogmeldinger`)).map((d) => ({ thread, d }))),
    );
    return lists.flat().filter((o) => o.d.kind === 'FORESPORSEL' && o.d.direction === 'UT');
  }, `${props.refresh} ${threadIds}`);
  const all = data ?? [];
  const open = all.filter((o) => !o.d.besvartAt && o.d.status !== 'AVVIST');
  const answered = all.length - open.length;
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
  const frist = new Date(new Date(sent).getTime() + config.foresporselDeadlineHours * 3_600_000).toISOString();
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!svar.trim()) return setInvalid('Skriv svaret før du sender.');
    setInvalid(undefined);
    const body: SvarBody = { clientTxnId: txn.current, tekst: svar.trim() };
    const ok = await run(() => api.post(`/cases/${props.caseId}/threads/${thread.id}/dialogmeldinger/${d.id}/svar`, body), 'Svaret er sendt.');
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
      {d.paminnelseSentAt ? <BodyShort size="small" className="muted">{`Påminnelse sendt ${formatDateTime(d.paminnelseSentAt)}`}</BodyShort> : null}
      {session.role === 'fastlege' ? (
        <form className="svar" onSubmit={(ev) => void submit(ev)} noValidate>
          <Textarea label="Ditt svar" name="svar" minRows={3} maxLength={10_000} value={svar} error={invalid} onChange={(e) => setSvar(e.target.value)} />
          <ErrorLine text={error && `Svaret ble ikke sendt: ${error}`} />
          <Button type="submit" size="small" loading={busy}>
            Send svar
          </Button>
        </form>
      ) : null}
    </li>
  );
}
