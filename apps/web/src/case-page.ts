import { describeError, randomId } from './api.js';
import { loadThreads } from './case-list.js';
import { CaseState } from './case-state.js';
import type { Change } from './case-state.js';
import { debounce } from './context.js';
import type { AppContext, View } from './context.js';
import { field, fill, h } from './dom.js';
import { formatDate, formatDateTime, roleLabel, seatLabel } from './format.js';
import { ConsentPanel } from './panels/consent-panel.js';
import { FollowupPanel } from './panels/followup-panel.js';
import { ForesporslerPanel } from './panels/foresporsler-panel.js';
import { InnsynPanel } from './panels/innsyn-panel.js';
import { PlanPanel } from './panels/plan-panel.js';
import type { Panel } from './panels/panel.js';
import type { CaseDetail, CaseEvent, Message, Seat } from './types.js';

interface Pending {
  clientTxnId: string;
  threadId: string;
  payload: Record<string, unknown> & { tekst: string };
  failed?: string;
}

const TYPING_SHOWN_MS = 4000;
const TYPING_SENT_EVERY_MS = 2500;

/** One case: its threads with live messages, read markers, typing and a composer, and the caller's role panels. */
export class CasePage implements View {
  private state?: CaseState;
  private detail?: CaseDetail;
  private selected?: string;
  private readonly pending = new Map<string, Pending>();
  private readonly typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private online = new Set<Seat>();
  private lastTypingSent = 0;
  private stopWatch?: () => void;
  private disposed = false;
  private panels: { panel: Panel; on: Change['kind'] | string }[] = [];
  private readonly reloadThreads = debounce(() => void this.refreshThreads(), 150);
  private readonly reloadPresence = debounce(() => void this.refreshPresence(), 150);

