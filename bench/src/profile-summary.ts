import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  windowMs: number;
  samples: number;
  /** Share of the window the hub's main thread was busy (not idle). */
  busyPct: number;
  /** Share of busy samples in the native writev (socket writes); the other shares leave these out. */
  writevPct: number;
  /** Self time by area (package, hub feature folder, node core, GC), percent of busy samples. */
  selfByArea: { area: string; pct: number }[];
  /** Samples with the area anywhere on the stack, percent of busy samples. */
  inclusiveByArea: { area: string; pct: number }[];
  /** Our own functions (apps/, libs/) by inclusive time. */
  hubFunctions: { fn: string; pct: number }[];
  /** Hottest functions by self time. */
  selfTop: { fn: string; area: string; pct: number }[];
}

/** Names where a frame's code lives: an npm package, a hub feature folder, a lib, node core, or V8 itself. */
export function areaOf(url: string, functionName: string): string {
  if (!url) {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(program)') return 'V8/native (program)';
    return functionName || 'native';
  }
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 14).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const hub = /\/dist\/apps\/hub\/src\/([^/]+)/.exec(url);
  if (hub) return `hub/${hub[1].replace(/\.js$/, '')}`;
  const lib = /\/dist\/libs\/([^/]+)\//.exec(url);
  if (lib) return `libs/${lib[1]}`;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0] === 'internal' ? 'internal' : url.slice(5).split('/')[0]}`;
  return 'other';
}

const shortUrl = (url: string) => url.replace(/^.*\/(node_modules|dist)\//, '').replace(/^file:\/\//, '');

/** Summarises the samples of a V8 .cpuprofile that fall in [fromUs, toUs] (monotonic microseconds, as process.hrtime). */
export function summarizeProfile(file: string, fromUs: number, toUs: number): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  let t = p.startTime;
  let samples = 0;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i];
    if (t < fromUs || t > toUs) continue;
    samples += 1;
    self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + 1);
  }
  const count = (name: string) =>
    [...self]
      .filter(([id]) => byId.get(id)!.callFrame.functionName === name && !byId.get(id)!.callFrame.url)
      .reduce((a, [, n]) => a + n, 0);
  const idle = count('(idle)');
  const writev = count('writev');
  const busy = samples - idle;
  // Sampling is by wall clock: on a saturated machine the thread is often preempted right after a socket write wakes
  // the reader, and those samples land in writev. They are reported apart; the shares are of the rest.
  const onCpu = busy - writev;
  const pct = (n: number) => Math.round((n / Math.max(onCpu, 1)) * 1000) / 10;
  const selfArea = new Map<string, number>();
  const inclArea = new Map<string, number>();
  const inclFn = new Map<string, number>();
  const selfFn = new Map<string, { area: string; n: number }>();
  for (const [id, n] of self) {
    const node = byId.get(id)!;
    const cf = node.callFrame;
    if ((cf.functionName === '(idle)' || cf.functionName === 'writev') && !cf.url) continue;
    const area = areaOf(cf.url, cf.functionName);
    selfArea.set(area, (selfArea.get(area) ?? 0) + n);
    const fnKey = `${cf.functionName || '(anonymous)'} ${cf.url ? `${shortUrl(cf.url)}:${cf.lineNumber + 1}` : ''}`.trim();
    selfFn.set(fnKey, { area, n: (selfFn.get(fnKey)?.n ?? 0) + n });
    const areas = new Set<string>();
    const fns = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      const a = areaOf(f.url, f.functionName);
      areas.add(a);
      if (a.startsWith('hub/') || a.startsWith('libs/'))
        fns.add(`${f.functionName || '(anonymous)'} (${shortUrl(f.url)}:${f.lineNumber + 1})`);
    }
    for (const a of areas) inclArea.set(a, (inclArea.get(a) ?? 0) + n);
    for (const f of fns) inclFn.set(f, (inclFn.get(f) ?? 0) + n);
  }
  const top = <T>(m: Map<string, T>, val: (v: T) => number, k: number) => [...m].sort((a, b) => val(b[1]) - val(a[1])).slice(0, k);
  return {
    windowMs: Math.round((toUs - fromUs) / 1000),
    samples,
    busyPct: Math.round((busy / Math.max(samples, 1)) * 1000) / 10,
    writevPct: Math.round((writev / Math.max(busy, 1)) * 1000) / 10,
    selfByArea: top(selfArea, (v) => v, 20).map(([area, n]) => ({ area, pct: pct(n) })),
    inclusiveByArea: top(inclArea, (v) => v, 20)
      .filter(([a]) => a !== '(root)')
      .map(([area, n]) => ({ area, pct: pct(n) })),
    hubFunctions: top(inclFn, (v) => v, 25).map(([fn, n]) => ({ fn, pct: pct(n) })),
    selfTop: top(selfFn, (v) => v.n, 25).map(([fn, v]) => ({ fn, area: v.area, pct: pct(v.n) })),
  };
}
