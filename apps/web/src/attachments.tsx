import { BodyShort, Button, FileUpload, Select } from '@navikt/ds-react';
import { useRef, useState } from 'react';
import { ApiError, describeError, randomId } from './api';
import type { AttachmentView, Classification, Role, UploadedFile } from './types';
import { useApp } from './ui';

// Issue 18: files are uploaded to the thread first (multipart, one request per file so an error names its file) and
// then named by the next message. A file's class decides who may ever learn of it, as the message's fields do.

/** The hub's FILE_MAX_PER_MESSAGE default; the hub refuses more with maxCount, the page stops before. */
export const MAX_FILES = 10;
export const ACCEPT = '.pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/jpeg,image/png,image/tiff';

export const CLASSIFICATION_LABEL: Record<Classification, string> = {
  open: 'Åpent: alle i samtalen',
  health: 'Helseopplysning: nærmeste leder bare med samtykke',
  medical: 'Medisinsk: aldri nærmeste leder',
};

/** The classes each role may write (libs/access WRITABLE): the arbeidsgiver only open, the sykmeldt never medical. */
export function classesFor(role: Role): Classification[] {
  if (role === 'fastlege' || role === 'veileder') return ['medical', 'health', 'open'];
  if (role === 'sykmeldt') return ['health', 'open'];
  return ['open'];
}

/** The hub's default class for a role's upload without one (README, Attachments). */
export function defaultClass(role: Role): Classification {
  return role === 'fastlege' || role === 'veileder' ? 'medical' : role === 'sykmeldt' ? 'health' : 'open';
}

const CONSTRAINT_TEXT: Record<string, string> = {
  notAllowedType: 'Filtypen tas ikke imot. Legg ved PDF, JPEG, PNG eller TIFF.',
  typeMismatch: 'Filnavnet passer ikke til innholdet (for eksempel et bilde som heter .pdf). Gi filen riktig endelse.',
  maxSize: 'Filen er for stor.',
  maxCount: `Du kan legge ved høyst ${MAX_FILES} filer i en melding.`,
  infected: 'Virusskanningen avviste filen. Den er ikke lagret.',
  notWritableByRole: 'Du kan ikke legge ved filer med denne synligheten.',
  isNotEmpty: 'Filen er tom.',
};

