import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Writer = 'fastlege' | 'sykmeldt' | 'leder' | 'veileder';
export interface CorpusLine {
  line: number;
  health: boolean;
  writer: Writer;
  text: string;
}

const WRITERS: readonly Writer[] = ['fastlege', 'sykmeldt', 'leder', 'veileder'];

/** Reads a labelled corpus file (`label | writer | sentence`), refusing a malformed line by its number. */
export function readCorpus(file: string): CorpusLine[] {
  const lines = readFileSync(join(__dirname, file), 'utf8').split('\n');
  const out: CorpusLine[] = [];
  lines.forEach((raw, i) => {
    if (raw.trim() === '' || raw.startsWith('#')) return;
    const m = /^([01]) \| (\w+) \| (.+)$/.exec(raw);
    if (!m || !WRITERS.includes(m[2] as Writer)) throw new Error(`${file}:${i + 1} is not "label | writer | sentence"`);
    out.push({ line: i + 1, health: m[1] === '1', writer: m[2] as Writer, text: m[3] });
  });
  return out;
}

export interface Scores {
  sentences: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
}

export function score(
  lines: readonly CorpusLine[],
  flagged: (text: string) => boolean,
): Scores & { misses: CorpusLine[]; falseAlarms: CorpusLine[] } {
  const misses: CorpusLine[] = [];
  const falseAlarms: CorpusLine[] = [];
  let tp = 0;
  for (const l of lines) {
    const f = flagged(l.text);
    if (f && l.health) tp++;
    else if (f) falseAlarms.push(l);
    else if (l.health) misses.push(l);
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    sentences: lines.length,
    truePositives: tp,
    falsePositives: falseAlarms.length,
    falseNegatives: misses.length,
    precision: round(tp / (tp + falseAlarms.length)),
    recall: round(tp / (tp + misses.length)),
    misses,
    falseAlarms,
  };
}
