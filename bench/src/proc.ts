import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc CPU times. */
export const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** user + system CPU of a process in seconds (fields 14 and 15 of /proc/<pid>/stat), or 0 when it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** Resident set size in bytes (VmRSS of /proc/<pid>/status), or 0 when the process is gone. */
export function rssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The whole machine's busy and total CPU seconds, summed over cores (first line of /proc/stat). */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = v[3] + v[4];
  return { busy: (total - idle) / CLK_TCK, total: total / CLK_TCK };
}

/** The soft limit on open files of this process. */
export function openFilesLimit(): number {
  const m = /Max open files\s+(\d+|unlimited)/.exec(readFileSync('/proc/self/limits', 'utf8'));
  return !m || m[1] === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(m[1]);
}

/**
 * CPU use of groups of processes over a window, as percent of one core, plus the machine's busy share.
 * A process that appears during the window counts from its start; one that ends during it is not counted.
 */
export class CpuWindow {
  private readonly start: Map<string, Map<number, number>>;
  private readonly machine0 = machineCpu();
  private readonly t0 = process.hrtime.bigint();

  private readonly meters0: Map<string, number>;

  /** `meters`: groups measured by a function giving their CPU seconds so far (a whole PostgreSQL server, say). */
  constructor(
    private readonly groups: Record<string, () => number[]>,
    private readonly meters: Record<string, () => number> = {},
  ) {
    this.start = new Map(Object.entries(groups).map(([k, pids]) => [k, new Map(pids().map((p) => [p, cpuSeconds(p)]))]));
    this.meters0 = new Map(Object.entries(meters).map(([k, m]) => [k, m()]));
  }

  /** Percent of one core per group (and `<group>Seconds` used), `machine` (all processes, out of cores×100) and `other` (machine minus our groups). */
  end(): Record<string, number> {
    const seconds = Number(process.hrtime.bigint() - this.t0) / 1e9;
    const out: Record<string, number> = {};
    let ours = 0;
    for (const [k, pids] of Object.entries(this.groups)) {
      const before = this.start.get(k)!;
      const used = pids().reduce((a, p) => a + Math.max(0, cpuSeconds(p) - (before.get(p) ?? 0)), 0);
      out[k] = round1((used / seconds) * 100);
      out[`${k}Seconds`] = Math.round(used * 1000) / 1000;
      ours += used;
    }
    for (const [k, meter] of Object.entries(this.meters)) {
      const used = Math.max(0, meter() - this.meters0.get(k)!);
      out[k] = round1((used / seconds) * 100);
      out[`${k}Seconds`] = Math.round(used * 1000) / 1000;
      ours += used;
    }
    const m = machineCpu();
    const busy = m.busy - this.machine0.busy;
    out.machine = round1((busy / seconds) * 100);
    out.cores = Math.round((m.total - this.machine0.total) / seconds);
    out.other = round1(Math.max(0, (busy - ours) / seconds) * 100);
    return out;
  }
}

export const round1 = (x: number) => Math.round(x * 10) / 10;

/** Read and write system calls a process has made (syscr, syscw of /proc/<pid>/io), or zeros when it is gone. */
export function ioSyscalls(pid: number): { reads: number; writes: number } {
  try {
    const io = readFileSync(`/proc/${pid}/io`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(io)?.[1] ?? 0);
    return { reads: field('syscr'), writes: field('syscw') };
  } catch {
    return { reads: 0, writes: 0 };
  }
}
