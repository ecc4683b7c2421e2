import type { AppRecErrorCode, AppRecInstitution, Organisation, OriginalMessageRef } from '@hub/dialogmelding';
import { buildAppRec } from '@hub/dialogmelding';
import type { HubConfig } from '../config/config';

export type AppRecVerdict = { status: 'OK' } | { status: 'AVVIST'; code: AppRecErrorCode; reason: string };

function institutionOf(o: Organisation | undefined): AppRecInstitution {
  const name = o?.name ?? 'Ukjent avsender';
  if (o?.orgnr !== undefined) return { name, orgnr: o.orgnr, herId: o.herId };
  return { name, herId: o?.herId ?? '' };
}

/**
 * An AppRec 1.0 from the hub to whoever sent `original` (as far as it could be read): OK, or avvist with the code and
 * the reason in OT.
 */
export function appRecFor(
  original: OriginalMessageRef | undefined,
  verdict: AppRecVerdict,
  us: HubConfig['dialogmelding'],
  id: string,
  now: Date,
): string {
  const sender: AppRecInstitution = { name: us.orgName, orgnr: us.orgnr, herId: us.herId };
  const base = {
    id,
    genDate: now,
    sender,
    receiver: institutionOf(original?.sender),
    // A document too broken to name its MsgId still gets an AppRec; OriginalMsgId/Id must not be empty.
    original: {
      id: original?.msgId ?? 'UKJENT',
      msgType: original?.msgType ?? 'UKJENT',
      issueDate: original?.genDate ?? now.toISOString(),
    },
  };
  return verdict.status === 'OK'
    ? buildAppRec({ ...base, status: 'OK' })
    : buildAppRec({ ...base, status: 'AVVIST', errors: [{ code: verdict.code, details: verdict.reason }] });
}
