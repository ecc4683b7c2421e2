import { Alert, BodyShort, Button, Checkbox, CheckboxGroup, Detail, Heading, Link, Tag, TextField } from '@navikt/ds-react';
import { useCallback, useEffect, useLayoutEffect, useReducer, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { describeError } from './api';
import { MessageAttachments } from './attachments';
import { loadThreads } from './case-list';
import { CaseState } from './case-state';
import { Composer } from './composer';
import type { Outgoing } from './composer';
import { debounce } from './context';
import { authorLabel, formatDate, formatDateTime, rememberPartyNames, roleLabel, roleOfSeat, seatLabel } from './format';
import { healthFindings, HealthTextWarning } from './health-text';
import { ConsentPanel } from './panels/consent-panel';
import { DialogmotePanel } from './panels/dialogmote-panel';
import { FollowupPanel } from './panels/followup-panel';
import { ForesporslerPanel } from './panels/foresporsler-panel';
import { HandoverPanel } from './panels/handover-panel';
import { MessageFields, MessageVersions, OwnMessageActions } from './message-tools';
import { InnsynPanel } from './panels/innsyn-panel';
import { MotebehovPanel } from './panels/motebehov-panel';
import { PlanPanel } from './panels/plan-panel';
import { ThreadParticipants } from './participants';
import { CaseSearch } from './search';
import type { CaseDetail, CaseEvent, CreateThreadBody, HealthFinding, Message, Seat, Thread } from './types';
import { ErrorLine, useApp } from './ui';

interface Pending {
  clientTxnId: string;
  threadId: string;
  payload: Outgoing;
  failed?: string;
}

/** Which parts of the page an event asks to reload. */
type PanelKey = 'plan' | 'followup' | 'dialog' | 'consent' | 'case' | 'mote' | 'any';

const TYPING_SHOWN_MS = 4000;

function byCreated(a: { thread: Thread }, b: { thread: Thread }): number {
  return a.thread.createdAt.localeCompare(b.thread.createdAt);
}

/** One case: its threads with live messages, read markers, typing and a composer, and the caller's role panels. */
export function CasePage(props: { caseId: string; threadId?: string; messageId?: string; online: boolean }) {
  const ctx = useApp();
  const { caseId } = props;
  const state = useRef<CaseState | undefined>(undefined);
  const [detail, setDetail] = useState<CaseDetail>();
  const [loadError, setLoadError] = useState<string>();
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const [keys, setKeys] = useState<Record<PanelKey, number>>({ plan: 0, followup: 0, dialog: 0, consent: 0, case: 0, mote: 0, any: 0 });
  const [ended, setEnded] = useState(false);
  const [subscribed, setSubscribed] = useState(false);
  const [online, setOnline] = useState<Set<Seat>>(new Set());
  const typing = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const pending = useRef(new Map<string, Pending>());
  const heading = useRef<HTMLHeadingElement>(null);

  const threads = state.current ? [...state.current.threads.values()].sort(byCreated) : [];
  const selected = props.threadId && state.current?.threads.has(props.threadId) ? props.threadId : threads[0]?.thread.id;

  const reloadThreads = useRef(debounce(() => undefined, 150));
  const reloadPresence = useRef(debounce(() => undefined, 150));

  useEffect(() => {
    let disposed = false;
    let stop: (() => void) | undefined;
    const refreshThreads = async () => {
      const s = state.current;
      if (!s) return;
      try {
        await loadThreads(ctx, caseId, s, (t) => !s.threads.get(t.id)?.loaded);
      } catch {
        return;
      }
      if (disposed) return;
      redraw();
      setKeys((k) => ({ ...k, dialog: k.dialog + 1 }));
    };
    const refreshDetail = async () => {
      try {
        const d = await ctx.api.get<CaseDetail>(`/cases/${caseId}`);
        if (!disposed) setDetail(d);
      } catch {
        // The next event tries again.
      }
    };
    const refreshPresence = async () => {
      const seats = await ctx.live.presence(caseId);
      if (!disposed) setOnline(new Set(seats));
    };
    reloadThreads.current = debounce(() => void refreshThreads(), 150);
    reloadPresence.current = debounce(() => void refreshPresence(), 150);
    const onEvents = (events: CaseEvent[]) => {
      const s = state.current;
      if (!s || disposed) return;
      const panels = new Set<PanelKey>(['any']);
      let changed = false;
      for (const e of events) {
        const change = s.apply(e);
        if (change.kind === 'thread' || change.kind === 'markers') changed = true;
        else if (change.kind === 'threads') reloadThreads.current();
        else if (change.kind === 'panel') panels.add(change.panel);
        if (e.type === 'message.created' && e.message && e.threadId && !s.isMine(e.message)) clearTyping(e.threadId);
      }
      if (panels.has('case') || panels.has('consent')) void refreshDetail();
      // A consent changes which fields of the messages already held this role may see: fetch them again as sent now.
      if (panels.has('consent')) {
        for (const t of s.threads.values()) t.loaded = false;
        reloadThreads.current();
      }
      setKeys((k) => {
        const next = { ...k };
        for (const p of panels) next[p] += 1;
        return next;
      });
      if (changed) redraw();
    };
    void (async () => {
      try {
        // The case's lastSeq is taken before anything else is read, so the socket resumes from a point no later than
        // the REST snapshot; whatever both deliver is applied once.
        const d = await ctx.api.get<CaseDetail>(`/cases/${caseId}`);
        const s = new CaseState({ sub: ctx.session.sub, role: ctx.session.role, seats: d.seats });
        s.lastSeq = d.case.lastSeq ?? 0;
        await loadThreads(ctx, caseId, s);
        if (disposed) return;
        state.current = s;
        setDetail(d);
      } catch (e) {
        if (!disposed) setLoadError(describeError(e));
        return;
      }
      stop = ctx.live.watch(caseId, {
        after: () => state.current?.lastSeq ?? 0,
        onEvents,
        onRefetch: async (lastSeq) => {
          const s = state.current;
          if (!s) return;
          s.lastSeq = lastSeq;
          for (const t of s.threads.values()) t.loaded = false;
          await refreshThreads();
        },
        onEnded: () => {
          setEnded(true);
          stop?.();
        },
        onSubscribed: () => setSubscribed(true),
        onTyping: (threadId, seat) => onTyping(threadId, seat),
        onPresence: () => reloadPresence.current(),
      });
      reloadPresence.current();
    })();
    const timers = typing.current;
    return () => {
      disposed = true;
      stop?.();
      reloadThreads.current.cancel();
      reloadPresence.current.cancel();
      timers.forEach((t) => clearTimeout(t));
    };
    // The page is made once per case (keyed by caseId).
  }, []);

  // The names belong to this case only.
  useEffect(() => () => rememberPartyNames(undefined), []);

  // Opening the case moves focus to its heading, so a screen reader starts there.
  const loaded = detail !== undefined;
  useEffect(() => {
    if (!loaded) return;
    document.title = `Sak for ${detail?.case.sykmeldtNavn ?? detail?.case.sykmeldtId ?? 'sykmeldt'} – Samhandling`;
    // A search hit opened the case at a message: the conversation has put focus there.
    if (!props.messageId) heading.current?.focus();
  }, [loaded]);

  const onTyping = (threadId: string, seat: Seat) => {
    if (state.current?.me.seats.includes(seat)) return;
    const key = `${threadId} ${seat}`;
    clearTimeout(typing.current.get(key));
    typing.current.set(
      key,
      setTimeout(() => clearTyping(threadId, seat), TYPING_SHOWN_MS),
    );
    redraw();
  };
  const clearTyping = (threadId: string, seat?: string) => {
    for (const key of [...typing.current.keys()]) {
      if (key.startsWith(`${threadId} `) && (!seat || key === `${threadId} ${seat}`)) {
        clearTimeout(typing.current.get(key));
        typing.current.delete(key);
      }
    }
    redraw();
  };

  // Read markers: whatever the open thread shows while the tab is visible is read.
  const markRead = useCallback(async () => {
    const s = state.current;
    if (!s || !selected || document.visibilityState !== 'visible') return;
    const seat = s.mySeat(selected);
    const latest = s.latestSeq(selected);
    if (!seat || latest <= (s.threads.get(selected)?.markers.get(seat) ?? 0)) return;
    const markers = await ctx.live.markRead(caseId, selected, latest);
    if (!markers) return;
    s.setMarkers(selected, markers);
    redraw();
  }, [ctx, caseId, selected]);
  useEffect(() => {
    void markRead();
  });
  useEffect(() => {
    const onVisible = () => void markRead();
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [markRead]);
  // Coming back online re-reads who is here; offline, nobody is shown as present.
  useEffect(() => {
    if (props.online) reloadPresence.current();
  }, [props.online]);

  /** Sends; a refusal as health information goes back to the composer (the findings) instead of a failed entry. */
  const deliver = async (p: Pending): Promise<HealthFinding[] | undefined> => {
    delete p.failed;
    pending.current.set(p.clientTxnId, p);
    redraw();
    let findings: HealthFinding[] | undefined;
    try {
      const message = await ctx.live.send({ caseId, threadId: p.threadId, clientTxnId: p.clientTxnId, ...p.payload });
      pending.current.delete(p.clientTxnId);
      state.current?.addMessages(p.threadId, [message]);
      ctx.announce('Meldingen er sendt.');
    } catch (e) {
      findings = healthFindings(e);
      if (findings) {
        pending.current.delete(p.clientTxnId);
        ctx.announce('Meldingen ble ikke sendt: den ser ut til å inneholde helseopplysninger.');
      } else {
        p.failed = describeError(e);
        ctx.announce(`Meldingen ble ikke sendt: ${p.failed}`);
      }
    }
    redraw();
    return findings;
  };

  if (loadError) {
    return (
      <main id="main" tabIndex={-1} className="page">
        <Heading level="1" size="large">
          Sak
        </Heading>
        <Alert variant="error" role="alert">
          {loadError}
        </Alert>
        <Link href="#/">Tilbake til sakene</Link>
      </main>
    );
  }
  const s = state.current;
  if (!s || !detail) {
    return (
      <main id="main" tabIndex={-1} className="page">
        <Heading level="1" size="large">
          Sak
        </Heading>
        <BodyShort role="status">Henter saken …</BodyShort>
      </main>
    );
  }
  const role = ctx.session.role;
  // Every seat label on the page names who sits there, as far as the hub lets this party know.
  rememberPartyNames(detail);
  const who = detail.case.sykmeldtNavn ?? detail.case.sykmeldtId ?? 'sykmeldt';
  const t = selected ? s.threads.get(selected) : undefined;
  const typingSeats = [...typing.current.keys()].filter((k) => k.startsWith(`${selected} `)).map((k) => seatLabel(k.split(' ')[1]));
  const threadsWithLege = threads.map((x) => x.thread).filter((x) => x.participants.includes('fastlege'));

  return (
    <main id="main" tabIndex={-1} className="page case-page" data-live={subscribed ? 'subscribed' : undefined}>
      <Link href="#/">← Alle saker</Link>
      <Heading level="1" size="large" tabIndex={-1} ref={heading}>
        {`Sak for ${who}`}
      </Heading>
      {detail.case.startDate ? <BodyShort className="muted">{`Første sykedag ${formatDate(detail.case.startDate)}`}</BodyShort> : null}
      {ended ? (
        <Alert variant="warning" role="alert">
          Du har ikke lenger tilgang til denne saken. Det du ser, er slik det var da tilgangen stoppet.
        </Alert>
      ) : null}
      <fieldset className="case-grid" disabled={ended}>
        <section className="threads" aria-labelledby="threads-h">
          <Heading level="2" size="small" id="threads-h" spacing>
            Samtaler
          </Heading>
          <CaseSearch caseId={caseId} subject={(id) => (id ? s.threads.get(id)?.thread.subject : undefined)} />
          <ul className="thread-list">
            {threads.length === 0 ? <li className="muted">Ingen samtaler ennå.</li> : null}
            {threads.map(({ thread }) => {
              const unread = s.unread(thread.id);
              return (
                <li key={thread.id}>
                  <a
                    href={`#/cases/${caseId}/${thread.id}`}
                    aria-current={thread.id === selected ? 'page' : undefined}
                    data-thread={thread.id}
                  >
                    <span className="subject">{thread.subject}</span>
                    {unread > 0 ? (
                      <Tag variant="strong" data-color="info" size="xsmall" className="badge">
                        {`${unread}`}
                        <span className="sr-only">{unread === 1 ? ' ulest' : ' uleste'}</span>
                      </Tag>
                    ) : null}
                  </a>
                </li>
              );
            })}
          </ul>
          <NewThreadForm caseId={caseId} detail={detail} onCreated={() => reloadThreads.current()} />
        </section>
        {role === 'sykmeldt' ? <ConsentPanel caseId={caseId} detail={detail} /> : null}
        <section className="conversation" aria-labelledby="conv-h">
          {t ? (
            <Conversation
              key={t.thread.id}
              caseId={caseId}
              state={s}
              thread={t.thread}
              focus={props.threadId !== undefined}
              messageId={props.messageId}
              tools={<ThreadParticipants caseId={caseId} thread={t.thread} detail={detail} />}
              onMessage={(m) => {
                if (s.addMessages(t.thread.id, [m])) redraw();
              }}
              online={props.online ? online : new Set()}
              pending={[...pending.current.values()].filter((p) => p.threadId === t.thread.id)}
              typing={typingSeats}
              onRetry={(p) => void deliver(p)}
              composer={
                <Composer
                  caseId={caseId}
                  thread={t.thread}
                  disabled={ended}
                  onSend={(payload, clientTxnId) => deliver({ clientTxnId, threadId: t.thread.id, payload })}
                />
              }
            />
          ) : (
            <>
              <Heading level="2" size="small" id="conv-h">
                Ingen samtale valgt
              </Heading>
              <BodyShort>Velg en samtale, eller start en ny.</BodyShort>
            </>
          )}
        </section>
        <div className="panels">
          <DialogmotePanel caseId={caseId} refresh={keys.mote} />
          {role === 'fastlege' ? null : <MotebehovPanel caseId={caseId} refresh={keys.mote} />}
          {role === 'fastlege' || role === 'veileder' ? (
            <ForesporslerPanel caseId={caseId} threads={threadsWithLege} refresh={keys.dialog} />
          ) : null}
          <PlanPanel caseId={caseId} refresh={keys.plan} />
          {role === 'sykmeldt' ? <InnsynPanel caseId={caseId} refresh={keys.any} /> : null}
          <FollowupPanel caseId={caseId} refresh={keys.followup} seats={caseSeats(detail)} />
          {role === 'veileder' ? <HandoverPanel caseId={caseId} refresh={keys.followup + keys.dialog} /> : null}
        </div>
      </fieldset>
    </main>
  );
}

/** The seats of the case's active relations, which a task may be given to. */
function caseSeats(d: CaseDetail): Seat[] {
  const seats = d.relations
    .filter((r) => r.endedAt === null)
    .map((r) => (r.role === 'arbeidsgiver' && r.orgnr ? `arbeidsgiver:${r.orgnr}` : r.role));
  return [...new Set(seats)];
}

function Conversation(props: {
  caseId: string;
  state: CaseState;
  thread: Thread;
  focus: boolean;
  /** A message to show and focus (a search hit). */
  messageId?: string;
  tools?: ReactNode;
  onMessage: (m: Message) => void;
  online: Set<Seat>;
  pending: Pending[];
  typing: string[];
  onRetry: (p: Pending) => void;
  composer: ReactNode;
}) {
  const { state, thread } = props;
  const list = useRef<HTMLDivElement>(null);
  const h2 = useRef<HTMLHeadingElement>(null);
  const stick = useRef(true);
  const messages = state.ordered(thread.id);
  useEffect(() => {
    if (props.focus && !props.messageId) h2.current?.focus();
    // Focus moves only when the thread is chosen, not on every redraw.
  }, []);
  // A search hit opened here: scroll to its message and focus it (the log then stops following new messages).
  useEffect(() => {
    const el = props.messageId ? list.current?.querySelector<HTMLElement>(`li[data-id="${props.messageId}"]`) : null;
    if (!el) return;
    stick.current = false;
    el.scrollIntoView({ block: 'center' });
    el.focus();
  }, [props.messageId]);
  useLayoutEffect(() => {
    const el = list.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  });
  return (
    <>
      <Heading level="2" size="small" id="conv-h" tabIndex={-1} ref={h2}>
        {thread.subject}
      </Heading>
      <BodyShort size="small" className="participants">
        {'Deltakere: '}
        {thread.participants.map((seat, i) => (
          <span key={seat}>
            {i > 0 ? ', ' : ''}
            <span className={props.online.has(seat) ? 'online' : undefined}>
              {seatLabel(seat)}
              {props.online.has(seat) ? <span className="sr-only"> (pålogget)</span> : null}
            </span>
          </span>
        ))}
      </BodyShort>
      {props.tools}
      {/* The log is the scrolling region; the list inside keeps list semantics (role=log on an <ol> would drop them). */}
      <div
        className="message-log"
        role="log"
        aria-live="polite"
        aria-relevant="additions"
        aria-labelledby="conv-h"
        tabIndex={0}
        ref={list}
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        }}
      >
        <ol className="messages">
          {messages.map((m) => (
            <MessageItem
              key={m.id}
              caseId={props.caseId}
              threadId={thread.id}
              message={m}
              mine={state.isMine(m)}
              readBy={state.readBy(thread.id, m)}
              found={m.id !== undefined && m.id === props.messageId}
              onChanged={props.onMessage}
            />
          ))}
          {props.pending.map((p) => (
            <li key={p.clientTxnId} className="message mine pending" data-pending={p.clientTxnId}>
              <p className="meta">{p.failed ? <span className="error">{`Ikke sendt: ${p.failed}`}</span> : 'Sender …'}</p>
              <p className="text">{p.payload.tekst}</p>
              {p.failed ? (
                <Button type="button" size="small" variant="secondary" onClick={() => props.onRetry(p)}>
                  Prøv igjen
                </Button>
              ) : null}
            </li>
          ))}
          {messages.length === 0 && props.pending.length === 0 ? <li className="muted">Ingen meldinger ennå.</li> : null}
        </ol>
      </div>
      <p className="typing" aria-live="polite">
        {props.typing.length ? `${props.typing.join(' og ')} skriver …` : ''}
      </p>
      {props.composer}
    </>
  );
}

