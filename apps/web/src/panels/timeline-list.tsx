import { Button, Tag, Textarea } from '@navikt/ds-react';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { formatDate, label, MILESTONE_LABEL, MILESTONE_MET_BY, MILESTONE_STATUS, roleLabel } from '../format';
import type { Milestone } from '../types';
import { ErrorLine, useAction, useApp } from '../ui';

/**
 * The deadlines that concern the caller. A met one says "Oppfylt dd.mm.åååå" and, where the hub told this party, what
 * met it; never "Forfalt". The veileder can mark an unmet one by hand, with a reason.
 */
export function TimelineList(props: { caseId: string; milestones: Milestone[]; onChanged: () => void }) {
  const { session } = useApp();
  return (
    <ol className="timeline">
      {props.milestones.map((m) => (
        <li key={m.key} className={`status-${(m.doneAt ? 'done' : m.status).toLowerCase()}`} data-milestone={m.key}>
          <span className="what">{label(MILESTONE_LABEL, m.key)}</span>
          <span>{` frist ${formatDate(m.dueAt)} `}</span>
          {m.doneAt ? (
            <Tag variant="moderate" data-color="success" size="xsmall" className="met">
              {`Oppfylt ${formatDate(m.doneAt)}${m.metBy ? ` – ${label(MILESTONE_MET_BY, m.metBy)}` : ''}`}
            </Tag>
          ) : (
            <Tag variant="moderate" data-color={m.overdue ? 'danger' : 'neutral'} size="xsmall">
              {label(MILESTONE_STATUS, m.status)}
            </Tag>
          )}
          <span className="muted">{` · ${m.mustAct.map(roleLabel).join(', ')}`}</span>
          {m.reason ? <p className="muted reason">{`Begrunnelse: ${m.reason}`}</p> : null}
          {!m.doneAt && session.role === 'veileder' ? <MarkDone caseId={props.caseId} milestone={m} onDone={props.onChanged} /> : null}
        </li>
      ))}
    </ol>
  );
}

/** The veileder's mark by hand, for what happened outside the hub; the reason is read by NAV and the sykmeldt only. */
function MarkDone(props: { caseId: string; milestone: Milestone; onDone: () => void }) {
  const { api } = useApp();
  const { busy, error, run } = useAction();
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState<string>();
  const name = label(MILESTONE_LABEL, props.milestone.key);
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (reason.trim().length < 3) return setInvalid('Skriv hvorfor fristen er oppfylt (minst 3 tegn).');
    setInvalid(undefined);
    void run(
      () => api.post(`/cases/${props.caseId}/timeline/${props.milestone.key}/done`, { reason: reason.trim() }),
      `${name} er markert som oppfylt.`,
    ).then((ok) => ok && props.onDone());
  };
  return (
    <details className="mark-done">
      <summary>{`Marker ${name.toLowerCase()} som oppfylt`}</summary>
      <form onSubmit={submit} noValidate>
        <Textarea
          label="Begrunnelse"
          description="Sees bare av NAV og den sykmeldte."
          maxLength={500}
          minRows={2}
          value={reason}
          error={invalid}
          onChange={(e) => setReason(e.target.value)}
        />
        <ErrorLine text={error} />
        <Button type="submit" size="small" loading={busy}>
          Marker som oppfylt
        </Button>
      </form>
    </details>
  );
}
