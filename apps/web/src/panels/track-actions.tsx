import { Button, Select, TextField } from '@navikt/ds-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { label, seatLabel, TASK_STATUS, TRACK_LABEL } from '../format';
import type { Seat, Task } from '../types';
import { ErrorLine, useAction, useApp } from '../ui';
import { confirmed, DateTimeFields, useGuardedAction, withOffset } from './forms';
import type { AddTaskBody, CreateTrackBody, TaskStatusBody } from './followup-types';

// The allowed moves (libs/domain tracks.ts TASK_MOVES); FERDIG and AVBRUTT are final.
const MOVES: Record<string, TaskStatusBody['status'][]> = { APEN: ['PAGAR', 'FERDIG', 'AVBRUTT'], PAGAR: ['APEN', 'FERDIG', 'AVBRUTT'] };
const MOVE_LABEL: Record<string, string> = { APEN: 'Sett som åpen', PAGAR: 'Start', FERDIG: 'Marker som ferdig', AVBRUTT: 'Avbryt' };

/** The veileder opens a track of a kind the case does not have yet. */
export function NewTrackForm(props: { caseId: string; existing: string[]; onSaved: () => void }) {
  const { api } = useApp();
  const free = Object.keys(TRACK_LABEL).filter((k) => !props.existing.includes(k));
  const [kind, setKind] = useState('');
  const [invalid, setInvalid] = useState<string>();
  const { busy, error, run } = useAction();
  if (free.length === 0) return null;
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!kind) return setInvalid('Velg hva løpet gjelder.');
    setInvalid(undefined);
    const body: CreateTrackBody = { kind: kind as CreateTrackBody['kind'] };
    if (await run(() => api.post(`/cases/${props.caseId}/tracks`, body), 'Løpet er opprettet.')) {
      setKind('');
      props.onSaved();
    }
  };
  return (
    <form className="new-track" onSubmit={(ev) => void submit(ev)} noValidate>
      <Select label="Nytt løp" size="small" value={kind} error={invalid} onChange={(e) => setKind(e.target.value)}>
        <option value="">Velg løp</option>
        {free.map((k) => (
          <option key={k} value={k}>
            {label(TRACK_LABEL, k)}
          </option>
        ))}
      </Select>
      <ErrorLine text={error} />
      <Button type="submit" size="small" variant="secondary" loading={busy}>
        Opprett løp
      </Button>
    </form>
  );
}

/** The veileder adds a task to a track: title, the seat that owns it and its frist (end of that day). */
export function NewTaskForm(props: { caseId: string; trackId: string; seats: Seat[]; onSaved: () => void }) {
  const { api } = useApp();
  const [tittel, setTittel] = useState('');
  const [eier, setEier] = useState('');
  const [day, setDay] = useState<string>();
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const { busy, error, run, confirm } = useGuardedAction();
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const need: Record<string, string> = {};
    if (!tittel.trim()) need.tittel = 'Skriv hva som skal gjøres.';
    if (!eier) need.eier = 'Velg hvem som eier oppgaven.';
    if (!day) need.day = 'Velg fristen.';
    setInvalid(need);
    if (Object.keys(need).length > 0 || !day) return;
    const body: AddTaskBody = { tittel: tittel.trim(), eier, frist: withOffset(day, '23:59') };
    if (
      await run((yes) => api.post(`/cases/${props.caseId}/tracks/${props.trackId}/tasks`, confirmed(body, yes)), 'Oppgaven er lagt til.')
    ) {
      setTittel('');
      props.onSaved();
    }
  };
  return (
    <form className="new-task" onSubmit={(ev) => void submit(ev)} noValidate>
      <TextField
        label="Oppgave"
        size="small"
        maxLength={200}
        value={tittel}
        error={invalid.tittel}
        onChange={(e) => setTittel(e.target.value)}
      />
      <Select label="Eier" size="small" value={eier} error={invalid.eier} onChange={(e) => setEier(e.target.value)}>
        <option value="">Velg eier</option>
        {props.seats.map((s) => (
          <option key={s} value={s}>
            {seatLabel(s)}
          </option>
        ))}
      </Select>
      <DateTimeFields dateLabel="Frist" onDay={setDay} dayError={invalid.day} />
      <ErrorLine text={error} />
      {confirm}
      <Button type="submit" size="small" loading={busy}>
        Legg til oppgave
      </Button>
    </form>
  );
}

/** The moves the task's owner or the veileder may make from its status, one button each. */
export function TaskMoves(props: { caseId: string; task: Task; onMoved: () => void }) {
  const { api, session } = useApp();
  const { busy, error, run } = useAction();
  const t = props.task;
  const moves = MOVES[t.status] ?? [];
  if (moves.length === 0 || !(t.egen || session.role === 'veileder')) return null;
  const move = (status: TaskStatusBody['status']) =>
    void run(
      () => api.put(`/cases/${props.caseId}/tracks/${t.trackId}/tasks/${t.id}/status`, { status } satisfies TaskStatusBody),
      `Oppgaven er ${label(TASK_STATUS, status).toLowerCase()}.`,
    ).then((ok) => ok && props.onMoved());
  return (
    <span className="task-moves">
      {moves.map((s) => (
        <Button
          key={s}
          type="button"
          size="xsmall"
          variant="secondary"
          loading={busy}
          onClick={() => move(s)}
          aria-label={`${MOVE_LABEL[s]}: ${t.tittel}`}
        >
          {MOVE_LABEL[s]}
        </Button>
      ))}
      <ErrorLine text={error} />
    </span>
  );
}
