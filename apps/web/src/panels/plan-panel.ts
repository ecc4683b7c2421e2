import { describeError } from '../api.js';
import type { AppContext } from '../context.js';
import { field, h } from '../dom.js';
import { formatDate, formatDateTime, label, PLAN_STATUS, roleLabel } from '../format.js';
import type { Oppfolgingsplan, PlanVersjon } from '../types.js';
import { Panel } from './panel.js';

const MOTTAKER_LABEL: Record<string, string> = { fastlege: 'fastlegen', nav: 'NAV' };

/**
 * The oppfølgingsplan between the nærmeste leder and the sykmeldt: the leader drafts it, either edits it (a new
 * version) and approves the latest version, and the leader shares an approved version with the fastlege and NAV.
 */
export class PlanPanel extends Panel {
  constructor(ctx: AppContext, caseId: string) {
    super(ctx, caseId, 'Oppfølgingsplan', 'plan');
  }

  async refresh(): Promise<void> {
    let plans: Oppfolgingsplan[];
    try {
      plans = await this.ctx.api.get<Oppfolgingsplan[]>(`/cases/${this.caseId}/oppfolgingsplaner`);
    } catch (e) {
      return this.failed(e);
    }
    this.ok();
    if (plans.length === 0) {
      this.show(
        h('p', { class: 'muted' }, 'Ingen oppfølgingsplan ennå.'),
        this.ctx.session.role === 'arbeidsgiver' ? this.versionForm('Lag oppfølgingsplan', `/cases/${this.caseId}/oppfolgingsplaner`) : null,
      );
      return;
    }
    this.show(...plans.map((p) => this.plan(p)));
  }

  private plan(p: Oppfolgingsplan): HTMLElement {
    const latest = p.versjoner[p.versjoner.length - 1];
    const role = this.ctx.session.role;
    const approvedByMe = latest.godkjentAv.some((g) => g.role === role);
    const base = `/cases/${this.caseId}/oppfolgingsplaner/${p.id}`;
    return h(
      'article',
      { class: 'plan', 'data-plan': p.id },
      h('p', {}, h('span', { class: 'pill' }, label(PLAN_STATUS, p.status)), ` Versjon ${latest.versjon}, laget av ${roleLabel(latest.lagetAv)} ${formatDateTime(latest.lagetAt)}`),
      this.content(latest),
      h('p', { class: 'muted' }, latest.godkjentAv.length ? `Godkjent av ${latest.godkjentAv.map((g) => roleLabel(g.role)).join(' og ')}` : 'Ikke godkjent ennå'),
      approvedByMe ? null : this.action(`Godkjenn versjon ${latest.versjon}`, () => this.ctx.api.post(`${base}/versjoner/${latest.versjon}/godkjenning`), 'Planen er godkjent.'),
      p.delinger.length
        ? h('ul', { class: 'delinger' }, ...p.delinger.map((d) => h('li', {}, `Versjon ${d.versjon} delt med ${MOTTAKER_LABEL[d.mottaker] ?? d.mottaker}${d.at ? ` ${formatDateTime(d.at)}` : ''}`)))
        : null,
      role === 'arbeidsgiver' && p.status === 'GODKJENT' && p.gjeldendeVersjon !== null ? this.shareForm(base, p.gjeldendeVersjon, p.delinger) : null,
      h('details', {}, h('summary', {}, 'Endre planen (ny versjon)'), this.versionForm('Lagre ny versjon', `${base}/versjoner`, latest)),
    );
  }

  private content(v: PlanVersjon): HTMLElement {
    const row = (dt: string, dd: string) => h('div', {}, h('dt', {}, dt), h('dd', {}, dd));
    return h(
      'dl',
      { class: 'fields' },
      row('Arbeidsoppgaver', v.arbeidsoppgaver),
      row('Tilrettelegging', v.tilrettelegging),
      row('Oppfølging', v.oppfolging),
      row('Evalueres', formatDate(v.evalueringsdato)),
    );
  }

  private action(text: string, run: () => Promise<unknown>, done: string): HTMLElement {
    const button = h('button', { type: 'button' }, text);
    button.addEventListener('click', () => {
      button.disabled = true;
      run().then(
        () => {
          this.ctx.announce(done);
          void this.refresh();
        },
        (e: unknown) => {
          button.disabled = false;
          this.failed(e);
        },
      );
    });
    return button;
  }

  private shareForm(base: string, versjon: number, delinger: Oppfolgingsplan['delinger']): HTMLElement | null {
    const open = (['fastlege', 'nav'] as const).filter((m) => !delinger.some((d) => d.versjon === versjon && d.mottaker === m));
    if (open.length === 0) return null;
    const boxes = open.map((m) => {
      const box = h('input', { type: 'checkbox', name: 'mottakere', value: m, id: `share-${m}` });
      return h('div', { class: 'check' }, box, h('label', { for: box.id }, m === 'nav' ? 'NAV' : 'Fastlegen'));
    });
    const form = h('form', { class: 'share' }, h('fieldset', {}, h('legend', {}, `Del versjon ${versjon} med`), ...boxes), h('button', { type: 'submit' }, 'Del planen'));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const mottakere = [...form.querySelectorAll<HTMLInputElement>('input:checked')].map((b) => b.value);
      if (mottakere.length === 0) return this.failed(new Error('Velg hvem planen skal deles med'));
      this.ctx.api.post(`${base}/versjoner/${versjon}/deling`, { mottakere }).then(
        () => {
          this.ctx.announce('Planen er delt.');
          void this.refresh();
        },
        (e: unknown) => this.failed(e),
      );
    });
    return form;
  }

  private versionForm(submit: string, url: string, from?: PlanVersjon): HTMLElement {
    const area = (name: string, value = '') => {
      const t = h('textarea', { name, rows: 2, required: true, maxlength: 4000 });
      t.value = value;
      return t;
    };
    const arbeidsoppgaver = area('arbeidsoppgaver', from?.arbeidsoppgaver);
    const tilrettelegging = area('tilrettelegging', from?.tilrettelegging);
    const oppfolging = area('oppfolging', from?.oppfolging);
    const evaluering = h('input', { type: 'date', name: 'evalueringsdato', required: true, value: from?.evalueringsdato });
    const error = h('p', { class: 'error', role: 'alert' });
    const form = h(
      'form',
      { class: 'plan-form' },
      field('Arbeidsoppgaver', arbeidsoppgaver),
      field('Tilrettelegging', tilrettelegging),
      field('Oppfølging', oppfolging),
      field('Evalueringsdato', evaluering),
      error,
      h('button', { type: 'submit' }, submit),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const body = { arbeidsoppgaver: arbeidsoppgaver.value.trim(), tilrettelegging: tilrettelegging.value.trim(), oppfolging: oppfolging.value.trim(), evalueringsdato: evaluering.value };
      this.ctx.api.post(url, body).then(
        () => {
          this.ctx.announce('Planen er lagret.');
          void this.refresh();
        },
        (e: unknown) => (error.textContent = describeError(e)),
      );
    });
    return form;
  }
}
