import { Alert, BodyShort, Heading, Link, Tag } from '@navikt/ds-react';
import { useEffect, useRef, useState } from 'react';
import { describeError } from './api';
import { CaseState } from './case-state';
import type { AppContext } from './context';
import { debounce } from './context';
import { formatDate, label, MILESTONE_LABEL, MILESTONE_STATUS } from './format';
import type { CaseDetail, CaseListEntry, MessagePage, NextDeadline, ReadMarker, Thread } from './types';
import { AllCasesSearch } from './search';
import { useApp } from './ui';

interface Row {
  /** The hub's row: the case, and the caller's own next deadline and overdue tasks. */
  summary: CaseListEntry;
  unread: number;
  failed?: boolean;
}

/** Loads what a party holds of a case's threads, enough to count what it has not read. */
export async function loadThreads(ctx: AppContext, caseId: string, state: CaseState, only?: (t: Thread) => boolean): Promise<void> {
  const threads = await ctx.api.get<Thread[]>(`/cases/${caseId}/threads`);
  state.setThreads(threads);
  await Promise.all(
    threads
      .filter((t) => (only ? only(t) : true))
      .map(async (t) => {
        const [page, markers] = await Promise.all([
          ctx.api.get<MessagePage>(`/cases/${caseId}/threads/${t.id}/messages?order=desc&limit=100`),
          ctx.api.get<ReadMarker[]>(`/cases/${caseId}/threads/${t.id}/read-markers`),
        ]);
        state.addMessages(t.id, page.messages);
        state.setMarkers(t.id, markers);
        const held = state.threads.get(t.id);
        if (held) held.loaded = true;
      }),
  );
}

/** "Oppfølgingsplan: frist 31.08.2026 (Forfalt)": what the deadline is, when, and where it stands. */
export function deadlineText(d: NextDeadline): string {
  const what = d.kind === 'milestone' ? label(MILESTONE_LABEL, d.key) : `Oppgave: ${d.tittel}`;
  return `${what}: frist ${formatDate(d.dueAt)} (${label(MILESTONE_STATUS, d.status)})`;
}

const DEADLINE_COLOR: Record<string, 'danger' | 'warning' | 'info' | 'success'> = {
  OVERDUE: 'danger',
  DUE_SOON: 'warning',
  UPCOMING: 'info',
  DONE: 'success',
};

/** The caller's cases, each with its unread count and next deadline, kept current by the socket. */
export function CaseListPage() {
  const ctx = useApp();
  const [rows, setRows] = useState<Map<string, Row>>();
  const [error, setError] = useState<string>();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.title = 'Saker – Samhandling';
    heading.current?.focus();
    let disposed = false;
    const held = new Map<string, Row>();
    const stops: (() => void)[] = [];
    const draw = () => !disposed && setRows(new Map(held));
    const loadRow = async (caseId: string) => {
      const row = held.get(caseId);
      if (!row || disposed) return;
      try {
        const detail = await ctx.api.get<CaseDetail>(`/cases/${caseId}`);
        const state = new CaseState({ sub: ctx.session.sub, role: ctx.session.role, seats: detail.seats });
        await loadThreads(ctx, caseId, state);
        held.set(caseId, {
          summary: { ...(held.get(caseId)?.summary ?? row.summary), ...detail.case },
          unread: [...state.threads.keys()].reduce((n, id) => n + state.unread(id), 0),
        });
      } catch {
        held.set(caseId, { ...row, failed: true });
      }
      draw();
    };
    // Deadlines and overdue tasks come with the hub's list: an event in any case fetches the list again (once).
    const reloadList = debounce(() => {
      ctx.api.get<CaseListEntry[]>('/cases?limit=200').then(
        (cases) => {
          for (const c of cases) {
            const row = c.id === undefined ? undefined : held.get(c.id);
            if (row && c.id) held.set(c.id, { ...row, summary: { ...row.summary, ...c, nextDeadline: c.nextDeadline } });
          }
          draw();
        },
        () => undefined,
      );
    }, 250);
    stops.push(reloadList.cancel);
    void (async () => {
      let cases: CaseListEntry[];
      try {
        cases = await ctx.api.get<CaseListEntry[]>('/cases?limit=200');
      } catch (e) {
        if (!disposed) setError(describeError(e));
        return;
      }
      if (disposed) return;
      for (const c of cases) {
        if (!c.id) continue;
        const caseId = c.id;
        held.set(caseId, { summary: c, unread: 0 });
        let lastSeq = c.lastSeq ?? 0;
        const refresh = debounce(() => void loadRow(caseId), 250);
        stops.push(
          ctx.live.watch(caseId, {
            after: () => lastSeq,
            onEvents: (events) => {
              lastSeq = Math.max(lastSeq, ...events.map((e) => e.seq));
              refresh();
              reloadList();
            },
            onRefetch: (seq) => {
              lastSeq = seq;
              refresh();
              reloadList();
              return Promise.resolve();
            },
            onEnded: () => {
              held.delete(caseId);
              draw();
            },
          }),
          refresh.cancel,
        );
      }
      draw();
      await Promise.all([...held.keys()].map((id) => loadRow(id)));
    })();
    return () => {
      disposed = true;
      stops.forEach((stop) => stop());
    };
  }, [ctx]);

  return (
    <main id="main" tabIndex={-1} className="page">
      <Heading level="1" size="large" spacing tabIndex={-1} ref={heading}>
        Saker
      </Heading>
      <AllCasesSearch
        caseName={(id) => `Sak for ${rows?.get(id)?.summary.sykmeldtNavn ?? rows?.get(id)?.summary.sykmeldtId ?? 'sykmeldt'}`}
      />
      {error ? (
        <Alert variant="error" role="alert">
          {error}
        </Alert>
      ) : !rows ? (
        <BodyShort role="status">Henter saker …</BodyShort>
      ) : rows.size === 0 ? (
        <BodyShort>Du har ingen saker.</BodyShort>
      ) : (
        <ul className="case-list">
          {[...rows.entries()].map(([id, row]) => (
            <li key={id} className="case-row" data-case={id}>
              <Link href={`#/cases/${id}`}>{`Sak for ${row.summary.sykmeldtNavn ?? row.summary.sykmeldtId ?? 'sykmeldt'}`}</Link>
              {row.summary.startDate ? (
                <BodyShort size="small" className="muted">{`Første sykedag ${formatDate(row.summary.startDate)}`}</BodyShort>
              ) : null}
              {row.unread > 0 ? (
                <Tag
                  variant="strong"
                  data-color="info"
                  size="small"
                  data-testid="unread"
                >{`${row.unread} ${row.unread === 1 ? 'ulest' : 'uleste'}`}</Tag>
              ) : null}
              {row.summary.nextDeadline ? (
                <Tag
                  variant="moderate"
                  data-color={DEADLINE_COLOR[row.summary.nextDeadline.status] ?? 'neutral'}
                  size="small"
                  className={`deadline status-${row.summary.nextDeadline.status.toLowerCase()}`}
                >
                  {deadlineText(row.summary.nextDeadline)}
                </Tag>
              ) : null}
              {row.summary.overdueTasks ? (
                <Tag variant="strong" data-color="danger" size="small" className="overdue-tasks">
                  {`${row.summary.overdueTasks} ${row.summary.overdueTasks === 1 ? 'forfalt oppgave' : 'forfalte oppgaver'}`}
                </Tag>
              ) : null}
              {row.failed ? <BodyShort className="error">Kunne ikke hente alt</BodyShort> : null}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
