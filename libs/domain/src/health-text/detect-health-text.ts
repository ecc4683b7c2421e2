import type { HealthCategory } from './health-lexicon';
import { FUNCTIONAL_PHRASES, HEALTH_LEXICON, NOT_CODE_AFTER, NOT_HEALTH, ROAD_CODES } from './health-lexicon';

/** One piece of an author's text that looks like health information; `start`/`end` are UTF-16 offsets into that text. */
export interface HealthSpan {
  category: HealthCategory;
  start: number;
  end: number;
}

export interface HealthTextFindings {
  /** What the guard asks about: diagnoses, conditions, treatments, medicines, examinations and codes. */
  health: HealthSpan[];
  /** Functional descriptions (kan ikke løfte over 10 kg): fine to share, never a reason to refuse. */
  functional: { start: number; end: number }[];
}

type WordCategory = Exclude<HealthCategory, 'kode'>;
interface Phrase {
  words: readonly string[];
  category: WordCategory | 'funksjon';
}

/** Shortest part of a compound around a head or first part: "kneoperasjon" has "kne", "krefter" is not kreft + "er". */
const MIN_OTHER_PART = 3;
const MIN_TAIL = 4;

function forms(entry: string): string[] {
  const [word, cls] = entry.split('/');
  const e = word.endsWith('e');
  switch (cls) {
    case 'm':
      return e ? [word, `${word}n`, `${word}r`, `${word}ne`] : [word, `${word}en`, `${word}er`, `${word}ene`, `${word}a`];
    case 'n':
      return e ? [word, `${word}t`, `${word}r`, `${word}ne`] : [word, `${word}et`, `${word}ene`, `${word}a`];
    case 'a':
      return [word, `${word}e`];
    case 'v':
      return [word, `${word}r`, `${word}s`, `${word.slice(0, -1)}t`, `${word.slice(0, -1)}te`];
    default:
      return [word];
  }
}

/** The lexicon compiled once into hash maps, so detection is one pass over the words with constant-time look-ups. */
class CompiledLexicon {
  readonly exact = new Map<string, WordCategory>();
  /** Abbreviations that are other words in lower case (ME, CT): matched only as written. */
  readonly exactCased = new Map<string, WordCategory>();
  readonly heads = new Map<string, WordCategory>();
  readonly firstParts = new Map<string, WordCategory>();
  readonly phrases = new Map<string, Phrase[]>();
  readonly notHealth = new Set(NOT_HEALTH);
  readonly notCodeAfter = new Set(NOT_CODE_AFTER);
  readonly roads = new Set(ROAD_CODES);
  maxFirstPart = 0;
  minHead = Infinity;
  maxHead = 0;

  constructor() {
    for (const [category, section] of Object.entries(HEALTH_LEXICON) as [WordCategory, (typeof HEALTH_LEXICON)[WordCategory]][]) {
      for (const entry of section.ord) {
        const cased = entry !== entry.toLowerCase();
        for (const f of forms(entry)) (cased ? this.exactCased : this.exact).set(cased ? f : f.toLowerCase(), category);
      }
      for (const entry of section.hoder ?? []) {
        for (const f of forms(entry)) {
          this.heads.set(f, category);
          this.minHead = Math.min(this.minHead, f.length);
          this.maxHead = Math.max(this.maxHead, f.length);
        }
      }
      for (const first of section.ledd ?? []) {
        for (const f of [first, `${first}s`]) this.firstParts.set(f, category);
        this.maxFirstPart = Math.max(this.maxFirstPart, first.length + 1);
      }
      for (const p of section.fraser ?? []) this.addPhrase(p, category);
    }
    for (const p of FUNCTIONAL_PHRASES) this.addPhrase(p, 'funksjon');
  }

  private addPhrase(text: string, category: Phrase['category']): void {
    const words: string[] = text.toLowerCase().match(WORD) ?? [];
    const first = words[0] ?? '';
    const list = this.phrases.get(first) ?? [];
    list.push({ words, category });
    // Longest first, so "vondt i korsryggen" wins over a shorter phrase with the same first word.
    list.sort((a, b) => b.words.length - a.words.length);
    this.phrases.set(first, list);
  }

