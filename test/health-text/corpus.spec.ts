import { detectHealthText } from '@hub/domain';
import { readCorpus, score } from './corpus';

/**
 * The guard asks the author before health information goes to an arbeidsgiver (issue 19). Its worth is measured here
 * on a labelled corpus of sentences written for the test (none real). Thresholds, and why:
 * - precision ≥ 0.90: at most one ask in ten is a false alarm. Past that, authors learn that the question means
 *   nothing and confirm by reflex, and the confirmation stops meaning "the sykmeldt agreed".
 * - recall ≥ 0.90: nine in ten health statements are caught. A miss is what the guard exists to prevent; a lexicon
 *   cannot catch a paraphrase ("sliter med tankene"), so the rest is left to the author and the field choice.
 * The corpus was written alongside the lexicon; held-out.txt was written after the lexicon was frozen and is scored
 * apart, so the README reports both the tuned and the unseen figures.
 */
const PRECISION_MIN = 0.9;
const RECALL_MIN = 0.9;
const HELD_OUT_PRECISION_MIN = 0.85;
const HELD_OUT_RECALL_MIN = 0.8;

const flagged = (text: string) => detectHealthText(text).health.length > 0;

function report(name: string, s: ReturnType<typeof score>): void {
  const lines = [
    `${name}: ${s.sentences} sentences, precision ${s.precision}, recall ${s.recall} (tp ${s.truePositives}, fp ${s.falsePositives}, fn ${s.falseNegatives})`,
    ...s.falseAlarms.map((l) => `  false alarm  line ${l.line}: ${l.text}`),
    ...s.misses.map((l) => `  missed       line ${l.line}: ${l.text}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

describe('the health-text guard on the labelled corpus', () => {
  it('is large enough, labels both ways and covers all four writers', () => {
    const lines = [...readCorpus('corpus.txt'), ...readCorpus('held-out.txt')];
    expect(lines.length).toBeGreaterThanOrEqual(400);
    for (const writer of ['fastlege', 'sykmeldt', 'leder', 'veileder'] as const) {
      expect(lines.filter((l) => l.writer === writer && l.health).length).toBeGreaterThanOrEqual(15);
      expect(lines.filter((l) => l.writer === writer && !l.health).length).toBeGreaterThanOrEqual(15);
    }
  });

  it(`reaches precision ≥ ${PRECISION_MIN} and recall ≥ ${RECALL_MIN} on the corpus it was tuned on`, () => {
    const s = score(readCorpus('corpus.txt'), flagged);
    report('corpus.txt', s);
    expect(s.precision).toBeGreaterThanOrEqual(PRECISION_MIN);
    expect(s.recall).toBeGreaterThanOrEqual(RECALL_MIN);
  });

  it(`reaches precision ≥ ${HELD_OUT_PRECISION_MIN} and recall ≥ ${HELD_OUT_RECALL_MIN} on sentences written after the lexicon was frozen`, () => {
    const s = score(readCorpus('held-out.txt'), flagged);
    report('held-out.txt', s);
    expect(s.precision).toBeGreaterThanOrEqual(HELD_OUT_PRECISION_MIN);
    expect(s.recall).toBeGreaterThanOrEqual(HELD_OUT_RECALL_MIN);
  });
});
