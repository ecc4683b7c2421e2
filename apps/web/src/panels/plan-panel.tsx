import { BodyShort, Button, Checkbox, CheckboxGroup, DatePicker, Tag, Textarea, useDatepicker } from '@navikt/ds-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { formatDate, formatDateTime, label, PLAN_STATUS, roleLabel } from '../format';
import type { DraftPlanBody, Oppfolgingsplan, PlanVersjon, SharePlanBody } from '../types';
import { confirmed, useGuardedAction } from './forms';
import type { CommentPlanBody } from './followup-types';
import { ErrorLine, Panel, useAction, useApp, useLoad } from '../ui';

const MOTTAKER_LABEL: Record<string, string> = { fastlege: 'fastlegen', nav: 'NAV' };

/**
 * The oppfølgingsplan between the nærmeste leder and the sykmeldt: the leader drafts it, either edits it (a new
 * version) and approves the latest version, and the leader shares an approved version with the fastlege and NAV.
 */
export function PlanPanel(props: { caseId: string; refresh: number }) {
  const { api, session } = useApp();
  const { data, error, reload } = useLoad(() => api.get<Oppfolgingsplan[]>(`/cases/${props.caseId}/oppfolgingsplaner`), props.refresh);
  return (
    <Panel name="plan" title="Oppfølgingsplan" error={error}>
      {session.role === 'veileder' || session.role === 'fastlege' ? (
        <BodyShort size="small" className="muted" spacing>
          Du ser versjonene nærmeste leder har delt med deg.
        </BodyShort>
      ) : null}
      {data && data.length === 0 ? (
        <>
          <BodyShort className="muted">Ingen oppfølgingsplan ennå.</BodyShort>
          {session.role === 'arbeidsgiver' ? (
            <VersionForm submit="Lag oppfølgingsplan" url={`/cases/${props.caseId}/oppfolgingsplaner`} onSaved={reload} />
          ) : null}
        </>
      ) : null}
      {data?.map((p) =>
        session.role === 'arbeidsgiver' || session.role === 'sykmeldt' ? (
          <Plan key={p.id} caseId={props.caseId} plan={p} onChanged={reload} />
        ) : (
          <SharedPlan key={p.id} plan={p} />
        ),
      )}
    </Panel>
  );
}

function Plan(props: { caseId: string; plan: Oppfolgingsplan; onChanged: () => void }) {
  const { api, session } = useApp();
  const p = props.plan;
  // A view leaves out what the caller may not see; the plans listed here carry their versions.
  const versjoner = p.versjoner ?? [];
  const delinger = p.delinger ?? [];
  const kommentarer = p.kommentarer ?? [];
  const latest = versjoner[versjoner.length - 1];
  const approvedByMe = latest.godkjentAv.some((g) => g.role === session.role);
  const base = `/cases/${props.caseId}/oppfolgingsplaner/${p.id}`;
  const approve = useAction();
  return (
    <article className="plan" data-plan={p.id}>
      <BodyShort spacing>
        <Tag variant="moderate" data-color={p.status === 'GODKJENT' ? 'success' : 'neutral'} size="small">
          {label(PLAN_STATUS, p.status)}
        </Tag>
        {` Versjon ${latest.versjon}, laget av ${roleLabel(latest.lagetAv)} ${formatDateTime(latest.lagetAt)}`}
      </BodyShort>
      <Content v={latest} />
      <BodyShort size="small" className="muted" spacing>
        {latest.godkjentAv.length ? `Godkjent av ${latest.godkjentAv.map((g) => roleLabel(g.role)).join(' og ')}` : 'Ikke godkjent ennå'}
      </BodyShort>
      {approvedByMe ? null : (
        <>
          <Button
            type="button"
            size="small"
            loading={approve.busy}
            onClick={() =>
              void approve
                .run(() => api.post(`${base}/versjoner/${latest.versjon}/godkjenning`), 'Planen er godkjent.')
                .then((ok) => ok && props.onChanged())
            }
          >
            {`Godkjenn versjon ${latest.versjon}`}
          </Button>
          <ErrorLine text={approve.error} />
        </>
      )}
      {delinger.length ? (
        <ul className="delinger">
          {delinger.map((d, i) => (
            <li
              key={i}
            >{`Versjon ${d.versjon} delt med ${MOTTAKER_LABEL[d.mottaker] ?? d.mottaker}${d.at ? ` ${formatDateTime(d.at)}` : ''}`}</li>
          ))}
        </ul>
      ) : null}
      {session.role === 'arbeidsgiver' && p.status === 'GODKJENT' && typeof p.gjeldendeVersjon === 'number' ? (
        <ShareForm base={base} versjon={p.gjeldendeVersjon} delinger={delinger} onShared={props.onChanged} />
      ) : null}
      {kommentarer.length ? (
        <ul className="kommentarer" aria-label="Kommentarer">
          {kommentarer.map((k, i) => (
            <li key={i}>{`${roleLabel(k.role)} om versjon ${k.versjon}${k.at ? ` ${formatDateTime(k.at)}` : ''}: ${k.tekst}`}</li>
          ))}
        </ul>
      ) : null}
      <CommentForm url={`${base}/versjoner/${latest.versjon}/kommentarer`} versjon={latest.versjon} onSaved={props.onChanged} />
      <details>
        <summary>Endre planen (ny versjon)</summary>
        <VersionForm submit="Lagre ny versjon" url={`${base}/versjoner`} from={latest} onSaved={props.onChanged} />
      </details>
    </article>
  );
}

