import type { AppContext } from '../context.js';
import { h } from '../dom.js';
import type { CaseDetail } from '../types.js';
import { Panel } from './panel.js';

/** The sykmeldt's switches: may this virksomhet's nærmeste leder see funksjonsevne? */
export class ConsentPanel extends Panel {
  constructor(
    ctx: AppContext,
    caseId: string,
    private readonly detail: () => CaseDetail | undefined,
  ) {
    super(ctx, caseId, 'Samtykke', 'consent');
  }

  async refresh(): Promise<void> {
    const d = this.detail();
    if (!d) return;
    const orgnrs = [...new Set(d.relations.filter((r) => r.role === 'arbeidsgiver' && r.endedAt === null && r.orgnr).map((r) => r.orgnr as string))];
    if (orgnrs.length === 0) return this.show(h('p', { class: 'muted' }, 'Ingen arbeidsgiver i saken.'));
    this.show(
      h('p', { class: 'hint' }, 'Nærmeste leder ser aldri diagnose eller medisinske vurderinger. Funksjonsevne ser de bare når du sier ja.'),
      ...orgnrs.map((orgnr) => {
        const on = d.consents.some((c) => c.orgnr === orgnr && c.scope === 'funksjonsevne' && c.revokedAt === null);
        const box = h('input', { type: 'checkbox', role: 'switch', id: `consent-${orgnr}`, checked: on, 'aria-checked': String(on) });
        box.addEventListener('change', () => {
          const url = `/cases/${this.caseId}/consents/${orgnr}/funksjonsevne`;
          const want = box.checked;
          box.disabled = true;
          (want ? this.ctx.api.put(url) : this.ctx.api.delete(url)).then(
            () => {
              box.disabled = false;
              box.setAttribute('aria-checked', String(want));
              this.ok();
              this.ctx.announce(want ? 'Nærmeste leder kan nå se funksjonsevne.' : 'Nærmeste leder kan ikke lenger se funksjonsevne.');
            },
            (e: unknown) => {
              box.disabled = false;
              box.checked = !want;
              this.failed(e);
            },
          );
        });
        return h('div', { class: 'switch' }, box, h('label', { for: box.id }, `Nærmeste leder i org.nr. ${orgnr} kan se funksjonsevnen min`));
      }),
    );
  }
}
