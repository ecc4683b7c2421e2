// npm run bench:guard: what the health-text guard (issue 19) costs per message. The detector runs on every open-text
// write bound for an arbeidsgiver, the socket's hot path included, so its cost is measured here, not in a timed test.
// It lives beside the other CLIs so it times the detector exactly as the built hub runs it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectHealthText, warmHealthLexicon } from '@hub/domain';

const root = process.cwd();
const sentences = ['corpus.txt', 'held-out.txt'].flatMap((f) =>
  readFileSync(join(root, 'test/health-text', f), 'utf8')
    .split('\n')
    .filter((l) => /^[01] \| /.test(l))
    .map((l) => l.split(' | ').slice(2).join(' | ')),
);

/** Deterministic picks, so two runs time the same texts. */
function pick(i: number, n: number): string[] {
  return Array.from({ length: n }, (_, k) => sentences[(i * 7 + k * 13) % sentences.length]);
}

const KINDS: { name: string; texts: string[] }[] = [
  { name: 'one sentence (a chat message)', texts: sentences },
  { name: 'three sentences (a typical message)', texts: Array.from({ length: 400 }, (_, i) => pick(i, 3).join(' ')) },
  { name: 'ten sentences (a long message)', texts: Array.from({ length: 200 }, (_, i) => pick(i, 10).join(' ')) },
  {
    name: 'the longest tekst allowed (10,000 chars)',
    texts: Array.from({ length: 20 }, (_, i) => pick(i, 400).join(' ').slice(0, 10_000)),
  },
];

function measure(texts: readonly string[], minMs: number): { perMessageUs: number; p50Us: number; p99Us: number; chars: number } {
  const samples: number[] = [];
  let hits = 0;
  const until = performance.now() + minMs;
  while (performance.now() < until) {
    for (const t of texts) {
      const start = process.hrtime.bigint();
      hits += detectHealthText(t).health.length;
      samples.push(Number(process.hrtime.bigint() - start) / 1000);
    }
  }
  if (hits < 0) throw new Error('unreachable: keeps the result alive');
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((s, x) => s + x, 0) / samples.length;
  const chars = texts.reduce((s, t) => s + t.length, 0) / texts.length;
  return { perMessageUs: mean, p50Us: samples[Math.floor(samples.length / 2)], p99Us: samples[Math.floor(samples.length * 0.99)], chars };
}

const compileStart = performance.now();
warmHealthLexicon();
const compileMs = performance.now() - compileStart;
for (const k of KINDS) measure(k.texts, 300); // warm-up: let V8 optimise before timing

const rows = KINDS.map((k) => ({ kind: k.name, ...measure(k.texts, 1500) }));
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const md = [
  '# Health-text guard: cost per message',
  '',
  `\`npm run bench:guard\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, one core, the corpus sentences as texts.`,
  `Compiling the lexicon once at start-up: ${round(compileMs)} ms.`,
  '',
  '| text | mean length | mean | p50 | p99 |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map(
    (r) => `| ${r.kind} | ${Math.round(r.chars)} chars | ${round(r.perMessageUs)} µs | ${round(r.p50Us)} µs | ${round(r.p99Us)} µs |`,
  ),
  '',
].join('\n');
writeFileSync(join(root, 'bench/results/guard.md'), md);
writeFileSync(join(root, 'bench/results/guard.json'), `${JSON.stringify({ compileMs: round(compileMs), rows }, null, 2)}\n`);
process.stdout.write(md);
