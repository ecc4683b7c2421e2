import { BodyShort, Button, Checkbox, Heading, Radio, RadioGroup, Select, Tag, Textarea, TextField } from '@navikt/ds-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError } from '../api';
import { formatDate, formatDateTime, roleLabel } from '../format';
import { ErrorLine, Panel, useAction, useApp, useLoad } from '../ui';
import type { Dm2Unntak, Dm2UnntakBody, Motebehov, MotebehovBody, MotebehovOversikt } from './followup-types';

const ARSAK_LABEL: Record<Dm2UnntakBody['arsak'], string> = {
  MEDISINSKE_GRUNNER: 'Medisinske grunner',
  INNLEGGELSE_INSTITUSJON: 'Innlagt i institusjon',
  FORVENTET_FRISKMELDING_INNEN_28UKER: 'Forventet friskmelding innen 28 uker',
  DOKUMENTERT_TILTAK_FRISKMELDING: 'Dokumentert tiltak som gir friskmelding',
};
const NOT_SHOWN_TO_LEADER = 'Nærmeste leder ser ikke begrunnelsen din.';

/**
 * Møtebehov: the sykmeldt and the nærmeste leder answer NAV's question (SVAR_BEHOV, weeks 16–26) or raise a need any
 * time (MELD_BEHOV); NAV marks them behandlet and may record that DM2 is not needed (DM2-unntak).
 */
export function MotebehovPanel(props: { caseId: string; refresh: number }) {
  const { api, session } = useApp();
  const role = session.role;
  const { data, error, reload } = useLoad(async () => {
    const oversikt = await api.get<MotebehovOversikt>(`/cases/${props.caseId}/motebehov`);
    // No unntak, or none this role may see, answers not_found: shown as none.
    const unntak = await api.get<Dm2Unntak>(`/cases/${props.caseId}/dm2-unntak`).catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 404) return undefined;
      throw e;
    });
    return { oversikt, unntak };
  }, props.refresh);
  const answers = role === 'sykmeldt' || role === 'arbeidsgiver';
  const o = data?.oversikt;
  const answeredSvar = o?.motebehov.some((m) => m.innmelder === role && m.skjemaType === 'SVAR_BEHOV') ?? false;
  return (
    <Panel name="motebehov" title="Behov for dialogmøte" error={error}>
      {o ? (
        <BodyShort size="small" spacing>
          {o.svarBehov.open
            ? `NAV spør nå om det er behov for dialogmøte, fram til ${formatDate(o.svarBehov.closesAt)}.`
            : `NAV spør om behov for dialogmøte fra ${formatDate(o.svarBehov.opensAt)} til ${formatDate(o.svarBehov.closesAt)}.`}
        </BodyShort>
      ) : null}
      {o && o.motebehov.length === 0 ? <BodyShort className="muted">Ingen har meldt behov ennå.</BodyShort> : null}
      {o && o.motebehov.length > 0 ? (
        <ul className="motebehov-list">
          {o.motebehov.map((m) => (
            <Item key={m.id} caseId={props.caseId} m={m} onChanged={reload} />
          ))}
        </ul>
      ) : null}
      {answers && o ? (
        o.svarBehov.open && !answeredSvar ? (
          <MotebehovForm caseId={props.caseId} skjemaType="SVAR_BEHOV" onSaved={reload} />
        ) : (
          <details>
            <summary>Meld behov for dialogmøte</summary>
            <MotebehovForm caseId={props.caseId} skjemaType="MELD_BEHOV" onSaved={reload} />
          </details>
        )
      ) : null}
      {data?.unntak ? (
        <BodyShort size="small" className="unntak">
          {`Unntak fra dialogmøte 2${data.unntak.arsak ? `: ${ARSAK_LABEL[data.unntak.arsak]}` : ''}${data.unntak.at ? ` (${formatDate(data.unntak.at)})` : ''}`}
          {data.unntak.beskrivelse ? ` – ${data.unntak.beskrivelse}` : ''}
        </BodyShort>
      ) : null}
      {role === 'veileder' && data && !data.unntak ? (
        <details>
          <summary>Registrer unntak fra dialogmøte 2</summary>
          <UnntakForm caseId={props.caseId} onSaved={reload} />
        </details>
      ) : null}
    </Panel>
  );
}

function Item(props: { caseId: string; m: Motebehov; onChanged: () => void }) {
  const { api, session } = useApp();
  const { m } = props;
  const mark = useAction();
  const hiddenFromMe = session.role === 'arbeidsgiver' && m.innmelder === 'sykmeldt';
  return (
    <li className="motebehov" data-motebehov={m.id} data-innmelder={m.innmelder}>
      <BodyShort>
        <strong>{roleLabel(m.innmelder)}</strong>
        {`: ${m.harMotebehov ? 'Ønsker dialogmøte' : 'Trenger ikke dialogmøte nå'}`}
        {m.createdAt ? <span className="muted">{` · ${formatDateTime(m.createdAt)}`}</span> : null}{' '}
        <Tag variant="moderate" data-color={m.behandletAt ? 'success' : 'neutral'} size="xsmall">
          {m.behandletAt ? 'Behandlet' : 'Ikke behandlet'}
        </Tag>
      </BodyShort>
      {m.begrunnelse ? <BodyShort size="small" className="begrunnelse">{`Begrunnelse: ${m.begrunnelse}`}</BodyShort> : null}
      {hiddenFromMe ? (
        <BodyShort size="small" className="muted">
          Begrunnelsen til den sykmeldte vises ikke for nærmeste leder.
        </BodyShort>
      ) : null}
      <BodyShort size="small" className="muted">
        {[
          m.onskerSykmelderDeltar ? 'ønsker at sykmelder deltar' : '',
          m.onskerTolk ? `ønsker tolk${m.tolkSprak ? ` (${m.tolkSprak})` : ''}` : '',
        ]
          .filter(Boolean)
          .join(', ')}
      </BodyShort>
      {session.role === 'veileder' && !m.behandletAt ? (
        <>
          <Button
            type="button"
            size="small"
            variant="secondary"
            loading={mark.busy}
            onClick={() =>
              void mark
                .run(() => api.post(`/cases/${props.caseId}/motebehov/${m.id}/behandlet`), 'Møtebehovet er behandlet.')
                .then((ok) => ok && props.onChanged())
            }
          >
            {`Marker ${roleLabel(m.innmelder).toLowerCase()}s svar som behandlet`}
          </Button>
          <ErrorLine text={mark.error} />
        </>
      ) : null}
    </li>
  );
}

