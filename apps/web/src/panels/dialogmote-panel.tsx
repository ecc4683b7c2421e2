import {
  Alert,
  BodyShort,
  Button,
  Checkbox,
  CheckboxGroup,
  Heading,
  Link,
  Radio,
  RadioGroup,
  Select,
  Table,
  Tag,
  Textarea,
  TextField,
} from '@navikt/ds-react';
import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { formatDateTime, roleLabel } from '../format';
import type { Role } from '../types';
import { ErrorLine, Panel, useAction, useApp, useLoad } from '../ui';
import { confirmed, DateTimeFields, TIME_PATTERN, useGuardedAction, withOffset } from './forms';
import type { ConveneBody, Dialogmote, GiveSvarBody, MoteKind, NyttTidStedBody, Referat, ReferatBody, SvarType } from './followup-types';

const KIND_LABEL: Record<MoteKind, string> = { DM1: 'Dialogmøte 1', DM2: 'Dialogmøte 2', DM3: 'Dialogmøte 3' };
const STATUS_LABEL: Record<string, string> = {
  INNKALT: 'Innkalt',
  NYTT_TID_STED: 'Nytt tid og sted',
  FERDIGSTILT: 'Avholdt',
  AVLYST: 'Avlyst',
  LUKKET: 'Lukket',
};
const SVAR_LABEL: Record<SvarType, string> = { KOMMER: 'Kommer', NYTT_TID_STED: 'Ønsker nytt tid eller sted', KOMMER_IKKE: 'Kommer ikke' };
const OPEN = ['INNKALT', 'NYTT_TID_STED'];
// The sykmeldt and the nærmeste leder are in every møte, NAV in those it convenes (libs/domain dialogmote.ts).
const REQUIRED: Record<MoteKind, Role[]> = {
  DM1: ['sykmeldt', 'arbeidsgiver'],
  DM2: ['sykmeldt', 'arbeidsgiver', 'veileder'],
  DM3: ['sykmeldt', 'arbeidsgiver', 'veileder'],
};
const OPTIONAL: Record<MoteKind, Role[]> = { DM1: ['fastlege', 'veileder'], DM2: ['fastlege'], DM3: ['fastlege'] };
const REFERAT_PARTS: { key: keyof Referat & keyof ReferatBody; label: string }[] = [
  { key: 'situasjon', label: 'Situasjon' },
  { key: 'konklusjon', label: 'Konklusjon' },
  { key: 'arbeidstakerOppgave', label: 'Oppgave for arbeidstakeren' },
  { key: 'arbeidsgiverOppgave', label: 'Oppgave for arbeidsgiveren' },
  { key: 'veilederOppgave', label: 'Oppgave for NAV' },
  { key: 'behandlerOppgave', label: 'Oppgave for behandleren' },
];

/**
 * Dialogmøter: NAV calls DM2 and DM3, the nærmeste leder DM1; the convener moves, cancels, writes the referat and
 * closes; every invited party answers. Each sees of the others' svar and of the referat what the hub sends it.
 */
export function DialogmotePanel(props: { caseId: string; refresh: number }) {
  const { api, session } = useApp();
  const { data, error, reload } = useLoad(() => api.get<Dialogmote[]>(`/cases/${props.caseId}/dialogmoter`), props.refresh);
  const kinds: MoteKind[] = session.role === 'veileder' ? ['DM2', 'DM3'] : session.role === 'arbeidsgiver' ? ['DM1'] : [];
  return (
    <Panel name="dialogmoter" title="Dialogmøter" error={error}>
      {data && data.length === 0 ? <BodyShort className="muted">Ingen dialogmøter.</BodyShort> : null}
      {data?.map((m) => (
        <Mote key={m.id} caseId={props.caseId} mote={m} onChanged={reload} />
      ))}
      {kinds.length > 0 ? (
        <details>
          <summary>Kall inn til dialogmøte</summary>
          <ConveneForm caseId={props.caseId} kinds={kinds} onSaved={reload} />
        </details>
      ) : null}
    </Panel>
  );
}

