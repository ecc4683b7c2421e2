export interface Options {
  quick: boolean;
  cases: number;
  rates: number[];
  durationS: number;
  payloadBytes: number;
  workers: number;
  idleSockets: number;
  catchupEvents: number;
  catchupRuns: number;
  restRate: number;
  targetRate: number;
  p99LimitMs: number;
  poolSize: number;
  pg?: string;
  embedded: boolean;
  skip: Set<'idle' | 'catchup' | 'baseline' | 'load'>;
  profile: boolean;
  /** The hub step the profile summary is of; by default the highest passing one. */
  profileRate?: number;
  out: string;
  maxMinutes: number;
  quietWaitS: number;
  /** Halvings tried when a system fails its first step. */
  stepDowns: number;
  /** The hub's built entry point; by default this checkout's `npm run build` output. */
  hubMain?: string;
  /** Times a failed step is run again before it counts. */
  retries: number;
  /** Extra node flags for the hub process (e.g. --trace-gc). */
  hubNodeFlags: string[];
  /** Extra environment for the hub (KEY=VALUE), e.g. VARSEL_JOB_INTERVAL_SECONDS=0 to leave the varsel planner out. */
  hubEnv: Record<string, string>;
  /** Longest wait for the last acks and deliveries after a step's sending ends. */
  drainS: number;
}

export const USAGE = `npm run bench -- [flags]          (npm run bench:quick for --quick)

  --quick               a few minutes: 4 s steps at 250, 1,000 and 2,000 msg/s, 500 idle sockets
  --cases N             cases, each with four parties (one socket each)        [250]
  --rate R              first step, total messages/s over all senders          [250]
  --step-factor F       rate multiplier per step                               [2]
  --rates a,b,c         explicit rates instead of --rate/--step-factor
                        [250,500,1000,1500,2000,3000,4000,6000; quick 250,1000,2000]
  --steps K             at most K steps up per system                          [17; quick 3]
                        (a system failing its first step halves the rate, at most 4 times; quick 1)
  --target-rate R       the load the headline p99, CPU and WAL per message and the REST probe
                        refer to (every system is also measured at 250)      [1000]
  --duration S          seconds of sending per step                           [20; quick 4]
  --payload B           characters of message text                            [120]
  --p99-limit MS        a step passes when p99 send→deliver is at most this   [50]
  --workers W           client processes                                      [4]
  --idle-sockets N      idle subscribed sockets for memory per socket         [10000; quick 500]
  --catchup-events N    missed events a resuming client catches up            [1000]
  --catchup-runs N      resumes timed                                         [8; quick 3]
  --rest-rate R         REST page reads per second during each hub step       [20]
  --pool N              the hub's DB_POOL_SIZE                                [20]
  --pg URL              PostgreSQL server to create the bench database on, instead of the bench's own
                        (no naive durable baseline, no WAL or whole-server CPU figures then)
                        [the bench starts its own server with initdb/pg_ctl, pinned with the hub]
  --embedded            use the hub's embedded PostgreSQL in a temporary folder (as --pg)
  --skip a,b            leave out: idle, catchup, baseline, load
  --profile             CPU-profile the hub (node --cpu-prof) and summarise its top passing step
  --profile-rate R      summarise the hub's step at R msg/s instead
  --hub-main PATH       another built hub to measure (default dist/apps/hub/src/main.js), e.g. a build of an older commit
  --hub-node-flags F    extra node flags for the hub, space-separated (e.g. "--trace-gc"; GC pauses are then summed per step)
  --hub-env K=V,K=V     extra environment for the hub (VARSEL_JOB_INTERVAL_SECONDS=0 leaves the varsel planner's
                        share out of the hub's figures; it is 2 s in the bench, so its work counts in its step)
  --out NAME            results as bench/results/NAME.{json,md,svg}           [latest; quick: quick]
  --max-minutes M       hard time limit; everything is stopped and cleaned up [90; quick 8]
  --retries N           run a failed step again up to N times before it counts  [1; quick 0]
  --quiet-wait S        before each step, wait up to S seconds for a second in which other
                        processes use under 30 % of a core (the machine is shared) [20; quick 0]
`;

function geometricLadder(from: number, factor: number, steps: number): number[] {
  const round2 = (x: number) => {
    const p = 10 ** (Math.floor(Math.log10(x)) - 1);
    return Math.round(x / p) * p;
  };
  return Array.from({ length: steps }, (_, i) => round2(from * factor ** i));
}

