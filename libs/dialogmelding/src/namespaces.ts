/** Namespace URIs of the KITH standards we read and write. Elements are matched on these, never on prefixes. */
export const NS = {
  MSGHEAD: 'http://www.kith.no/xmlstds/msghead/2006-05-24',
  DIALOG_1_0: 'http://www.kith.no/xmlstds/dialog/2006-10-11',
  DIALOG_1_1: 'http://www.kith.no/xmlstds/dialog/2013-01-23',
  APPREC_1_0: 'http://www.kith.no/xmlstds/apprec/2004-11-21',
  APPREC_1_1: 'http://www.kith.no/xmlstds/apprec/2012-02-15',
  BASE64_CONTAINER: 'http://www.kith.no/xmlstds/base64container',
  XHTML: 'http://www.w3.org/1999/xhtml',
} as const;

export type DialogmeldingVersion = '1.0' | '1.1';
export type AppRecVersion = '1.0' | '1.1';

// A switch, not an object lookup, so a namespace like "constructor" cannot hit Object.prototype.
export function dialogVersionOf(ns: string): DialogmeldingVersion | undefined {
  switch (ns) {
    case NS.DIALOG_1_0:
      return '1.0';
    case NS.DIALOG_1_1:
      return '1.1';
    default:
      return undefined;
  }
}

export function appRecVersionOf(ns: string): AppRecVersion | undefined {
  switch (ns) {
    case NS.APPREC_1_0:
      return '1.0';
    case NS.APPREC_1_1:
      return '1.1';
    default:
      return undefined;
  }
}

/** The MIGversion texts the standards prescribe for what we write. */
export const MIG_VERSION = {
  MSGHEAD: 'v1.2 2006-05-24',
  APPREC_1_0: '1.0 2004-11-21',
} as const;