function MotebehovForm(props: { caseId: string; skjemaType: MotebehovBody['skjemaType']; onSaved: () => void }) {
  const { api, session } = useApp();
  const svar = props.skjemaType === 'SVAR_BEHOV';
  const [har, setHar] = useState<string>(svar ? '' : 'ja');
  const [begrunnelse, setBegrunnelse] = useState('');
  const [sykmelder, setSykmelder] = useState(false);
  const [tolk, setTolk] = useState(false);
  const [sprak, setSprak] = useState('');
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const { busy, error, run } = useAction();
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const need: Record<string, string> = {};
    if (!har) need.har = 'Velg ja eller nei.';
    if (svar && har === 'ja' && !begrunnelse.trim()) need.begrunnelse = 'Skriv hvorfor dere trenger et møte.';
    if (tolk && !sprak.trim()) need.sprak = 'Skriv hvilket språk tolken skal tolke.';
    setInvalid(need);
    if (Object.keys(need).length > 0) return;
    const body: MotebehovBody = {
      skjemaType: props.skjemaType,
      harMotebehov: har === 'ja',
      onskerSykmelderDeltar: sykmelder,
      onskerTolk: tolk,
      ...(begrunnelse.trim() ? { begrunnelse: begrunnelse.trim() } : {}),
      ...(tolk ? { tolkSprak: sprak.trim() } : {}),
    };
    if (await run(() => api.post(`/cases/${props.caseId}/motebehov`, body), 'Svaret om møtebehov er sendt.')) props.onSaved();
  };
  return (
    <form className="motebehov-form" data-skjema={props.skjemaType} onSubmit={(ev) => void submit(ev)} noValidate>
      {svar ? (
        <>
          <Heading level="3" size="xsmall">
            Svar NAV
          </Heading>
          <RadioGroup
            legend="Trenger dere et dialogmøte med NAV?"
            size="small"
            value={har}
            onChange={(v: string) => setHar(v)}
            error={invalid.har}
          >
            <Radio value="ja">Ja</Radio>
            <Radio value="nei">Nei</Radio>
          </RadioGroup>
        </>
      ) : null}
      <Textarea
        label={svar ? 'Begrunnelse' : 'Hvorfor trenger dere et møte?'}
        description={session.role === 'sykmeldt' ? NOT_SHOWN_TO_LEADER : undefined}
        size="small"
        minRows={2}
        maxLength={1000}
        value={begrunnelse}
        error={invalid.begrunnelse}
        onChange={(e) => setBegrunnelse(e.target.value)}
      />
      <Checkbox size="small" checked={sykmelder} onChange={(e) => setSykmelder(e.target.checked)}>
        Jeg ønsker at sykmelderen deltar
      </Checkbox>
      <Checkbox size="small" checked={tolk} onChange={(e) => setTolk(e.target.checked)}>
        Jeg ønsker tolk
      </Checkbox>
      {tolk ? (
        <TextField
          label="Språk"
          size="small"
          maxLength={100}
          value={sprak}
          error={invalid.sprak}
          onChange={(e) => setSprak(e.target.value)}
        />
      ) : null}
      <ErrorLine text={error} />
      <Button type="submit" size="small" loading={busy}>
        {svar ? 'Send svar' : 'Meld behov'}
      </Button>
    </form>
  );
}

function UnntakForm(props: { caseId: string; onSaved: () => void }) {
  const { api } = useApp();
  const [arsak, setArsak] = useState('');
  const [beskrivelse, setBeskrivelse] = useState('');
  const [invalid, setInvalid] = useState<string>();
  const { busy, error, run } = useAction();
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!arsak) return setInvalid('Velg årsaken.');
    setInvalid(undefined);
    const body: Dm2UnntakBody = {
      arsak: arsak as Dm2UnntakBody['arsak'],
      ...(beskrivelse.trim() ? { beskrivelse: beskrivelse.trim() } : {}),
    };
    if (await run(() => api.post(`/cases/${props.caseId}/dm2-unntak`, body), 'Unntaket er registrert.')) props.onSaved();
  };
  return (
    <form className="unntak-form" onSubmit={(ev) => void submit(ev)} noValidate>
      <Select
        label="Årsak"
        description="Vises ikke for nærmeste leder."
        size="small"
        value={arsak}
        error={invalid}
        onChange={(e) => setArsak(e.target.value)}
      >
        <option value="">Velg årsak</option>
        {Object.entries(ARSAK_LABEL).map(([k, v]) => (
          <option key={k} value={k}>
            {v}
          </option>
        ))}
      </Select>
      <Textarea
        label="Beskrivelse (valgfri)"
        size="small"
        minRows={2}
        maxLength={2000}
        value={beskrivelse}
        onChange={(e) => setBeskrivelse(e.target.value)}
      />
      <ErrorLine text={error} />
      <Button type="submit" size="small" loading={busy}>
        Registrer unntak
      </Button>
    </form>
  );
}
