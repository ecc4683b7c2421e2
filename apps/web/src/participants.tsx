import { Alert, BodyShort, Button } from '@navikt/ds-react';
import { useState } from 'react';
import { seatLabel } from './format';
import { describeRefusal } from './refusals';
import type { CaseDetail, Seat, Thread } from './types';
import { ErrorLine, useApp } from './ui';
import './message-tools.css';

// Issue 16: who is in a thread, and bringing parties in or taking them out where the rules allow. Any participant
// brings in a present party of the case (who then sees the whole history); only NAV takes one out. The page offers
// the moves and lets the hub judge them: its refusal (for one, the fastlege and the nærmeste leder in a thread
// without the sykmeldt) is shown as the rule, in Norwegian.

/** The seats of the case's active relations. */
function activeSeats(d: CaseDetail): Seat[] {
  return [
    ...new Set(
      d.relations.filter((r) => r.endedAt === null).map((r) => (r.role === 'arbeidsgiver' && r.orgnr ? `arbeidsgiver:${r.orgnr}` : r.role)),
    ),
  ];
}

export function ThreadParticipants(props: { caseId: string; thread: Thread; detail: CaseDetail }) {
  const { api, session, announce } = useApp();
  const { thread, detail } = props;
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const [removing, setRemoving] = useState<Seat>();
  const mine = new Set(detail.seats);
  const addable = activeSeats(detail).filter((s) => !thread.participants.includes(s) && !mine.has(s));
  const mayRemove = session.role === 'veileder';
  const base = `/cases/${props.caseId}/threads/${thread.id}/participants`;
  const run = async (seat: Seat, action: () => Promise<unknown>, done: string) => {
    setBusy(seat);
    setError(undefined);
    try {
      await action();
      announce(done);
      setRemoving(undefined);
    } catch (e) {
      setError(describeRefusal(e));
    } finally {
      setBusy(undefined);
    }
  };
  if (addable.length === 0 && !mayRemove) return null;
  return (
    <details className="thread-participants">
      <summary>Endre deltakere</summary>
      {/* One wrapper: details' children are laid out as a grid, which would split an inline alert's icon from its text. */}
      <div className="participants-body">
        {mayRemove ? (
          <ul aria-label="I samtalen nå">
            {thread.participants.map((seat) => (
              <li key={seat} data-seat={seat}>
                <span>{seatLabel(seat)}</span>
                {mine.has(seat) ? (
                  <span className="muted">(deg)</span>
                ) : removing === seat ? (
                  <Alert variant="warning" size="small" inline>
                    <BodyShort size="small" spacing>{`${seatLabel(seat)} ser ikke samtalen lenger etter dette.`}</BodyShort>
                    <div className="buttons">
                      <Button
                        type="button"
                        size="xsmall"
                        variant="danger"
                        loading={busy === seat}
                        onClick={() =>
                          void run(
                            seat,
                            () => api.delete(`${base}/${encodeURIComponent(seat)}`),
                            `${seatLabel(seat)} er tatt ut av samtalen.`,
                          )
                        }
                      >
                        {`Ja, ta ut ${seatLabel(seat)}`}
                      </Button>
                      <Button type="button" size="xsmall" variant="secondary" onClick={() => setRemoving(undefined)}>
                        Avbryt
                      </Button>
                    </div>
                  </Alert>
                ) : (
                  <Button type="button" size="xsmall" variant="secondary" onClick={() => (setError(undefined), setRemoving(seat))}>
                    {`Ta ut ${seatLabel(seat)}`}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        ) : null}
        {addable.length > 0 ? (
          <ul aria-label="Kan legges til">
            {addable.map((seat) => (
              <li key={seat} data-add={seat}>
                <Button
                  type="button"
                  size="xsmall"
                  variant="secondary"
                  loading={busy === seat}
                  onClick={() => void run(seat, () => api.post(base, { seat }), `${seatLabel(seat)} er lagt til i samtalen.`)}
                >
                  {`Legg til ${seatLabel(seat)}`}
                </Button>
              </li>
            ))}
          </ul>
        ) : (
          <BodyShort size="small" className="muted">
            Alle partene i saken er med.
          </BodyShort>
        )}
        <BodyShort size="small" className="muted">
          Den du legger til, ser hele samtalen, også det som er skrevet før.
        </BodyShort>
        <ErrorLine text={error} />
      </div>
    </details>
  );
}
