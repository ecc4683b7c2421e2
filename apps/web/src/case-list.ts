import { describeError } from './api.js';
import { CaseState } from './case-state.js';
import { debounce } from './context.js';
import type { AppContext, View } from './context.js';
import { fill, h } from './dom.js';
import { formatDate, label, MILESTONE_LABEL, MILESTONE_STATUS } from './format.js';
import type { CaseDetail, CaseSummary, Milestone, MessagePage, ReadMarker, Thread, Timeline } from './types.js';

interface Row {
  summary: CaseSummary;
  unread: number;
  next?: Milestone;
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

/** The deadline to show first: an open one the caller must act on, else any open one. */
export function nextDeadline(timeline: Timeline, role: string): Milestone | undefined {
  const open = timeline.milestones.filter((m) => !m.doneAt).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  return open.find((m) => m.mustAct.includes(role as Milestone['mustAct'][number])) ?? open[0];
}

/** The caller's cases, each with its unread count and next deadline, kept current by the socket. */
export class CaseListPage implements View {
  private readonly rows = new Map<string, Row>();
  private readonly stops: (() => void)[] = [];
  private readonly list = h('ul', { class: 'case-list' });
  private disposed = false;

  constructor(
    private readonly ctx: AppContext,
    private readonly main: HTMLElement,
  ) {
    document.title = 'Saker – Samhandling';
    fill(main, h('h1', { tabindex: '-1' }, 'Saker'), h('p', { class: 'muted', role: 'status' }, 'Henter saker …'));
    void this.load();
  }

  dispose(): void {
    this.disposed = true;
    this.stops.forEach((stop) => stop());
  }

  private async load(): Promise<void> {
    let cases: CaseSummary[];
    try {
      cases = await this.ctx.api.get<CaseSummary[]>('/cases?limit=200');
    } catch (e) {
      fill(this.main, h('h1', {}, 'Saker'), h('p', { class: 'error', role: 'alert' }, describeError(e)));
      return;
    }
    if (this.disposed) return;
    fill(this.main, h('h1', { tabindex: '-1' }, 'Saker'), cases.length ? this.list : h('p', {}, 'Du har ingen saker.'));
    for (const c of cases) {
      if (!c.id) continue;
      const caseId = c.id;
      this.rows.set(caseId, { summary: c, unread: 0 });
      let lastSeq = c.lastSeq ?? 0;
      const refresh = debounce(() => void this.loadRow(caseId), 250);
      this.stops.push(
        this.ctx.live.watch(caseId, {
          after: () => lastSeq,
          onEvents: (events) => {
            lastSeq = Math.max(lastSeq, ...events.map((e) => e.seq));
            refresh();
          },
          onRefetch: async (seq) => {
            lastSeq = seq;
            refresh();
          },
          onEnded: () => {
            this.rows.delete(caseId);
            this.draw();
          },
        }),
        refresh.cancel,
      );
    }
    this.draw();
    await Promise.all(cases.filter((c) => c.id).map((c) => this.loadRow(c.id as string)));
  }

  private async loadRow(caseId: string): Promise<void> {
    const row = this.rows.get(caseId);
    if (!row || this.disposed) return;
    try {
      const detail = await this.ctx.api.get<CaseDetail>(`/cases/${caseId}`);
      const state = new CaseState({ sub: this.ctx.session.sub, role: this.ctx.session.role, seats: detail.seats });
      const [timeline] = await Promise.all([this.ctx.api.get<Timeline>(`/cases/${caseId}/timeline`), loadThreads(this.ctx, caseId, state)]);
      row.summary = { ...row.summary, ...detail.case };
      row.unread = [...state.threads.keys()].reduce((n, id) => n + state.unread(id), 0);
      row.next = nextDeadline(timeline, this.ctx.session.role);
      row.failed = false;
    } catch {
      row.failed = true;
    }
    this.draw();
  }

  private draw(): void {
    if (this.disposed) return;
    fill(
      this.list,
      ...[...this.rows.entries()].map(([id, row]) => {
        const who = row.summary.sykmeldtId ?? 'sykmeldt';
        const unread = row.unread > 0 ? h('span', { class: 'badge', 'data-testid': 'unread' }, `${row.unread} ${row.unread === 1 ? 'ulest' : 'uleste'}`) : null;
        const deadline = row.next
          ? h('span', { class: `deadline status-${row.next.status.toLowerCase()}` }, `${label(MILESTONE_LABEL, row.next.key)}: frist ${formatDate(row.next.dueAt)} (${label(MILESTONE_STATUS, row.next.status)})`)
          : null;
        return h(
          'li',
          { class: 'case-row', 'data-case': id },
          h('a', { href: `#/cases/${id}` }, `Sak for ${who}`),
          row.summary.startDate ? h('span', { class: 'muted' }, `Første sykedag ${formatDate(row.summary.startDate)}`) : null,
          unread,
          deadline,
          row.failed ? h('span', { class: 'error' }, 'Kunne ikke hente alt') : null,
        );
      }),
    );
  }
}