export function parseOptions(argv: readonly string[]): Options {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`Unexpected argument ${a}\n\n${USAGE}`);
    const eq = a.indexOf('=');
    const k = eq < 0 ? a.slice(2) : a.slice(2, eq);
    const inline = eq < 0 ? undefined : a.slice(eq + 1);
    if (['quick', 'embedded', 'profile', 'help'].includes(k)) flags.set(k, 'true');
    else if (inline !== undefined) flags.set(k, inline);
    else if (i + 1 < argv.length) flags.set(k, argv[++i]);
    else throw new Error(`--${k} needs a value\n\n${USAGE}`);
  }
  if (flags.has('help')) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const known = [
    'quick',
    'cases',
    'rate',
    'step-factor',
    'rates',
    'steps',
    'target-rate',
    'duration',
    'payload',
    'p99-limit',
    'workers',
    'idle-sockets',
    'catchup-events',
    'catchup-runs',
    'rest-rate',
    'pool',
    'pg',
    'embedded',
    'skip',
    'profile',
    'out',
    'max-minutes',
    'quiet-wait',
    'hub-node-flags',
    'hub-env',
    'retries',
    'hub-main',
    'profile-rate',
  ];
  for (const k of flags.keys()) if (!known.includes(k)) throw new Error(`Unknown flag --${k}\n\n${USAGE}`);
  const quick = flags.has('quick');
  const num = (k: string, fallback: number, min: number, max: number): number => {
    const raw = flags.get(k);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${k} must be a number from ${min} to ${max}`);
    return n;
  };
  const steps = Math.round(num('steps', quick ? 3 : 17, 1, 40));
  const start = num('rate', 250, 1, 1_000_000);
  let rates: number[];
  if (flags.has('rates')) {
    rates = flags
      .get('rates')!
      .split(',')
      .map((x) => Number(x.trim()));
    if (rates.some((r) => !Number.isFinite(r) || r <= 0 || r > 1_000_000))
      throw new Error('--rates must be positive numbers, comma-separated');
    rates = rates.slice(0, steps);
  } else if (flags.has('step-factor') || flags.has('rate')) rates = geometricLadder(start, num('step-factor', 2, 1.05, 10), steps);
  else rates = (quick ? [250, 1000, 2000] : [250, 500, 1000, 1500, 2000, 3000, 4000, 6000]).slice(0, steps);
  const skip = new Set(
    (flags.get('skip') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  for (const s of skip)
    if (!['idle', 'catchup', 'baseline', 'load'].includes(s)) throw new Error(`--skip knows idle, catchup, baseline, load; not ${s}`);
  return {
    quick,
    cases: Math.round(num('cases', 250, 1, 5000)),
    rates,
    durationS: num('duration', quick ? 4 : 20, 0.5, 600),
    payloadBytes: Math.round(num('payload', 120, 40, 10_000)),
    workers: Math.round(num('workers', 4, 1, 32)),
    idleSockets: Math.round(num('idle-sockets', quick ? 500 : 10_000, 0, 50_000)),
    catchupEvents: Math.round(num('catchup-events', 1000, 1, 5000)),
    catchupRuns: Math.round(num('catchup-runs', quick ? 3 : 8, 1, 100)),
    restRate: num('rest-rate', 20, 0, 1000),
    targetRate: num('target-rate', 1000, 1, 1_000_000),
    p99LimitMs: num('p99-limit', 50, 1, 60_000),
    poolSize: Math.round(num('pool', 20, 1, 200)),
    pg: flags.get('pg'),
    embedded: flags.has('embedded'),
    skip: skip as Options['skip'],
    profile: flags.has('profile') || flags.has('profile-rate'),
    profileRate: flags.has('profile-rate') ? num('profile-rate', 0, 1, 1_000_000) : undefined,
    out: flags.get('out') ?? (quick ? 'quick' : 'latest'),
    maxMinutes: num('max-minutes', quick ? 8 : 90, 0.5, 240),
    quietWaitS: num('quiet-wait', quick ? 0 : 20, 0, 600),
    stepDowns: quick ? 1 : 4,
    retries: Math.round(num('retries', quick ? 0 : 1, 0, 5)),
    hubMain: flags.get('hub-main'),
    hubNodeFlags: (flags.get('hub-node-flags') ?? '').split(' ').filter((x) => x.startsWith('--')),
    hubEnv: Object.fromEntries(
      (flags.get('hub-env') ?? '')
        .split(',')
        .filter((x) => x.includes('='))
        .map((x) => [x.slice(0, x.indexOf('=')).trim(), x.slice(x.indexOf('=') + 1).trim()]),
    ),
    drainS: quick ? 5 : 15,
  };
}
