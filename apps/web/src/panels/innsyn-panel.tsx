import { Button, Table } from '@navikt/ds-react';
import { useRef, useState } from 'react';
import { AUDIT_ACTION, formatDateTime, label, roleLabel, SUBJECT_LABEL } from '../format';
import type { AuditEntry } from '../types';
import { Panel, useApp, useLoad } from '../ui';

const PAGE = 1000;
const MAX_PAGES = 10;
const SHOWN = 30;

/** Innsyn: who read or received what in the sykmeldt's case, and who was refused, newest first. */
export function InnsynPanel(props: { caseId: string; refresh: number }) {
  const { api } = useApp();
  const held = useRef<AuditEntry[]>([]);
  const [shown, setShown] = useState(SHOWN);
  const { data, error } = useLoad(async () => {
    // The log is paged oldest first; continue from the last id already held. Two loads may overlap: an entry is held once.
    for (let i = 0; i < MAX_PAGES; i++) {
      const entries = held.current;
      const after = entries.length ? entries[entries.length - 1].id : 0;
      const page = await api.get<AuditEntry[]>(`/cases/${props.caseId}/audit?after=${after}&limit=${PAGE}`);
      const ids = new Set(entries.map((e) => e.id));
      held.current = [...entries, ...page.filter((e) => !ids.has(e.id))].sort((a, b) => a.id - b.id);
      if (page.length < PAGE) break;
    }
    return held.current;
  }, props.refresh);
  const rows = collapse([...(data ?? [])].reverse());
  return (
    <Panel name="innsyn" title="Hvem har lest hva" error={error}>
      <Table size="small" className="audit">
        <caption className="sr-only">Hvem har lest eller fått hva i saken din</caption>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell scope="col">Når</Table.HeaderCell>
            <Table.HeaderCell scope="col">Hvem</Table.HeaderCell>
            <Table.HeaderCell scope="col">Hva</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {rows.slice(0, shown).map(({ entry: e, times }) => (
            <Table.Row key={e.id} className={e.decision === 'deny' ? 'denied' : undefined}>
              <Table.DataCell>{formatDateTime(e.at)}</Table.DataCell>
              <Table.DataCell>
                {e.actorNavn ? `${roleLabel(e.actorRole)} ${e.actorNavn}` : `${roleLabel(e.actorRole)} (${e.actorId})`}
              </Table.DataCell>
              <Table.DataCell>{`${what(e)}${e.decision === 'deny' ? ' – fikk ikke lov' : ''}${e.channel === 'socket' ? ' (direkte)' : ''}${times > 1 ? `, ${times} ganger` : ''}`}</Table.DataCell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
      {rows.length > shown ? (
        <Button type="button" size="small" variant="secondary" onClick={() => setShown((n) => n + SHOWN)}>
          Vis flere
        </Button>
      ) : null}
    </Panel>
  );
}

/** Runs of the same party doing the same thing (reading a thread's lesestatus again and again) as one row. */
function collapse(entries: AuditEntry[]): { entry: AuditEntry; times: number }[] {
  const rows: { entry: AuditEntry; times: number }[] = [];
  const key = (e: AuditEntry) => [e.actorId, e.actorRole, e.action, e.subjectType, e.decision, e.channel].join(' ');
  for (const e of entries) {
    const last = rows[rows.length - 1];
    if (last && key(last.entry) === key(e)) last.times += 1;
    else rows.push({ entry: e, times: 1 });
  }
  return rows;
}

function what(e: AuditEntry): string {
  const count = e.subjectIds.length > 1 ? ` (${e.subjectIds.length})` : '';
  // A shared oppfølgingsplan is logged as share:<mottaker> (issue 7).
  const share = /^share:(\w+)$/.exec(e.action);
  if (share) return `delte ${label(SUBJECT_LABEL, e.subjectType)} med ${share[1] === 'nav' ? 'NAV' : share[1]}${count}`;
  return `${label(AUDIT_ACTION, e.action)} ${label(SUBJECT_LABEL, e.subjectType)}${count}`;
}
