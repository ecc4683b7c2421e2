import type { AppContext } from '../context.js';
import { h } from '../dom.js';
import { AUDIT_ACTION, formatDateTime, label, roleLabel, SUBJECT_LABEL } from '../format.js';
import type { AuditEntry } from '../types.js';
import { Panel } from './panel.js';

const PAGE = 1000;
const MAX_PAGES = 10;
const SHOWN = 30;

/** Innsyn: who read or received what in the sykmeldt's case, and who was refused, newest first. */
export class InnsynPanel extends Panel {
  private entries: AuditEntry[] = [];
  private shown = SHOWN;

  constructor(ctx: AppContext, caseId: string) {
    super(ctx, caseId, 'Hvem har lest hva', 'innsyn');
  }

  async refresh(): Promise<void> {
    try {
      // The log is paged oldest first; continue from the last id already held.
      for (let i = 0; i < MAX_PAGES; i++) {
        const after = this.entries.length ? this.entries[this.entries.length - 1].id : 0;
        const page = await this.ctx.api.get<AuditEntry[]>(`/cases/${this.caseId}/audit?after=${after}&limit=${PAGE}`);
        // Two refreshes may overlap; an entry is held once.
        const held = new Set(this.entries.map((e) => e.id));
        this.entries.push(...page.filter((e) => !held.has(e.id)));
        this.entries.sort((a, b) => a.id - b.id);
        if (page.length < PAGE) break;
      }
    } catch (e) {
      return this.failed(e);
    }
    this.ok();
    this.draw();
  }

  private draw(): void {
    const newest = collapse([...this.entries].reverse()).slice(0, this.shown);
    const more = collapse(this.entries).length > this.shown ? h('button', { type: 'button', onclick: () => ((this.shown += SHOWN), this.draw()) }, 'Vis flere') : null;
    this.show(
      h(
        'table',
        { class: 'audit' },
        h('caption', { class: 'sr-only' }, 'Hvem har lest eller fått hva i saken din'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Når'), h('th', { scope: 'col' }, 'Hvem'), h('th', { scope: 'col' }, 'Hva'))),
        h(
          'tbody',
          {},
          ...newest.map(({ entry: e, times }) =>
            h(
              'tr',
              { class: e.decision === 'deny' ? 'denied' : undefined },
              h('td', {}, formatDateTime(e.at)),
              h('td', {}, `${roleLabel(e.actorRole)} (${e.actorId})`),
              h(
                'td',
                {},
                what(e),
                e.decision === 'deny' ? ' – avvist' : '',
                e.channel === 'socket' ? ' (direkte)' : '',
                times > 1 ? ` ×${times}` : '',
              ),
            ),
          ),
        ),
      ),
      more,
    );
  }
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
