// Shared by this lib's specs only; not exported from index.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InboundAppRec, InboundDialogmelding, InboundFailure, InboundResult } from './inbound-types';

export function fixture(name: string): Buffer {
  return readFileSync(join(__dirname, '..', 'fixtures', name));
}

function unexpected(wanted: string, result: InboundResult): Error {
  const detail = result.kind === 'failure' ? `${result.code}: ${result.reason}` : result.kind;
  return new Error(`expected ${wanted}, got ${detail}`);
}

export function expectDialogmelding(result: InboundResult): InboundDialogmelding {
  if (result.kind !== 'dialogmelding') throw unexpected('a dialogmelding', result);
  return result.message;
}

export function expectAppRec(result: InboundResult): InboundAppRec {
  if (result.kind !== 'apprec') throw unexpected('an AppRec', result);
  return result.apprec;
}

export function expectFailure(result: InboundResult): InboundFailure {
  if (result.kind !== 'failure') throw unexpected('a failure', result);
  return result;
}
