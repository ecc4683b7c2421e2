import { BodyShort, Button, Heading, Tag, Textarea, TextField } from '@navikt/ds-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { formatDate, formatDateTime, label, roleLabel, seatLabel, TASK_STATUS } from '../format';
import { ErrorLine, Panel, useAction, useApp, useLoad } from '../ui';
import type { HandoverBody, HandoverSummary } from './followup-types';

// The hub's bounds on an overføringsnotat (libs/domain tracks/handover.ts).
const NOTAT_MIN = 10;
const NOTAT_MAX = 4000;

/**
 * For the veileder: the handover summary (the last overføringsnotat, open tasks with the overdue first, unanswered
 * requests) and the form that hands the case to another veileder. After a handover this veileder's access ends.
 */
export function HandoverPanel(props: { caseId: string; refresh: number }) {
  const { api } = useApp();
  const { data, error } = useLoad(() => api.get<HandoverSummary>(`/cases/${props.caseId}/handover-summary`), props.refresh);
  const open = data?.tasks.filter((t) => t.status === 'APEN' || t.status === 'PAGAR') ?? [];
  return (
    <Panel name="handover" title="Overføring" error={error}>
      {data ? (
        <>
          {data.overforingsnotat ? (
            <div className="handover-note">
              <Heading level="3" size="xsmall">
                {`Overføringsnotat fra ${data.fraVeileder ?? ''}${data.at ? ` ${formatDateTime(data.at)}` : ''}`}
              </Heading>
              <BodyShort className="text">{data.overforingsnotat}</BodyShort>
            </div>
          ) : (
            <BodyShort size="small" className="muted">
              Saken er ikke overført før.
            </BodyShort>
          )}
          <Heading level="3" size="xsmall">
            Åpne oppgaver
          </Heading>
          {open.length === 0 ? (
            <BodyShort size="small" className="muted">
              Ingen åpne oppgaver.
            </BodyShort>
          ) : (
            <ul className="tasks">
              {open.map((t) => (
                <li key={t.id}>
                  {`${t.tittel} · ${seatLabel(t.eier)} · frist ${formatDate(t.frist)} · ${label(TASK_STATUS, t.status)} `}
                  {t.overdue ? (
                    <Tag variant="moderate" data-color="danger" size="xsmall">
                      Forfalt
                    </Tag>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          {data.unansweredRequests.length > 0 ? (
            <>
              <Heading level="3" size="xsmall">
                Ubesvarte henvendelser
              </Heading>
              <ul className="tasks">
                {data.unansweredRequests.map((r) => (
                  <li
                    key={r.id}
                  >{`${r.tittel} · til ${roleLabel(r.mottaker).toLowerCase()} · venter i ${r.ventetDager} ${r.ventetDager === 1 ? 'dag' : 'dager'}`}</li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
      <details>
        <summary>Overfør saken til en annen veileder</summary>
        <HandoverForm caseId={props.caseId} />
      </details>
    </Panel>
  );
}

function HandoverForm(props: { caseId: string }) {
  const { api } = useApp();
  const [to, setTo] = useState('');
  const [notat, setNotat] = useState('');
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const { busy, error, run } = useAction();
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const need: Record<string, string> = {};
    if (!to.trim()) need.to = 'Skriv NAV-identen til veilederen som tar over.';
    if (notat.trim().length < NOTAT_MIN) need.notat = `Skriv et overføringsnotat på minst ${NOTAT_MIN} tegn.`;
    setInvalid(need);
    if (Object.keys(need).length > 0) return;
    const body: HandoverBody = { toVeilederId: to.trim(), notat: notat.trim() };
    await run(() => api.post(`/cases/${props.caseId}/handover`, body), 'Saken er overført.');
  };
  return (
    <form className="handover-form" onSubmit={(ev) => void submit(ev)} noValidate>
      <TextField
        label="Veileder som tar over (NAV-ident)"
        size="small"
        maxLength={128}
        value={to}
        error={invalid.to}
        onChange={(e) => setTo(e.target.value)}
      />
      <Textarea
        label="Overføringsnotat"
        description="Det den neste veilederen må vite."
        size="small"
        minRows={3}
        maxLength={NOTAT_MAX}
        value={notat}
        error={invalid.notat}
        onChange={(e) => setNotat(e.target.value)}
      />
      <ErrorLine text={error} />
      <Button type="submit" size="small" loading={busy}>
        Overfør saken
      </Button>
    </form>
  );
}
