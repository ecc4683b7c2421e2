import type { AppContext } from '../context.js';
import { h } from '../dom.js';
import { formatDate, label, MILESTONE_LABEL, MILESTONE_STATUS, roleLabel, seatLabel, TASK_STATUS, TRACK_LABEL } from '../format.js';
import type { Timeline, Track } from '../types.js';
import { Panel } from './panel.js';

/** The deadlines that concern the caller (timeline) and the parallelle løp with their tasks, as the hub sends them. */
export class FollowupPanel extends Panel {
  constructor(ctx: AppContext, caseId: string) {
    super(ctx, caseId, ctx.session.role === 'veileder' ? 'Frister, løp og oppgaver' : 'Frister og oppgaver', 'followup');
  }

  async refresh(): Promise<void> {
    let timeline: Timeline;
    let tracks: Track[];
    try {
      [timeline, tracks] = await Promise.all([
        this.ctx.api.get<Timeline>(`/cases/${this.caseId}/timeline`),
        this.ctx.api.get<Track[]>(`/cases/${this.caseId}/tracks`),
      ]);
    } catch (e) {
      return this.failed(e);
    }
    this.ok();
    this.show(
      h('h3', {}, `Tidslinje (uke ${timeline.uke})`),
      h(
        'ol',
        { class: 'timeline' },
        ...timeline.milestones.map((m) =>
          h(
            'li',
            { class: `status-${(m.doneAt ? 'done' : m.status).toLowerCase()}`, 'data-milestone': m.key },
            h('span', { class: 'what' }, label(MILESTONE_LABEL, m.key)),
            h('span', {}, ` frist ${formatDate(m.dueAt)} `),
            h('span', { class: 'pill' }, m.doneAt ? 'Utført' : label(MILESTONE_STATUS, m.status)),
            h('span', { class: 'muted' }, ` · ${m.mustAct.map(roleLabel).join(', ')}`),
          ),
        ),
      ),
      h('h3', {}, 'Parallelle løp'),
      tracks.length === 0
        ? h('p', { class: 'muted' }, 'Ingen løp.')
        : tracks.map((t) =>
            h(
              'div',
              { class: 'track', 'data-track': t.kind },
              h('h4', {}, label(TRACK_LABEL, t.kind)),
              t.tasks.length === 0
                ? h('p', { class: 'muted' }, 'Ingen oppgaver.')
                : h(
                    'ul',
                    { class: 'tasks' },
                    ...t.tasks.map((k) =>
                      h(
                        'li',
                        { class: k.overdue ? 'overdue' : undefined },
                        h('span', { class: 'what' }, k.tittel),
                        h('span', { class: 'muted' }, ` · ${k.egen ? 'din oppgave' : seatLabel(k.eier)} · frist ${formatDate(k.frist)} · `),
                        h('span', { class: 'pill' }, label(TASK_STATUS, k.status)),
                        k.overdue ? h('span', { class: 'pill warn' }, 'Forfalt') : null,
                      ),
                    ),
                  ),
            ),
          ),
    );
  }
}
