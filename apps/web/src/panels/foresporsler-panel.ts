import { describeError, randomId } from '../api.js';
import type { AppContext } from '../context.js';
import { field, h } from '../dom.js';
import { formatDateTime } from '../format.js';
import type { Dialogmelding, Thread } from '../types.js';
import { Panel } from './panel.js';

interface Open {
  thread: Thread;
  d: Dialogmelding;
}

/**
 * Forespørsler from NAV to the fastlege with their svarfrist. The fastlege answers in place; the veileder follows
 * their status. The frist is the hub's FORESPORSEL_DEADLINE_HOURS after sending, as its ubesvart rule counts it.
 */
export class ForesporslerPanel extends Panel {
  /** One clientTxnId per forespørsel's answer, kept across retries so a repeated send stores one svar. */
  private readonly txn = new Map<string, string>();
  private readonly drafts = new Map<string, string>();

  constructor(
    ctx: AppContext,
    caseId: string,
    private readonly threads: () => Thread[],
  ) {
    super(ctx, caseId, ctx.session.role === 'fastlege' ? 'Forespørsler fra NAV' : 'Forespørsler til fastlegen', 'foresporsler');
  }

  async refresh(): Promise<void> {
    let all: Open[];
    try {
      const lists = await Promise.all(
        this.threads().map(async (thread) =>
          (await this.ctx.api.get<Dialogmelding[]>(`/cases/${this.caseId}/threads/${thread.id}/dialogmeldinger`)).map((d) => ({ thread, d })),
        ),
      );
      all = lists.flat().filter((o) => o.d.kind === 'FORESPORSEL' && o.d.direction === 'UT');
    } catch (e) {
      return this.failed(e);
    }
    this.ok();
    const open = all.filter((o) => !o.d.besvartAt && o.d.status !== 'AVVIST');
    const answered = all.length - open.length;
    this.show(
      open.length === 0 ? h('p', { class: 'muted' }, 'Ingen åpne forespørsler.') : h('ul', { class: 'foresporsler' }, ...open.map((o) => this.item(o))),
      answered > 0 ? h('p', { class: 'muted' }, `${answered} besvart${answered === 1 ? '' : 'e'}.`) : null,
    );
  }

  private item({ thread, d }: Open): HTMLElement {
    const sent = d.sentAt ?? d.createdAt;
    const frist = new Date(new Date(sent).getTime() + this.ctx.config.foresporselDeadlineHours * 3_600_000).toISOString();
    const li = h(
      'li',
      { class: `foresporsel${d.ubesvart ? ' overdue' : ''}`, 'data-dialogmelding': d.id },
      h('p', { class: 'meta' }, `I «${thread.subject}», sendt ${formatDateTime(sent)}`),
      h('p', { class: 'text' }, d.tekst ?? ''),
      h('p', { class: 'deadline' }, `Svarfrist ${formatDateTime(frist)}`, d.ubesvart ? h('span', { class: 'pill warn' }, 'Fristen er passert') : null),
      d.paminnelseSentAt ? h('p', { class: 'muted' }, `Påminnelse sendt ${formatDateTime(d.paminnelseSentAt)}`) : null,
    );
    if (this.ctx.session.role !== 'fastlege') return li;
    const tekst = h('textarea', { name: 'svar', rows: 3, required: true, maxlength: 10000 });
    tekst.value = this.drafts.get(d.id) ?? '';
    tekst.addEventListener('input', () => this.drafts.set(d.id, tekst.value));
    const error = h('p', { class: 'error', role: 'alert' });
    const button = h('button', { type: 'submit', class: 'primary' }, 'Send svar');
    const form = h('form', { class: 'svar' }, field('Ditt svar', tekst), error, button);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (!tekst.value.trim()) return;
      const clientTxnId = this.txn.get(d.id) ?? randomId();
      this.txn.set(d.id, clientTxnId);
      button.disabled = true;
      this.ctx.api.post(`/cases/${this.caseId}/threads/${thread.id}/dialogmeldinger/${d.id}/svar`, { clientTxnId, tekst: tekst.value.trim() }).then(
        () => {
          this.drafts.delete(d.id);
          this.ctx.announce('Svaret er sendt.');
          void this.refresh();
        },
        (e: unknown) => {
          button.disabled = false;
          error.textContent = `Svaret ble ikke sendt: ${describeError(e)}`;
        },
      );
    });
    li.append(form);
    return li;
  }
}
