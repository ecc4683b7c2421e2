import { maskFodselsnummer } from '@hub/domain';
import type { StoredAuditEntry } from '@hub/persistence';
import { replaceFnr } from '../common/redact';

/** Fødselsnummer-shaped digits keep day and month only, wherever they appear (UUIDs are not fødselsnumre). */
function mask(v: string): string {
  return replaceFnr(v, maskFodselsnummer);
}

/** Line breaks become the two characters `\r` / `\n`, so no value can start a forged line in the SIEM. */
function breaks(v: string): string {
  return v.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

function header(v: string): string {
  return breaks(mask(v).replace(/\\/g, '\\\\').replace(/\|/g, '\\|'));
}

function ext(v: string): string {
  return breaks(mask(v).replace(/\\/g, '\\\\').replace(/=/g, '\\='));
}

/** One audit row as an ArcSight CEF line (CEF:0), for the operator's SIEM. */
export function toCefLine(e: StoredAuditEntry, version: string): string {
  const signature = `${e.subjectType}.${e.action}`;
  const severity = e.decision === 'deny' ? 5 : 3;
  const fields: [string, string][] = [
    ['rt', String(e.at.getTime())],
    ['externalId', String(e.id)],
    ['suser', e.actorId],
    ['cs1Label', 'role'],
    ['cs1', e.actorRole],
    ['cs2Label', 'caseId'],
    ['cs2', e.caseId ?? ''],
    ['act', e.action],
    ['outcome', e.decision],
    ['cs3Label', 'subjectIds'],
    ['cs3', e.subjectIds.join(',')],
    ['app', e.channel],
  ];
  return `CEF:0|NAV|samhandling-hub|${header(version)}|${header(signature)}|${header(`${e.action} ${e.subjectType}`)}|${severity}|${fields.map(([k, v]) => `${k}=${ext(v)}`).join(' ')}`;
}
