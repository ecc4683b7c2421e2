import type { Role } from '../roles';
import type { Classification } from '../cases/message';

/**
 * The types a party may upload, as sniffed from the bytes, with the names they may carry. PDF for letters, erklæringer,
 * epikriser and signed plans; JPEG and PNG for photos and screenshots (an adapted workplace); TIFF because scanned
 * documents from an EPJ or a document scanner come as TIFF, and the vedlegg of a dialogmelding may be one. No office
 * formats (macros), no HTML or SVG (script), no archives (what is inside cannot be classified or scanned reliably).
 */
export const ALLOWED_FILE_TYPES: Readonly<Record<string, readonly string[]>> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/tiff': ['tif', 'tiff'],
};

/** The type a file gets when its bytes are of no allowed type (an inbound vedlegg): served only as a download. */
export const UNKNOWN_FILE_TYPE = 'application/octet-stream';

/**
 * The classification a file gets when its sender names none: a fastlege's (and NAV's, which relays medical
 * assessments) is medical, the sykmeldt's is health information they control, the arbeidsgiver's is open.
 */
export function defaultFileClassification(role: Role): Classification {
  switch (role) {
    case 'fastlege':
    case 'veileder':
      return 'medical';
    case 'sykmeldt':
      return 'health';
    case 'arbeidsgiver':
      return 'open';
    default: {
      const never: never = role;
      throw new Error(`Unknown role ${String(never)}`);
    }
  }
}

export type FileTypeVerdict = { ok: true; mimeType: string } | { ok: false; reason: 'notAllowedType' | 'typeMismatch' };

/**
 * Whether an upload may be kept: its sniffed type must be allowed, and what the sender claims (the file name's
 * extension, and the part's content-type unless it is the generic one) must agree with it. A `.pdf` that is really
 * HTML sniffs as nothing and is refused; a `.pdf` that is really a PNG is refused as a mismatch.
 */
export function judgeFileType(sniffed: string | undefined, filename: string, claimedMime: string | undefined): FileTypeVerdict {
  if (sniffed === undefined || !(sniffed in ALLOWED_FILE_TYPES)) return { ok: false, reason: 'notAllowedType' };
  const dot = filename.lastIndexOf('.');
  const ext = dot >= 0 ? filename.slice(dot + 1).toLowerCase() : '';
  const claimedExtType = Object.entries(ALLOWED_FILE_TYPES).find(([, exts]) => exts.includes(ext))?.[0];
  if (ext !== '' && claimedExtType !== sniffed) return { ok: false, reason: 'typeMismatch' };
  const mime = claimedMime?.split(';')[0].trim().toLowerCase();
  if (mime && mime !== UNKNOWN_FILE_TYPE && mime !== sniffed) return { ok: false, reason: 'typeMismatch' };
  return { ok: true, mimeType: sniffed };
}

/** C0 control characters and DEL: they cannot be shown, and some would break a content-disposition header. */
const withoutControls = (s: string): string => [...s].filter((c) => c.charCodeAt(0) > 0x1f && c !== '\u007f').join('');

/** A file name as stored and shown: no path, no control characters, at most 255 characters; never empty. */
export function cleanFilename(name: string | undefined, fallback: string): string {
  const base = withoutControls((name ?? '').split(/[\\/]/).pop()!).trim();
  return (base || fallback).slice(0, 255);
}