  private readonly title = h('h1', { tabindex: '-1' }, 'Sak');
  private readonly facts = h('p', { class: 'muted' });
  private readonly threadList = h('ul', { class: 'thread-list' });
  private readonly conversation = h('section', { class: 'conversation', 'aria-labelledby': 'conv-h' });
  private readonly panelArea = h('div', { class: 'panels' });
  private readonly messages = h('ol', { class: 'messages', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-labelledby': 'conv-h' });
  private readonly typingLine = h('p', { class: 'typing', 'aria-live': 'polite' });
  private readonly notice = h('p', { class: 'error', role: 'alert' });

  constructor(
    private readonly ctx: AppContext,
    private readonly main: HTMLElement,
    readonly caseId: string,
    threadId?: string,
  ) {
    this.selected = threadId;
    delete main.dataset.live;
    fill(main, this.title, h('p', { class: 'muted', role: 'status' }, 'Henter saken …'));
    void this.load();
    document.addEventListener('visibilitychange', this.onVisible);
  }

  dispose(): void {
    this.disposed = true;
    delete this.main.dataset.live;
    this.stopWatch?.();
    this.reloadThreads.cancel();
    this.reloadPresence.cancel();
    this.typingTimers.forEach((t) => clearTimeout(t));
    this.panels.forEach((p) => p.panel.dispose());
    document.removeEventListener('visibilitychange', this.onVisible);
  }

  select(threadId: string | undefined): void {
    this.selected = threadId ?? this.firstThread();
    this.drawThreadList();
    this.drawConversation(true);
  }

  private readonly onVisible = () => {
    if (document.visibilityState === 'visible') void this.markRead();
  };

  private async load(): Promise<void> {
    const { api, session } = this.ctx;
    try {
      // The case's lastSeq is taken before anything else is read, so the socket resumes from a point no later than
      // the REST snapshot; whatever both deliver is applied once.
      this.detail = await api.get<CaseDetail>(`/cases/${this.caseId}`);
      const state = new CaseState({ sub: session.sub, role: session.role, seats: this.detail.seats });
      state.lastSeq = this.detail.case.lastSeq ?? 0;
      await loadThreads(this.ctx, this.caseId, state);
      this.state = state;
    } catch (e) {
      fill(this.main, h('h1', {}, 'Sak'), h('p', { class: 'error', role: 'alert' }, describeError(e)), h('p', {}, h('a', { href: '#/' }, 'Tilbake til sakene')));
      return;
    }
    if (this.disposed) return;
    this.selected ??= this.firstThread();
    this.layout();
    this.stopWatch = this.ctx.live.watch(this.caseId, {
      after: () => this.state?.lastSeq ?? 0,
      onEvents: (events) => this.onEvents(events),
      onRefetch: async (lastSeq) => {
        if (!this.state) return;
        this.state.lastSeq = lastSeq;
        for (const t of this.state.threads.values()) t.loaded = false;
        await this.refreshThreads();
      },
      onEnded: () => {
        this.notice.textContent = 'Du har ikke lenger tilgang til denne saken.';
        this.stopWatch?.();
      },
      onSubscribed: () => (this.main.dataset.live = 'subscribed'),
      onTyping: (threadId, seat) => this.onTyping(threadId, seat),
      onPresence: () => this.reloadPresence(),
    });
    this.reloadPresence();
  }

  private layout(): void {
    const d = this.detail;
    const who = d?.case.sykmeldtId ?? 'sykmeldt';
    document.title = `Sak for ${who} – Samhandling`;
    this.title.textContent = `Sak for ${who}`;
    this.facts.textContent = d?.case.startDate ? `Første sykedag ${formatDate(d.case.startDate)}` : '';
    const threads = h(
      'section',
      { class: 'threads', 'aria-labelledby': 'threads-h' },
      h('h2', { id: 'threads-h' }, 'Samtaler'),
      this.threadList,
      this.newThreadForm(),
    );
    this.panels = this.makePanels();
    fill(this.panelArea, ...this.panels.map((p) => p.panel.el));
    fill(
      this.main,
      h('p', {}, h('a', { href: '#/' }, '← Alle saker')),
      this.title,
      this.facts,
      this.notice,
      h('div', { class: 'case-grid' }, threads, this.conversation, this.panelArea),
    );
    this.drawThreadList();
    this.drawConversation(false);
    this.panels.forEach((p) => void p.panel.refresh());
  }

  private makePanels(): { panel: Panel; on: string }[] {
    const { role } = this.ctx.session;
    const threadsWithLege = () => [...(this.state?.threads.values() ?? [])].map((t) => t.thread).filter((t) => t.participants.includes('fastlege'));
    const panels: { panel: Panel; on: string }[] = [];
    if (role === 'fastlege' || role === 'veileder') panels.push({ panel: new ForesporslerPanel(this.ctx, this.caseId, threadsWithLege), on: 'dialog' });
    if (role === 'arbeidsgiver' || role === 'sykmeldt') panels.push({ panel: new PlanPanel(this.ctx, this.caseId), on: 'plan' });
    if (role === 'sykmeldt') {
      panels.push({ panel: new ConsentPanel(this.ctx, this.caseId, () => this.detail), on: 'consent' });
      panels.push({ panel: new InnsynPanel(this.ctx, this.caseId), on: 'any' });
    }
    panels.push({ panel: new FollowupPanel(this.ctx, this.caseId), on: 'followup' });
    return panels;
  }

  private onEvents(events: CaseEvent[]): void {
    const state = this.state;
    if (!state || this.disposed) return;
    const redraw = new Set<string>();
    const panels = new Set<string>(['any']);
    for (const e of events) {
      const change = state.apply(e);
      if (change.kind === 'thread' || change.kind === 'markers') redraw.add(change.threadId);
      else if (change.kind === 'threads') this.reloadThreads();
      else if (change.kind === 'panel') panels.add(change.panel);
      if (e.type === 'message.created' && e.message && e.threadId && !state.isMine(e.message)) this.clearTyping(e.threadId);
    }
    if (panels.has('case') || panels.has('consent')) void this.refreshDetail();
    // A consent changes which fields of the messages already held this role may see: fetch them again as sent now.
    if (panels.has('consent')) {
      for (const t of state.threads.values()) t.loaded = false;
      this.reloadThreads();
    }
    for (const p of this.panels) if (panels.has(p.on)) p.panel.refreshSoon();
    if (redraw.size > 0) {
      this.drawThreadList();
      if (this.selected && redraw.has(this.selected)) this.drawConversation(false);
    }
  }

  private async refreshDetail(): Promise<void> {
    try {
      this.detail = await this.ctx.api.get<CaseDetail>(`/cases/${this.caseId}`);
    } catch {
      return;
    }
    for (const p of this.panels) if (p.on === 'consent') p.panel.refreshSoon();
  }

  private async refreshThreads(): Promise<void> {
    const state = this.state;
    if (!state) return;
    try {
      await loadThreads(this.ctx, this.caseId, state, (t) => !state.threads.get(t.id)?.loaded);
    } catch {
      return;
    }
    if (this.disposed) return;
    if (!this.selected || !state.threads.has(this.selected)) this.selected = this.firstThread();
    this.drawThreadList();
    this.drawConversation(false);
    for (const p of this.panels) if (p.on === 'dialog') p.panel.refreshSoon();
  }

  private async refreshPresence(): Promise<void> {
    this.online = new Set(await this.ctx.live.presence(this.caseId));
    if (!this.disposed) this.drawParticipants();
  }

  private firstThread(): string | undefined {
    const threads = [...(this.state?.threads.values() ?? [])].sort((a, b) => a.thread.createdAt.localeCompare(b.thread.createdAt));
    return threads[0]?.thread.id;
  }

  private drawThreadList(): void {
    const state = this.state;
    if (!state) return;
    const threads = [...state.threads.values()].sort((a, b) => a.thread.createdAt.localeCompare(b.thread.createdAt));
    if (threads.length === 0) return fill(this.threadList, h('li', { class: 'muted' }, 'Ingen samtaler ennå.'));
    fill(
      this.threadList,
      ...threads.map(({ thread }) => {
        const unread = state.unread(thread.id);
        return h(
          'li',
          {},
          h(
            'a',
            { href: `#/cases/${this.caseId}/${thread.id}`, 'aria-current': thread.id === this.selected ? 'page' : undefined, 'data-thread': thread.id },
            h('span', { class: 'subject' }, thread.subject),
            unread > 0 ? h('span', { class: 'badge' }, `${unread}`, h('span', { class: 'sr-only' }, unread === 1 ? ' ulest' : ' uleste')) : null,
          ),
        );
      }),
    );
  }

  private participantsLine = h('p', { class: 'participants' });

  private drawParticipants(): void {
    const t = this.selected ? this.state?.threads.get(this.selected) : undefined;
    if (!t) return;
    fill(
      this.participantsLine,
      'Deltakere: ',
      ...t.thread.participants.map((seat, i) => [
        i > 0 ? ', ' : '',
        h('span', { class: this.online.has(seat) ? 'online' : undefined }, seatLabel(seat), this.online.has(seat) ? h('span', { class: 'sr-only' }, ' (pålogget)') : null),
      ]),
    );
  }

  private drawConversation(focus: boolean): void {
    const state = this.state;
    if (!state) return;
    const t = this.selected ? state.threads.get(this.selected) : undefined;
    if (!t) {
      fill(this.conversation, h('h2', { id: 'conv-h' }, 'Ingen samtale valgt'), h('p', {}, 'Velg en samtale, eller start en ny.'));
      return;
    }
    const threadId = t.thread.id;
    if (this.conversation.dataset.thread !== threadId) {
      // A new thread: build the frame once; later redraws only refill the message list.
      this.conversation.dataset.thread = threadId;
      this.typingLine.textContent = '';
      fill(this.conversation, h('h2', { id: 'conv-h', tabindex: '-1' }, t.thread.subject), this.participantsLine, this.messages, this.typingLine, this.composer(threadId));
      this.drawParticipants();
    }
    const stick = this.messages.scrollHeight - this.messages.scrollTop - this.messages.clientHeight < 40;
    fill(
      this.messages,
      ...state.ordered(threadId).map((m) => this.messageItem(threadId, m)),
      ...[...this.pending.values()].filter((p) => p.threadId === threadId).map((p) => this.pendingItem(p)),
    );
    if (state.ordered(threadId).length === 0 && ![...this.pending.values()].some((p) => p.threadId === threadId)) {
      this.messages.append(h('li', { class: 'muted' }, 'Ingen meldinger ennå.'));
    }
    if (stick || focus) this.messages.scrollTop = this.messages.scrollHeight;
    if (focus) (this.conversation.querySelector('h2') as HTMLElement | null)?.focus();
    void this.markRead();
  }

  private messageItem(threadId: string, m: Message): HTMLElement {
    const state = this.state as CaseState;
    const mine = state.isMine(m);
    const readBy = state.readBy(threadId, m);
    const details: HTMLElement[] = [];
    // Every field the hub sent for this role is shown, labelled; nothing else is.
    if (m.funksjonsevne) details.push(h('div', { class: 'health' }, h('dt', {}, 'Funksjonsevne'), h('dd', {}, m.funksjonsevne)));
    if (m.diagnose && m.diagnose.length > 0) {
      details.push(h('div', { class: 'medical' }, h('dt', {}, 'Diagnose'), ...m.diagnose.map((d) => h('dd', {}, `${d.kode} ${d.tekst} (${d.system})`))));
    }
    if (m.medisinskVurdering) details.push(h('div', { class: 'medical' }, h('dt', {}, 'Medisinsk vurdering'), h('dd', {}, m.medisinskVurdering)));
    return h(
      'li',
      { class: `message${mine ? ' mine' : ''}`, 'data-seq': m.seq, 'data-id': m.id },
      h(
        'p',
        { class: 'meta' },
        h('span', { class: 'sender' }, mine ? `${roleLabel(m.senderRole)} (deg)` : roleLabel(m.senderRole)),
        ' ',
        h('time', { datetime: m.sentAt }, formatDateTime(m.sentAt)),
        m.editedAt ? ' (endret)' : '',
      ),
      m.redacted ? h('p', { class: 'muted' }, 'Meldingen er trukket tilbake.') : h('p', { class: 'text' }, m.tekst ?? ''),
      details.length ? h('dl', { class: 'fields' }, ...details) : null,
      readBy.length ? h('p', { class: 'read-by' }, `Lest av ${readBy.map(seatLabel).join(', ')}`) : null,
    );
  }

  private pendingItem(p: Pending): HTMLElement {
    return h(
      'li',
      { class: 'message mine pending', 'data-pending': p.clientTxnId },
      h('p', { class: 'meta' }, p.failed ? h('span', { class: 'error' }, `Ikke sendt: ${p.failed}`) : 'Sender …'),
      h('p', { class: 'text' }, p.payload.tekst),
      p.failed ? h('button', { type: 'button', onclick: () => void this.deliver(p) }, 'Prøv igjen') : null,
    );
  }

  private composer(threadId: string): HTMLElement {
    const role = this.ctx.session.role;
    const tekst = h('textarea', { name: 'tekst', rows: 3, required: true, maxlength: 10000 });
    const funksjonsevne = h('textarea', { name: 'funksjonsevne', rows: 2, maxlength: 5000 });
    const kode = h('input', { name: 'diagnosekode', maxlength: 8, pattern: '[A-Z][0-9A-Z.]{1,7}', autocomplete: 'off' });
    const kodeTekst = h('input', { name: 'diagnosetekst', maxlength: 500, autocomplete: 'off' });
    const system = h('select', { name: 'kodeverk' }, h('option', { value: 'ICPC-2' }, 'ICPC-2'), h('option', { value: 'ICD-10' }, 'ICD-10'));
    const vurdering = h('textarea', { name: 'medisinskVurdering', rows: 2, maxlength: 10000 });
    const health = role === 'arbeidsgiver' ? [] : [field('Funksjonsevne', funksjonsevne, 'Nærmeste leder ser dette bare når den sykmeldte har samtykket.')];
    const medical =
      role === 'fastlege' || role === 'veileder'
        ? [
            h('div', { class: 'row' }, field('Diagnosekode', kode), field('Kodeverk', system)),
            field('Diagnose', kodeTekst),
            field('Medisinsk vurdering', vurdering, 'Vises aldri for nærmeste leder.'),
          ]
        : [];
    const form = h(
      'form',
      { class: 'composer', 'aria-label': 'Skriv melding' },
      field('Ny melding', tekst, 'Ctrl+Enter sender.'),
      health.length + medical.length > 0 ? h('details', {}, h('summary', {}, 'Helseopplysninger'), ...health, ...medical) : null,
      h('button', { type: 'submit', class: 'primary' }, 'Send'),
    );
    tekst.addEventListener('input', () => {
      if (Date.now() - this.lastTypingSent < TYPING_SENT_EVERY_MS) return;
      this.lastTypingSent = Date.now();
      this.ctx.live.typing(this.caseId, threadId);
    });
    tekst.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
        ev.preventDefault();
        form.requestSubmit();
      }
    });
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const text = tekst.value.trim();
      if (!text) return;
      const payload: Pending['payload'] = { tekst: text };
      if (funksjonsevne.value.trim()) payload.funksjonsevne = funksjonsevne.value.trim();
      if (kode.value.trim() && kodeTekst.value.trim()) payload.diagnose = [{ system: system.value, kode: kode.value.trim().toUpperCase(), tekst: kodeTekst.value.trim() }];
      if (vurdering.value.trim()) payload.medisinskVurdering = vurdering.value.trim();
      form.reset();
      tekst.focus();
      void this.deliver({ clientTxnId: randomId(), threadId, payload });
    });
    return form;
  }

  /** Sends (or re-sends, with the same clientTxnId) one message and shows it as pending until the hub has it. */
  private async deliver(p: Pending): Promise<void> {
    delete p.failed;
    this.pending.set(p.clientTxnId, p);
    this.drawConversation(false);
    try {
      const message = await this.ctx.live.send({ caseId: this.caseId, threadId: p.threadId, clientTxnId: p.clientTxnId, ...p.payload });
      this.pending.delete(p.clientTxnId);
      this.state?.addMessages(p.threadId, [message]);
      this.ctx.announce('Meldingen er sendt.');
    } catch (e) {
      p.failed = describeError(e);
      this.ctx.announce(`Meldingen ble ikke sendt: ${p.failed}`);
    }
    if (this.disposed) return;
    this.drawThreadList();
    if (p.threadId === this.selected) this.drawConversation(false);
  }

  private async markRead(): Promise<void> {
    const state = this.state;
    const threadId = this.selected;
    if (!state || !threadId || document.visibilityState !== 'visible') return;
    const seat = state.mySeat(threadId);
    const latest = state.latestSeq(threadId);
    if (!seat || latest <= (state.threads.get(threadId)?.markers.get(seat) ?? 0)) return;
    const markers = await this.ctx.live.markRead(this.caseId, threadId, latest);
    if (!markers || this.disposed) return;
    state.setMarkers(threadId, markers);
    this.drawThreadList();
  }

  private onTyping(threadId: string, seat: Seat): void {
    if (this.state?.me.seats.includes(seat)) return;
    const key = `${threadId} ${seat}`;
    clearTimeout(this.typingTimers.get(key));
    this.typingTimers.set(key, setTimeout(() => this.clearTyping(threadId, seat), TYPING_SHOWN_MS));
    this.drawTyping();
  }

  private clearTyping(threadId: string, seat?: string): void {
    for (const key of [...this.typingTimers.keys()]) {
      if (key.startsWith(`${threadId} `) && (!seat || key === `${threadId} ${seat}`)) {
        clearTimeout(this.typingTimers.get(key));
        this.typingTimers.delete(key);
      }
    }
    this.drawTyping();
  }

  private drawTyping(): void {
    const seats = [...this.typingTimers.keys()].filter((k) => k.startsWith(`${this.selected} `)).map((k) => seatLabel(k.split(' ')[1]));
    this.typingLine.textContent = seats.length ? `${seats.join(' og ')} skriver …` : '';
  }

  private newThreadForm(): HTMLElement {
    const subject = h('input', { name: 'subject', required: true, maxlength: 200 });
    const seats = this.otherSeats();
    const boxes = seats.map((seat) => {
      const box = h('input', { type: 'checkbox', name: 'participants', value: seat, id: `p-${seat.replace(':', '-')}` });
      return h('div', { class: 'check' }, box, h('label', { for: box.id }, seatLabel(seat)));
    });
    const error = h('p', { class: 'error', role: 'alert' });
    const form = h(
      'form',
      {},
      field('Emne', subject),
      h('fieldset', {}, h('legend', {}, 'Hvem skal være med'), ...boxes),
      error,
      h('button', { type: 'submit' }, 'Start samtalen'),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const chosen = [...form.querySelectorAll<HTMLInputElement>('input[name=participants]:checked')].map((b) => b.value);
      const mine = this.detail?.seats[0];
      const participants = [...new Set([...(mine ? [mine] : []), ...chosen])];
      this.ctx.api.post<{ id: string }>(`/cases/${this.caseId}/threads`, { subject: subject.value.trim(), participants }).then(
        (t) => {
          form.reset();
          error.textContent = '';
          this.ctx.announce('Samtalen er startet.');
          location.hash = `#/cases/${this.caseId}/${t.id}`;
          this.reloadThreads();
        },
        (e: unknown) => (error.textContent = describeError(e)),
      );
    });
    return h('details', { class: 'new-thread' }, h('summary', {}, 'Start ny samtale'), form);
  }

  /** The seats of the case's present parties other than the caller's own. */
  private otherSeats(): Seat[] {
    const d = this.detail;
    if (!d) return [];
    const seats = d.relations
      .filter((r) => r.endedAt === null)
      .map((r) => (r.role === 'arbeidsgiver' && r.orgnr ? `arbeidsgiver:${r.orgnr}` : r.role));
    return [...new Set(seats)].filter((s) => !d.seats.includes(s));
  }
}