function MessageItem(props: {
  caseId: string;
  threadId: string;
  message: Message;
  mine: boolean;
  readBy: Seat[];
  found?: boolean;
  onChanged: (m: Message) => void;
}) {
  const m = props.message;
  const medical = (m.diagnose?.length ?? 0) > 0 || !!m.medisinskVurdering;
  // The leader's view of this message had no diagnosis and no medical assessment; say so where "read" is shown.
  const reader = (seat: Seat) =>
    medical && roleOfSeat(seat) === 'arbeidsgiver' ? `${seatLabel(seat)} (så ikke diagnose eller medisinsk vurdering)` : seatLabel(seat);
  return (
    <li
      className={`message${props.mine ? ' mine' : ''}${props.found ? ' found' : ''}`}
      data-seq={m.seq}
      data-id={m.id}
      tabIndex={props.found ? -1 : undefined}
    >
      <p className="meta">
        <span className="sender">{props.mine ? `${roleLabel(m.senderRole)} (deg)` : authorLabel(m.senderRole, m.senderNavn)}</span>{' '}
        <time dateTime={m.sentAt}>{formatDateTime(m.sentAt)}</time>
      </p>
      {m.editedAt && !m.redacted ? <MessageVersions caseId={props.caseId} threadId={props.threadId} message={m} /> : null}
      {m.redacted ? <p className="muted">Meldingen er trukket tilbake.</p> : <p className="text">{m.tekst ?? ''}</p>}
      {m.redacted ? null : <MessageFields m={m} />}
      {!m.redacted && m.attachments?.length ? (
        <MessageAttachments caseId={props.caseId} threadId={props.threadId} files={m.attachments} />
      ) : null}
      {props.readBy.length ? <Detail className="read-by">{`Lest av ${props.readBy.map(reader).join(', ')}`}</Detail> : null}
      {props.mine && !m.redacted && m.id ? (
        <OwnMessageActions caseId={props.caseId} threadId={props.threadId} message={m} onChanged={props.onChanged} />
      ) : null}
    </li>
  );
}

