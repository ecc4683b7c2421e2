import type * as FileType from 'file-type' with { 'resolution-mode': 'import' };

/** What file-type reads to recognise a type: its own sample size. */
export const SNIFF_BYTES = 4100;

let loaded: typeof FileType | undefined;

/**
 * The type of a file as its first bytes show it, or undefined when they show none of the types file-type knows
 * (text, HTML and SVG among them). file-type is ESM-only; Node 20.19+ loads it with require() (synchronous ESM),
 * and jest transpiles it to CommonJS (jest.config.js), so one plain require serves the build and the tests.
 */
export async function sniffMime(head: Buffer): Promise<string | undefined> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('file-type') as typeof FileType;
  return (await loaded.fileTypeFromBuffer(head))?.mime;
}