function Mote(props: { caseId: string; mote: Dialogmote; onChanged: () => void }) {
  const { api, session } = useApp();
  const m = props.mote;
  const role = session.role;
  const base = `/cases/${props.caseId}/dialogmoter/${m.id}`;
  const open = OPEN.includes(m.status ?? '');
  const convener = m.innkaltAv === role;
  const invited = !convener && (m.deltakere ?? []).includes(role);
  const manage = useAction();
  const [cancelling, setCancelling] = useState(false);
  const act = (path: string, done: string) =>
    void manage.run(() => api.post(`${base}/${path}`), done).then((ok) => ok && props.onChanged());
  return (
    <article className="mote" data-mote={m.id} data-status={m.status}>
      <Heading level="3" size="xsmall">
        {`${m.kind ? KIND_LABEL[m.kind] : 'Dialogmøte'} ${formatDateTime(m.tid)} `}
        <Tag variant="moderate" data-color={m.status === 'AVLYST' ? 'danger' : open ? 'info' : 'success'} size="xsmall">
          {STATUS_LABEL[m.status ?? ''] ?? m.status}
        </Tag>
      </Heading>
      <dl className="fields">
        {m.sted ? (
          <div>
            <dt>Sted</dt>
            <dd>{m.sted}</dd>
          </div>
        ) : null}
        {m.videoLink ? (
          <div>
            <dt>Video</dt>
            <dd>
              <Link href={m.videoLink} target="_blank" rel="noreferrer">
                Videolenke
              </Link>
            </dd>
          </div>
        ) : null}
        {m.deltakere ? (
          <div>
            <dt>Deltakere</dt>
            <dd>{m.deltakere.map(roleLabel).join(', ')}</dd>
          </div>
        ) : null}
        {m.innkaltAv ? (
          <div>
            <dt>Innkalt av</dt>
            <dd>{roleLabel(m.innkaltAv)}</dd>
          </div>
        ) : null}
      </dl>
      {m.svar && m.svar.length > 0 ? (
        <Table size="small" className="svar-table">
          <caption className="sr-only">Svar på innkallingen</caption>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell scope="col">Deltaker</Table.HeaderCell>
              <Table.HeaderCell scope="col">Svar</Table.HeaderCell>
              <Table.HeaderCell scope="col">Ønske</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {m.svar.map((s) => (
              <Table.Row key={s.role} data-svar={s.role}>
                <Table.DataCell>{roleLabel(s.role)}</Table.DataCell>
                <Table.DataCell>{s.type ? SVAR_LABEL[s.type] : ''}</Table.DataCell>
                <Table.DataCell>{s.onske ?? ''}</Table.DataCell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      ) : open ? (
        <BodyShort size="small" className="muted">
          Ingen svar ennå.
        </BodyShort>
      ) : null}
      {convener && open && m.fastlegeUbesvartAt ? (
        <Alert variant="warning" size="small" inline>
          {`Fastlegen har ikke svart innen fristen (varslet ${formatDateTime(m.fastlegeUbesvartAt)}).`}
        </Alert>
      ) : null}
      {invited && open ? <SvarForm base={base} mote={m} role={role} onSaved={props.onChanged} /> : null}
      {m.referat ? <ReferatView referat={m.referat} /> : null}
      {convener && open ? (
        <div className="mote-actions">
          <details>
            <summary>Endre tid og sted</summary>
            <TidStedForm
              submit="Lagre ny tid og sted"
              onSubmit={(tidSted) => api.post(`${base}/nytt-tid-sted`, tidSted satisfies NyttTidStedBody)}
              done="Møtet har fått ny tid og sted."
              onSaved={props.onChanged}
            />
          </details>
          <details>
            <summary>Skriv referat og avslutt møtet</summary>
            <ReferatForm base={base} withBehandler={role !== 'arbeidsgiver'} onSaved={props.onChanged} />
          </details>
          {cancelling ? (
            <Alert variant="warning" size="small">
              <BodyShort spacing>Vil du avlyse møtet? Alle deltakerne får beskjed.</BodyShort>
              <div className="buttons">
                <Button type="button" size="small" variant="danger" loading={manage.busy} onClick={() => act('avlys', 'Møtet er avlyst.')}>
                  Ja, avlys møtet
                </Button>
                <Button type="button" size="small" variant="secondary" onClick={() => setCancelling(false)}>
                  Nei
                </Button>
              </div>
            </Alert>
          ) : (
            <Button type="button" size="small" variant="secondary" onClick={() => setCancelling(true)}>
              Avlys møtet
            </Button>
          )}
        </div>
      ) : null}
      {convener && m.status === 'FERDIGSTILT' ? (
        <Button type="button" size="small" variant="secondary" loading={manage.busy} onClick={() => act('lukk', 'Møtet er lukket.')}>
          Lukk møtet
        </Button>
      ) : null}
      <ErrorLine text={manage.error} />
    </article>
  );
}

function ReferatView(props: { referat: Referat }) {
  const r = props.referat;
  return (
    <section className="referat" aria-label="Referat">
      <Heading level="4" size="xsmall">
        {`Referat${r.skrevetAt ? ` skrevet ${formatDateTime(r.skrevetAt)}` : ''}`}
      </Heading>
      <dl className="fields">
        {REFERAT_PARTS.filter((p) => r[p.key]).map((p) => (
          <div key={p.key} data-referat={p.key}>
            <dt>{p.label}</dt>
            <dd>{r[p.key]}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function SvarForm(props: { base: string; mote: Dialogmote; role: Role; onSaved: () => void }) {
  const { api } = useApp();
  const m = props.mote;
  const mine = m.svar?.find((s) => s.role === props.role);
  const [svar, setSvar] = useState<SvarType | ''>('');
  const [onske, setOnske] = useState('');
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const { busy, error, run, confirm } = useGuardedAction();
  const maks = m.maksNyttTidOnsker ?? null;
  const brukt = m.nyttTidOnsker?.[props.role] ?? 0;
  const usedUp = maks !== null && brukt >= maks;
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const need: Record<string, string> = {};
    if (!svar) need.svar = 'Velg hva du svarer.';
    if (svar === 'NYTT_TID_STED' && !onske.trim()) need.onske = 'Skriv hvilket tidspunkt eller sted som passer bedre.';
    setInvalid(need);
    if (!svar || Object.keys(need).length > 0) return;
    const body: GiveSvarBody = svar === 'NYTT_TID_STED' ? { svar, onske: onske.trim() } : { svar };
    if (await run((yes) => api.post(`${props.base}/svar`, confirmed(body, yes)), 'Svaret ditt er sendt.')) {
      setSvar('');
      setOnske('');
      props.onSaved();
    }
  };
  return (
    <form className="mote-svar" onSubmit={(ev) => void submit(ev)} noValidate>
      {mine?.type ? <BodyShort size="small">{`Du har svart: ${SVAR_LABEL[mine.type]}.`}</BodyShort> : null}
      <RadioGroup
        legend={mine ? 'Endre svaret ditt' : 'Kommer du?'}
        size="small"
        value={svar}
        onChange={(v: SvarType) => setSvar(v)}
        error={invalid.svar}
      >
        <Radio value="KOMMER">Jeg kommer</Radio>
        {usedUp ? null : <Radio value="NYTT_TID_STED">Jeg ønsker nytt tid eller sted</Radio>}
        <Radio value="KOMMER_IKKE">Jeg kommer ikke</Radio>
      </RadioGroup>
      {usedUp ? (
        <Alert variant="info" size="small" inline className="decides">
          {`Du har bedt om nytt tidspunkt ${brukt} ${brukt === 1 ? 'gang' : 'ganger'}, så mange som ${roleLabel(m.innkaltAv).toLowerCase()} tillot. Nå bestemmer den som kalte inn tiden.`}
        </Alert>
      ) : maks !== null ? (
        <BodyShort
          size="small"
          className="muted"
        >{`Du kan be om nytt tidspunkt ${maks - brukt} ${maks - brukt === 1 ? 'gang' : 'ganger'} til.`}</BodyShort>
      ) : null}
      {svar === 'NYTT_TID_STED' ? (
        <Textarea
          label="Hvilket tidspunkt eller sted passer bedre?"
          size="small"
          minRows={2}
          maxLength={1000}
          value={onske}
          error={invalid.onske}
          onChange={(e) => setOnske(e.target.value)}
        />
      ) : null}
      <ErrorLine text={error} />
      {confirm}
      <Button type="submit" size="small" loading={busy}>
        Send svar
      </Button>
    </form>
  );
}

/** Time and place of a møte: the day (dd.mm.åååå), the time (tt:mm), the place and an optional video link. */
function TidStedForm(props: {
  submit: string;
  done: string;
  onSubmit: (tidSted: NyttTidStedBody) => Promise<unknown>;
  onSaved: () => void;
  extra?: ReactNode;
  check?: () => Record<string, string>;
}) {
  const [day, setDay] = useState<string>();
  const [time, setTime] = useState('');
  const [sted, setSted] = useState('');
  const [video, setVideo] = useState('');
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const { busy, error, run } = useAction();
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const need: Record<string, string> = { ...props.check?.() };
    if (!day) need.day = 'Velg dagen for møtet.';
    if (!TIME_PATTERN.test(time.trim())) need.time = 'Skriv klokkeslettet som tt:mm, for eksempel 09:30.';
    if (!sted.trim()) need.sted = 'Skriv hvor møtet holdes.';
    if (video.trim() && !/^https:\/\/\S+$/.test(video.trim())) need.video = 'Videolenken må begynne med https://.';
    setInvalid(need);
    if (Object.keys(need).length > 0 || !day) return;
    const body: NyttTidStedBody = {
      tid: withOffset(day, time.trim().replace('.', ':')),
      sted: sted.trim(),
      ...(video.trim() ? { videoLink: video.trim() } : {}),
    };
    if (await run(() => props.onSubmit(body), props.done)) props.onSaved();
  };
  return (
    <form className="tid-sted" onSubmit={(ev) => void submit(ev)} noValidate>
      {props.extra}
      <DateTimeFields
        dateLabel="Dato"
        timeLabel="Klokkeslett"
        time={time}
        onDay={setDay}
        onTime={setTime}
        dayError={invalid.day}
        timeError={invalid.time}
      />
      <TextField label="Sted" size="small" maxLength={200} value={sted} error={invalid.sted} onChange={(e) => setSted(e.target.value)} />
      <TextField
        label="Videolenke (valgfri)"
        size="small"
        maxLength={500}
        value={video}
        error={invalid.video}
        onChange={(e) => setVideo(e.target.value)}
      />
      <ErrorLine text={error} />
      <Button type="submit" size="small" loading={busy}>
        {props.submit}
      </Button>
    </form>
  );
}

function ConveneForm(props: { caseId: string; kinds: MoteKind[]; onSaved: () => void }) {
  const { api } = useApp();
  const [kind, setKind] = useState<MoteKind>(props.kinds[0]);
  const [extra, setExtra] = useState<string[]>([]);
  const [maks, setMaks] = useState('');
  const optional = OPTIONAL[kind];
  const fields = (
    <>
      {props.kinds.length > 1 ? (
        <Select label="Møte" size="small" value={kind} onChange={(e) => setKind(e.target.value as MoteKind)}>
          {props.kinds.map((k) => (
            <option key={k} value={k}>
              {KIND_LABEL[k]}
            </option>
          ))}
        </Select>
      ) : null}
      <CheckboxGroup
        legend="Hvem flere skal være med"
        description={`${REQUIRED[kind].map(roleLabel).join(', ')} er alltid med.`}
        size="small"
        value={extra}
        onChange={(v: string[]) => setExtra(v)}
      >
        {optional.map((r) => (
          <Checkbox key={r} value={r}>
            {roleLabel(r)}
          </Checkbox>
        ))}
      </CheckboxGroup>
      <Select
        label="Hvor mange ganger kan hver deltaker be om nytt tidspunkt?"
        size="small"
        value={maks}
        onChange={(e) => setMaks(e.target.value)}
      >
        <option value="">Ingen grense</option>
        {[0, 1, 2, 3].map((n) => (
          <option key={n} value={String(n)}>
            {String(n)}
          </option>
        ))}
      </Select>
    </>
  );
  return (
    <TidStedForm
      submit="Send innkalling"
      done="Innkallingen er sendt."
      extra={fields}
      onSubmit={(tidSted) => {
        const deltakere = [
          ...new Set([...REQUIRED[kind], ...extra.filter((r) => optional.includes(r as Role))]),
        ] as ConveneBody['deltakere'];
        const body: ConveneBody = { ...tidSted, kind, deltakere, ...(maks !== '' ? { maksNyttTidOnsker: Number(maks) } : {}) };
        return api.post(`/cases/${props.caseId}/dialogmoter`, body);
      }}
      onSaved={props.onSaved}
    />
  );
}

function ReferatForm(props: { base: string; withBehandler: boolean; onSaved: () => void }) {
  const { api } = useApp();
  const [values, setValues] = useState<Record<string, string>>({});
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const { busy, error, run, confirm } = useGuardedAction();
  const parts = REFERAT_PARTS.filter((p) => props.withBehandler || p.key !== 'behandlerOppgave');
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const need: Record<string, string> = {};
    if (!values.situasjon?.trim()) need.situasjon = 'Skriv situasjonen.';
    if (!values.konklusjon?.trim()) need.konklusjon = 'Skriv konklusjonen.';
    setInvalid(need);
    if (Object.keys(need).length > 0) return;
    const body: ReferatBody = { situasjon: values.situasjon.trim(), konklusjon: values.konklusjon.trim() };
    for (const p of parts) {
      const text = values[p.key]?.trim();
      if (text && p.key !== 'situasjon' && p.key !== 'konklusjon') body[p.key] = text;
    }
    if (await run((yes) => api.post(`${props.base}/ferdigstill`, confirmed(body, yes)), 'Referatet er lagret, og møtet er avholdt.'))
      props.onSaved();
  };
  return (
    <form className="referat-form" onSubmit={(ev) => void submit(ev)} noValidate>
      {parts.map((p) => (
        <Textarea
          key={p.key}
          label={p.label}
          description={p.key === 'behandlerOppgave' ? 'Vises aldri for nærmeste leder.' : undefined}
          size="small"
          minRows={2}
          maxLength={10_000}
          value={values[p.key] ?? ''}
          error={invalid[p.key]}
          onChange={(e) => setValues((v) => ({ ...v, [p.key]: e.target.value }))}
        />
      ))}
      <ErrorLine text={error} />
      {confirm}
      <Button type="submit" size="small" loading={busy}>
        Lagre referat og avslutt møtet
      </Button>
    </form>
  );
}