/** Norwegian text for a refused upload, from the hub's constraint. */
export function describeUploadError(e: unknown): string {
  if (e instanceof ApiError) {
    const constraint = e.body.details?.[0]?.constraint;
    if (constraint && CONSTRAINT_TEXT[constraint]) return CONSTRAINT_TEXT[constraint];
    if (e.status === 413) return CONSTRAINT_TEXT.maxSize;
    if (e.status === 503) return 'Vedlegg kan ikke tas imot akkurat nå. Prøv igjen om litt.';
  }
  return describeError(e);
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${(bytes / (1024 * 1024)).toLocaleString('nb-NO', { maximumFractionDigits: 1 })} MB`;
}

export interface Chosen {
  key: string;
  /** The picked file; absent for a file restored from a refused send (already uploaded). */
  file?: File;
  name: string;
  size: number;
  classification: Classification;
  status: 'uploading' | 'done' | 'error';
  uploaded?: UploadedFile;
  error?: string;
}

/** The files chosen for the next message in one thread, each uploaded as soon as it is chosen or its class changes. */
export function useAttachments(caseId: string, threadId: string) {
  const { api, session } = useApp();
  const [items, setItems] = useState<Chosen[]>([]);
  const [error, setError] = useState<string>();
  const latest = useRef(new Map<string, number>());
  const patch = (key: string, p: Partial<Chosen>) => setItems((all) => all.map((x) => (x.key === key ? { ...x, ...p } : x)));
  const upload = (item: Chosen) => {
    if (!item.file) return;
    // A class changed mid-upload: only the newest upload of an item counts.
    const n = (latest.current.get(item.key) ?? 0) + 1;
    latest.current.set(item.key, n);
    const form = new FormData();
    form.append('classification', item.classification);
    form.append('file', item.file, item.name);
    api.upload<UploadedFile[]>(`/cases/${caseId}/threads/${threadId}/files`, form).then(
      ([u]) => latest.current.get(item.key) === n && patch(item.key, { status: 'done', uploaded: u, error: undefined }),
      (e: unknown) =>
        latest.current.get(item.key) === n && patch(item.key, { status: 'error', uploaded: undefined, error: describeUploadError(e) }),
    );
  };
  const add = (files: readonly File[]) => {
    setError(undefined);
    const room = MAX_FILES - items.length;
    if (files.length > room) setError(CONSTRAINT_TEXT.maxCount);
    const added = files.slice(0, Math.max(0, room)).map((file): Chosen => ({
      key: randomId(),
      file,
      name: file.name,
      size: file.size,
      classification: defaultClass(session.role),
      status: 'uploading',
    }));
    setItems((all) => [...all, ...added]);
    added.forEach(upload);
  };
  const reclassify = (key: string, classification: Classification) => {
    const item = items.find((x) => x.key === key);
    if (!item || item.classification === classification) return;
    const next: Chosen = { ...item, classification, status: 'uploading', uploaded: undefined, error: undefined };
    patch(key, next);
    upload(next);
  };
  const remove = (key: string) => {
    latest.current.delete(key);
    setItems((all) => all.filter((x) => x.key !== key));
    setError(undefined);
  };
  /** Files of a refused send, back in the composer as they were uploaded. */
  const restore = (files: readonly UploadedFile[]) =>
    setItems(
      files.map((u) => ({
        key: randomId(),
        name: u.filename,
        size: u.sizeBytes,
        classification: u.classification,
        status: 'done',
        uploaded: u,
      })),
    );
  return { items, error, add, reclassify, remove, restore, clear: () => setItems([]) };
}

export type Attachments = ReturnType<typeof useAttachments>;

/** The composer's part for files: a button to choose (the form also takes dropped files) and each file's class. */
export function AttachmentPicker(props: { att: Attachments; disabled: boolean }) {
  const { session } = useApp();
  const classes = classesFor(session.role);
  const { att } = props;
  return (
    <div className="attachments-picker">
      {/* The trigger's hidden input gets the button's name, for whatever lists the form's controls. */}
      <FileUpload.Trigger
        accept={ACCEPT}
        multiple
        onSelect={(files) => att.add(files.map((f) => f.file))}
        ref={(el) => el?.setAttribute('aria-label', 'Legg ved filer')}
      >
        <Button type="button" size="small" variant="secondary" disabled={props.disabled}>
          Legg ved filer
        </Button>
      </FileUpload.Trigger>
      <BodyShort size="small" className="muted">
        {`PDF, JPEG, PNG eller TIFF. Du kan også slippe filer her.${classes.length === 1 ? ' Alle i samtalen ser vedleggene.' : ''}`}
      </BodyShort>
      {att.error ? (
        <BodyShort size="small" className="error" role="alert">
          {att.error}
        </BodyShort>
      ) : null}
      {att.items.length ? (
        <ul className="chosen-files" aria-label="Vedlegg til meldingen">
          {att.items.map((x) => (
            <li key={x.key} data-file={x.name}>
              <span className="file-name">{x.name}</span> <span className="muted">{formatSize(x.size)}</span>
              {classes.length > 1 ? (
                <Select
                  label={`Hvem kan se ${x.name}`}
                  size="small"
                  value={x.classification}
                  disabled={!x.file}
                  onChange={(e) => att.reclassify(x.key, e.target.value as Classification)}
                >
                  {classes.map((c) => (
                    <option key={c} value={c}>
                      {CLASSIFICATION_LABEL[c]}
                    </option>
                  ))}
                </Select>
              ) : null}
              <span className="file-status" role="status">
                {x.status === 'uploading' ? 'Laster opp …' : x.status === 'done' ? 'Klar' : ''}
              </span>
              {x.error ? <span className="error">{x.error}</span> : null}
              <Button type="button" size="xsmall" variant="tertiary" onClick={() => att.remove(x.key)}>
                Fjern<span className="sr-only">{` ${x.name}`}</span>
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

const VIEWABLE = new Set(['application/pdf', 'image/jpeg', 'image/png']);

/** A message's files (only those the server listed for this role), to download or open in the browser. */
export function MessageAttachments(props: { caseId: string; threadId: string; files: readonly AttachmentView[] }) {
  const { api } = useApp();
  const [error, setError] = useState<string>();
  const fetchUrl = async (f: AttachmentView) =>
    URL.createObjectURL(await api.blob(`/cases/${props.caseId}/threads/${props.threadId}/files/${f.id}`));
  const download = async (f: AttachmentView) => {
    setError(undefined);
    try {
      const url = await fetchUrl(f);
      const a = document.createElement('a');
      a.href = url;
      a.download = f.filename;
      a.rel = 'noopener';
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      setError(describeError(e));
    }
  };
  const open = async (f: AttachmentView) => {
    setError(undefined);
    // The tab opens now (a click's own action, so no pop-up blocker); the file follows once fetched with the token.
    const tab = window.open('', '_blank');
    try {
      const url = await fetchUrl(f);
      if (tab) tab.location.href = url;
      else window.location.assign(url);
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      tab?.close();
      setError(describeError(e));
    }
  };
  return (
    <div className="message-files">
      <ul aria-label="Vedlegg">
        {props.files.map((f) => (
          <li key={f.id} data-file-id={f.id}>
            <span className="file-name">{f.filename}</span>{' '}
            <span className="muted">{`${formatSize(f.sizeBytes)}, ${CLASSIFICATION_LABEL[f.classification] ?? f.classification}`}</span>{' '}
            <Button type="button" size="xsmall" variant="secondary" onClick={() => void download(f)}>
              Last ned<span className="sr-only">{` ${f.filename}`}</span>
            </Button>
            {VIEWABLE.has(f.mimeType) ? (
              <Button type="button" size="xsmall" variant="tertiary" onClick={() => void open(f)}>
                Åpne<span className="sr-only">{` ${f.filename}`}</span>
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {error ? (
        <BodyShort size="small" className="error" role="alert">
          {error}
        </BodyShort>
      ) : null}
    </div>
  );
}
