import { BodyShort, Heading, Tag } from '@navikt/ds-react';
import { formatDate, label, seatLabel, TASK_STATUS, TRACK_LABEL } from '../format';
import type { Seat, Timeline, Track } from '../types';
import { Panel, useApp, useLoad } from '../ui';
import { TimelineList } from './timeline-list';
import { NewTaskForm, NewTrackForm, TaskMoves } from './track-actions';

/** The deadlines that concern the caller (timeline) and the parallelle løp with their tasks, as the hub sends them. */
export function FollowupPanel(props: { caseId: string; refresh: number; seats: Seat[] }) {
  const { api, session } = useApp();
  const { data, error, reload } = useLoad(
    () => Promise.all([api.get<Timeline>(`/cases/${props.caseId}/timeline`), api.get<Track[]>(`/cases/${props.caseId}/tracks`)]),
    props.refresh,
  );
  const [timeline, tracks] = data ?? [];
  return (
    <Panel name="followup" title={session.role === 'veileder' ? 'Frister, løp og oppgaver' : 'Frister og oppgaver'} error={error}>
      {timeline ? (
        <>
          <Heading level="3" size="xsmall" spacing>{`Tidslinje (uke ${timeline.uke})`}</Heading>
          <TimelineList caseId={props.caseId} milestones={timeline.milestones} onChanged={reload} />
        </>
      ) : null}
      {tracks ? (
        <>
          <Heading level="3" size="xsmall" spacing>
            Parallelle løp
          </Heading>
          {tracks.length === 0 ? <BodyShort className="muted">Ingen løp.</BodyShort> : null}
          {tracks.map((t) => (
            <div key={t.id} className="track" data-track={t.kind}>
              <Heading level="4" size="xsmall">
                {label(TRACK_LABEL, t.kind)}
              </Heading>
              {t.tasks.length === 0 ? (
                <BodyShort className="muted">Ingen oppgaver.</BodyShort>
              ) : (
                <ul className="tasks">
                  {t.tasks.map((k) => (
                    <li key={k.id} className={k.overdue ? 'overdue' : undefined}>
                      <span className="what">{k.tittel}</span>
                      <span className="muted">{` · ${k.egen ? 'din oppgave' : seatLabel(k.eier)} · frist ${formatDate(k.frist)} · `}</span>
                      <Tag variant="moderate" data-color="neutral" size="xsmall">
                        {label(TASK_STATUS, k.status)}
                      </Tag>
                      {k.overdue ? (
                        <Tag variant="moderate" data-color="danger" size="xsmall">
                          Forfalt
                        </Tag>
                      ) : null}
                      <TaskMoves caseId={props.caseId} task={k} onMoved={reload} />
                    </li>
                  ))}
                </ul>
              )}
              {session.role === 'veileder' ? (
                <details>
                  <summary>{`Ny oppgave i ${label(TRACK_LABEL, t.kind).toLowerCase()}`}</summary>
                  <NewTaskForm caseId={props.caseId} trackId={t.id} seats={props.seats} onSaved={reload} />
                </details>
              ) : null}
            </div>
          ))}
          {session.role === 'veileder' ? (
            <NewTrackForm caseId={props.caseId} existing={tracks.map((t) => t.kind)} onSaved={reload} />
          ) : null}
        </>
      ) : null}
    </Panel>
  );
}