/** The fastlege and NAV receive only the versions shared with them, without status, comments or sharing (fields.ts). */
function SharedPlan(props: { plan: Oppfolgingsplan }) {
  const versjoner = props.plan.versjoner ?? [];
  return (
    <article className="plan" data-plan={props.plan.id}>
      {versjoner.map((v) => (
        <div key={v.versjon} className="shared-version">
          <BodyShort size="small">{`Versjon ${v.versjon}${v.lagetAt ? `, laget ${formatDateTime(v.lagetAt)}` : ''}`}</BodyShort>
          <Content v={v} />
        </div>
      ))}
    </article>
  );
}

function CommentForm(props: { url: string; versjon: number; onSaved: () => void }) {
  const { api } = useApp();
  const [tekst, setTekst] = useState('');
  const [invalid, setInvalid] = useState<string>();
  const { busy, error, run, confirm } = useGuardedAction();
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!tekst.trim()) return setInvalid('Skriv kommentaren.');
    setInvalid(undefined);
    const body: CommentPlanBody = { tekst: tekst.trim() };
    if (await run((yes) => api.post(props.url, confirmed(body, yes)), 'Kommentaren er lagret.')) {
      setTekst('');
      props.onSaved();
    }
  };
  return (
    <form className="comment-form" onSubmit={(ev) => void submit(ev)} noValidate>
      <Textarea
        label={`Kommentar til versjon ${props.versjon}`}
        size="small"
        minRows={2}
        maxLength={1000}
        value={tekst}
        error={invalid}
        onChange={(e) => setTekst(e.target.value)}
      />
      <ErrorLine text={error} />
      {confirm}
      <Button type="submit" size="small" variant="secondary" loading={busy}>
        Lagre kommentar
      </Button>
    </form>
  );
}

function Content(props: { v: PlanVersjon }) {
  const { v } = props;
  return (
    <dl className="fields">
      <div>
        <dt>Arbeidsoppgaver</dt>
        <dd>{v.arbeidsoppgaver}</dd>
      </div>
      <div>
        <dt>Tilrettelegging</dt>
        <dd>{v.tilrettelegging}</dd>
      </div>
      <div>
        <dt>Oppfølging</dt>
        <dd>{v.oppfolging}</dd>
      </div>
      <div>
        <dt>Evalueres</dt>
        <dd>{formatDate(v.evalueringsdato)}</dd>
      </div>
    </dl>
  );
}