  /** The category of one word: as written, in any listed form, or as a compound ending or starting with a listed part. */
  word(raw: string, lower: string): WordCategory | undefined {
    const cased = this.exactCased.get(raw);
    if (cased) return cased;
    if (this.notHealth.has(lower)) return undefined;
    const exact = this.exact.get(lower);
    if (exact) return exact;
    // Only the splits that leave a head of a listed length: a handful of look-ups, however long the word.
    for (let i = Math.max(MIN_OTHER_PART, lower.length - this.maxHead); i <= lower.length - this.minHead; i++) {
      const head = this.heads.get(lower.slice(i));
      if (head) return head;
    }
    const last = Math.min(this.maxFirstPart, lower.length - MIN_TAIL);
    for (let i = MIN_OTHER_PART; i <= last; i++) {
      const first = this.firstParts.get(lower.slice(0, i));
      if (first) return first;
    }
    return undefined;
  }
}

/** Letters (with combining marks, so a decomposed å is one word) and digits; a hyphen or a dot ends a word. */
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const MARK = /\p{M}/u;
/**
 * ICPC-2 (L03, P76) and ICD-10 (M54.5, F32.1) as written: a capital letter, two digits, maybe a decimal, standing
 * alone. A date (12.03.2026), a time (10.30), an organisation number or "ICD-10" itself never starts this way.
 */
const CODE = /(?<![\p{L}\p{M}\p{N}])[A-Z]\d{2}(?:\.\d{1,2})?(?![\p{L}\p{M}\p{N}]|[.,]\d)/gu;

let compiled: CompiledLexicon | undefined;
function lexicon(): CompiledLexicon {
  compiled ??= new CompiledLexicon();
  return compiled;
}

interface Token {
  raw: string;
  lower: string;
  start: number;
  end: number;
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const raw = m[0];
    // Normalising costs more than matching; only a word with a combining mark (a decomposed å) needs it.
    const lower = (MARK.test(raw) ? raw.normalize('NFC') : raw).toLowerCase();
    out.push({ raw, lower, start: m.index, end: m.index + raw.length });
  }
  return out;
}

/**
 * Finds what in an open text looks like health information (issue 19). Pure and linear in the text: one pass for
 * codes, one over the words with hash look-ups (a compound costs a look-up per split point, and words are short).
 */
export function detectHealthText(text: string): HealthTextFindings {
  const lex = lexicon();
  const words = tokens(text);
  const health: HealthSpan[] = [];
  const functional: { start: number; end: number }[] = [];

  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const phrase = lex.phrases.get(w.lower)?.find((p) => p.words.every((pw, k) => words[i + k]?.lower === pw));
    if (phrase) {
      const span = { start: w.start, end: words[i + phrase.words.length - 1].end };
      if (phrase.category === 'funksjon') functional.push(span);
      else health.push({ category: phrase.category, ...span });
      i += phrase.words.length - 1;
      continue;
    }
    const category = lex.word(w.raw, w.lower);
    if (category) health.push({ category, start: w.start, end: w.end });
  }

  for (const m of text.matchAll(CODE)) {
    const start = m.index;
    const code = m[0];
    if (lex.notCodeAfter.has(wordBefore(words, start)?.lower ?? '')) continue;
    if (lex.roads.has(code)) continue;
    health.push({ category: 'kode', start, end: start + code.length });
  }

  const kept = health.filter((h) => !functional.some((f) => f.start <= h.start && h.end <= f.end));
  kept.sort((a, b) => a.start - b.start);
  return { health: kept, functional };
}

function wordBefore(words: readonly Token[], offset: number): Token | undefined {
  let before: Token | undefined;
  for (const t of words) {
    if (t.end > offset) break;
    before = t;
  }
  return before;
}

/** Builds the compiled lexicon now rather than on the first send (it takes a few milliseconds). */
export function warmHealthLexicon(): void {
  lexicon();
}