const RULE_LEGE_LEDER = 'Når fastlegen og nærmeste leder er med i samme samtale, må den sykmeldte også være med.';

function NewThreadForm(props: { caseId: string; detail: CaseDetail; onCreated: () => void }) {
  const ctx = useApp();
  const [subject, setSubject] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [errors, setErrors] = useState<{ subject?: string; participants?: string; form?: string }>({});
  // A subject the leader would read that looks like health information: the same write waits for the confirmation.
  const [refused, setRefused] = useState<{ body: CreateThreadBody; findings: HealthFinding[] }>();
  const d = props.detail;
  const mine = d.seats[0];
  const others = [
    ...new Set(
      d.relations.filter((r) => r.endedAt === null).map((r) => (r.role === 'arbeidsgiver' && r.orgnr ? `arbeidsgiver:${r.orgnr}` : r.role)),
    ),
  ].filter((x) => !d.seats.includes(x));
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    const participants = [...new Set([...(mine ? [mine] : []), ...chosen])];
    const next: typeof errors = {};
    if (!subject.trim()) next.subject = 'Skriv et emne.';
    if (chosen.length === 0) next.participants = 'Velg minst én å snakke med.';
    else if (
      participants.includes('fastlege') &&
      participants.some((p) => roleOfSeat(p) === 'arbeidsgiver') &&
      !participants.includes('sykmeldt')
    )
      next.participants = RULE_LEGE_LEDER;
    setErrors(next);
    if (next.subject || next.participants) return;
    create({ subject: subject.trim(), participants });
  };
  const create = (body: CreateThreadBody) => {
    setRefused(undefined);
    ctx.api.post<Thread>(`/cases/${props.caseId}/threads`, body).then(
      (t) => {
        setSubject('');
        setChosen([]);
        ctx.announce('Samtalen er startet.');
        location.hash = `#/cases/${props.caseId}/${t.id}`;
        props.onCreated();
      },
      (e: unknown) => {
        const findings = healthFindings(e);
        if (findings) setRefused({ body, findings });
        else setErrors({ form: describeError(e) });
      },
    );
  };
  return (
    <details className="new-thread">
      <summary>Start ny samtale</summary>
      <form onSubmit={submit} noValidate>
        <TextField
          label="Emne"
          name="subject"
          maxLength={200}
          value={subject}
          error={errors.subject}
          onChange={(e) => (setSubject(e.target.value), setRefused(undefined))}
        />
        <CheckboxGroup
          legend="Hvem skal være med"
          description={d.seats.includes('sykmeldt') ? undefined : RULE_LEGE_LEDER}
          value={chosen}
          onChange={(v: string[]) => setChosen(v)}
          error={errors.participants}
        >
          {others.map((seat) => (
            <Checkbox key={seat} value={seat}>
              {seatLabel(seat)}
            </Checkbox>
          ))}
        </CheckboxGroup>
        <ErrorLine text={errors.form} />
        {refused ? (
          <HealthTextWarning
            role={ctx.session.role}
            texts={{ subject: refused.body.subject }}
            findings={refused.findings}
            onConfirm={() => create({ ...refused.body, helseopplysningerBekreftet: true })}
          />
        ) : null}
        <Button type="submit" size="small">
          Start samtalen
        </Button>
      </form>
    </details>
  );
}