function ShareForm(props: { base: string; versjon: number; delinger: NonNullable<Oppfolgingsplan['delinger']>; onShared: () => void }) {
  const { api } = useApp();
  const [chosen, setChosen] = useState<string[]>([]);
  const [invalid, setInvalid] = useState<string>();
  const { busy, error, run } = useAction();
  const open = (['fastlege', 'nav'] as const).filter((m) => !props.delinger.some((d) => d.versjon === props.versjon && d.mottaker === m));
  if (open.length === 0) return null;
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (chosen.length === 0) return setInvalid('Velg hvem planen skal deles med.');
    setInvalid(undefined);
    const body: SharePlanBody = { mottakere: chosen as SharePlanBody['mottakere'] };
    if (await run(() => api.post(`${props.base}/versjoner/${props.versjon}/deling`, body), 'Planen er delt.')) props.onShared();
  };
  return (
    <form className="share" onSubmit={(ev) => void submit(ev)} noValidate>
      <CheckboxGroup
        legend={`Del versjon ${props.versjon} med`}
        value={chosen}
        onChange={(v: string[]) => setChosen(v)}
        error={invalid}
        size="small"
      >
        {open.map((m) => (
          <Checkbox key={m} value={m}>
            {m === 'nav' ? 'NAV' : 'Fastlegen'}
          </Checkbox>
        ))}
      </CheckboxGroup>
      <ErrorLine text={error} />
      <Button type="submit" size="small" loading={busy}>
        Del planen
      </Button>
    </form>
  );
}

function isoDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function VersionForm(props: { submit: string; url: string; from?: PlanVersjon; onSaved: () => void }) {
  const { api } = useApp();
  const [arbeidsoppgaver, setArbeidsoppgaver] = useState(props.from?.arbeidsoppgaver ?? '');
  const [tilrettelegging, setTilrettelegging] = useState(props.from?.tilrettelegging ?? '');
  const [oppfolging, setOppfolging] = useState(props.from?.oppfolging ?? '');
  const [dato, setDato] = useState<string | undefined>(props.from?.evalueringsdato);
  const [dateError, setDateError] = useState<string>();
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const { busy, error, run } = useAction();
  // Aksel's date picker: dd.mm.åååå, with Norwegian messages for a date that is not one.
  const { datepickerProps, inputProps } = useDatepicker({
    defaultSelected: props.from ? new Date(`${props.from.evalueringsdato}T12:00:00`) : undefined,
    onDateChange: (d) => setDato(d ? isoDay(d) : undefined),
    onValidate: (v) => setDateError(v.isInvalid && !v.isEmpty ? 'Skriv datoen som dd.mm.åååå, for eksempel 01.09.2026.' : undefined),
  });
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const need: Record<string, string> = {};
    if (!arbeidsoppgaver.trim()) need.arbeidsoppgaver = 'Skriv hvilke arbeidsoppgaver planen gjelder.';
    if (!tilrettelegging.trim()) need.tilrettelegging = 'Skriv hvordan arbeidet blir tilrettelagt.';
    if (!oppfolging.trim()) need.oppfolging = 'Skriv hvordan dere følger opp.';
    if (!dato && !dateError) need.dato = 'Velg når planen skal evalueres.';
    setInvalid(need);
    if (Object.keys(need).length > 0 || dateError || !dato) return;
    const body: DraftPlanBody = {
      arbeidsoppgaver: arbeidsoppgaver.trim(),
      tilrettelegging: tilrettelegging.trim(),
      oppfolging: oppfolging.trim(),
      evalueringsdato: dato,
    };
    if (await run(() => api.post(props.url, body), 'Planen er lagret.')) props.onSaved();
  };
  return (
    <form className="plan-form" onSubmit={(ev) => void submit(ev)} noValidate>
      <Textarea
        label="Arbeidsoppgaver"
        minRows={2}
        maxLength={4000}
        value={arbeidsoppgaver}
        error={invalid.arbeidsoppgaver}
        onChange={(e) => setArbeidsoppgaver(e.target.value)}
      />
      <Textarea
        label="Tilrettelegging"
        minRows={2}
        maxLength={4000}
        value={tilrettelegging}
        error={invalid.tilrettelegging}
        onChange={(e) => setTilrettelegging(e.target.value)}
      />
      <Textarea
        label="Oppfølging"
        minRows={2}
        maxLength={4000}
        value={oppfolging}
        error={invalid.oppfolging}
        onChange={(e) => setOppfolging(e.target.value)}
      />
      <DatePicker {...datepickerProps}>
        <DatePicker.Input {...inputProps} label="Evalueringsdato" description="dd.mm.åååå" error={dateError ?? invalid.dato} />
      </DatePicker>
      <ErrorLine text={error} />
      <Button type="submit" size="small" loading={busy}>
        {props.submit}
      </Button>
    </form>
  );
}
