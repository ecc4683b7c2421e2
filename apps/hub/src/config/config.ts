import { isAbsolute, resolve } from 'node:path';

/** Everything the hub reads from its environment, parsed and checked once at start-up. */
export interface HubConfig {
  nodeEnv: string;
  host: string;
  port: number;
  /** Set: /metrics and /docs are served only on this port (a second listener on `host`), not on `port`. */
  opsPort?: number;
  /** Unset: the hub starts an embedded PostgreSQL in `embeddedPg.dataDir`. */
  databaseUrl?: string;
  dbPoolSize: number;
  embeddedPg: { dataDir: string; port: number };
  redisUrl?: string;
  /** Prefix of the Redis stream and channels, so several hubs (or test runs) can share one Redis. */
  redisPrefix: string;
  socket: {
    maxPayloadBytes: number;
    messagesPerSecond: number;
    maxCatchUp: number;
    /** Open sockets one person (token `sub`) may hold, across nodes when Redis is shared. */
    maxPerPerson: number;
    /** Events a socket may be replayed on (re-)subscribe per minute; past it the socket is told to refetch over REST. */
    catchUpPerMinute: number;
    /** A socket refused by its rate limit this many times within `strikeWindowSeconds` is disconnected. */
    rateLimitStrikes: number;
    strikeWindowSeconds: number;
  };
  /**
   * Group commit of new messages: a send not in a batch within `writeDeadlineMs` of reaching the writer, or arriving
   * while `writeQueueMax` sends wait, is answered `busy` and never stored.
   */
  messages: { writeDeadlineMs: number; writeQueueMax: number };
  /** REST requests per `durationSeconds`: per person (token `sub`) when a token is valid, per client IP otherwise. */
  rest: { points: number; anonymousPoints: number; durationSeconds: number };
  /** Largest JSON body of most routes; `textBodyLimitBytes` for the few that carry long free text. */
  bodyLimitBytes: number;
  textBodyLimitBytes: number;
  logLevel: string;
  auth: {
    /** Built-in development issuer (only with NODE_ENV development or test); its key lives in `devKeyFile`. */
    devIssuer: boolean;
    devKeyFile: string;
    jwksUrl?: string;
    issuer: string;
    audience: string;
    roleClaim: string;
    /** A token whose `exp - iat` is longer than this is refused. */
    maxTokenLifetimeSeconds: number;
  };
  retentionDays: number;
  /** How often the follow-up jobs run, in seconds; 0 turns a job's timer off (it can still be run by hand). */
  jobs: { reminderIntervalSeconds: number; retentionIntervalSeconds: number };
  forespørselDeadlineHours: number;
  /** An innkalling the fastlege has not answered this many hours before the møte is marked for the convener (issue 21). */
  moteSvarFristHours: number;
  /** Key for operator routes (audit export); unset, those routes do not exist. */
  operatorApiKey?: string;
  /** Dialogmeldinger (issue 6): who the hub is in MsgHead/AppRec, and the message gateway it talks to. */
  dialogmelding: {
    /** NAV's HER-id: inbound documents addressed to another receiver get AppRec E21. */
    herId: string;
    orgName: string;
    orgnr: string;
    /** Key the message gateway sends in `x-dialogmelding-gateway-key`; unset, the gateway routes do not exist. */
    gatewayKey?: string;
    /** Largest MsgHead/AppRec document read; a larger one (up to 4 times this) gets AppRec avvist T99, beyond that 413. */
    maxBytes: number;
    /** How often the ubesvart job runs, in seconds; 0 turns its timer off. */
    jobIntervalSeconds: number;
  };
  /** Varsler (issue 17): content-free notices by e-mail and a signed webhook; off per channel when not configured. */
  varsel: {
    /** `smtp://` or `smtps://` with user and password in the URL; unset, no e-mail. */
    smtpUrl?: string;
    from: string;
    webhookUrl?: string;
    webhookSecret?: string;
    /** A person gets at most one varsel per case within this many seconds; it counts what arrived meanwhile. */
    windowSeconds: number;
    maxAttempts: number;
    /** The page varsler link to (the case is appended). */
    pageUrl: string;
    /** How often the dispatcher runs, in seconds; 0 turns its timer off. */
    jobIntervalSeconds: number;
  };
  /** Attachments as files (issue 18): limits, where the bytes live, and the optional virus scanner. */
  files: {
    /** Largest file accepted, in bytes. */
    maxBytes: number;
    /** Files per upload request and per message. */
    maxPerMessage: number;
    /** How long an upload waits for a message to name it before it is deleted. */
    pendingSeconds: number;
    /** How often pending uploads and orphaned S3 objects are swept, in seconds; 0 turns the timer off. */
    jobIntervalSeconds: number;
    storage: 'postgres' | 's3';
    s3?: { endpoint?: string; region: string; bucket: string; accessKeyId?: string; secretAccessKey?: string; forcePathStyle: boolean };
    /** A ClamAV daemon (clamd) each file is scanned by before it is stored; unset, files are not scanned. */
    clamd?: { host: string; port: number; timeoutMs: number };
  };
  /** The web client (apps/web): its built folder, served at /app/, and the public OIDC client settings the page gets. */
  web: {
    dir: string;
    /** Unset: the page offers only the development issuer's sign-in. */
    oidc?: { clientId: string; discoveryUrl: string; scope: string };
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly { variable: string; problem: string }[]) {
    super(`Invalid configuration: ${problems.map((p) => `${p.variable} ${p.problem}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

export const DEV_ISSUER = 'samhandling-hub-dev';
export const DEFAULT_AUDIENCE = 'samhandling-hub';

type Env = Readonly<Record<string, string | undefined>>;

/** Reads and checks the environment; a bad value throws a ConfigError naming every variable at fault. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): HubConfig {
  const problems: { variable: string; problem: string }[] = [];
  const str = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push({ variable: name, problem: `must be a whole number from ${min} to ${max}` });
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    problems.push({ variable: name, problem: 'must be true or false' });
    return fallback;
  };
  const url = (name: string, protocols: readonly string[]): string | undefined => {
    const raw = str(name);
    if (raw === undefined) return undefined;
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) throw new Error();
      return raw;
    } catch {
      problems.push({ variable: name, problem: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` });
      return undefined;
    }
  };
  const path = (name: string, fallback: string): string => {
    const raw = str(name) ?? fallback;
    return isAbsolute(raw) ? raw : resolve(cwd, raw);
  };

  const nodeEnvGiven = str('NODE_ENV');
  const nodeEnv = nodeEnvGiven ?? 'development';
  // Only these two spellings mean development; anything else (`Production`, `prod`, `staging`) is treated as production.
  const production = nodeEnv !== 'development' && nodeEnv !== 'test';
  const jwksUrl = url('AUTH_JWKS_URL', production ? ['https:'] : ['https:', 'http:']);
  // On by default only for a bare `npm start` (no NODE_ENV, no JWKS), and then bound to loopback below.
  const devIssuer = bool('AUTH_DEV_ISSUER', nodeEnvGiven === undefined && str('AUTH_JWKS_URL') === undefined);
  if (devIssuer && production)
    problems.push({ variable: 'AUTH_DEV_ISSUER', problem: `must not be true unless NODE_ENV is development or test (it is ${nodeEnv})` });
  if (!devIssuer && str('AUTH_JWKS_URL') === undefined)
    problems.push({ variable: 'AUTH_JWKS_URL', problem: 'is required when the development issuer is off' });
  if (jwksUrl !== undefined && str('AUTH_ISSUER') === undefined)
    problems.push({ variable: 'AUTH_ISSUER', problem: 'is required with AUTH_JWKS_URL' });
  const logLevel = str('LOG_LEVEL') ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push({ variable: 'LOG_LEVEL', problem: 'must be one of fatal, error, warn, info, debug, trace, silent' });
  }
  const dataDir = path('HUB_DATA_DIR', '.data');

  const config: HubConfig = {
    nodeEnv,
    // With the development issuer anyone may mint a token: only this machine reaches it unless HOST says otherwise.
    host: str('HOST') ?? (devIssuer ? '127.0.0.1' : '0.0.0.0'),
    port: int('PORT', 3000, 0, 65535),
    opsPort: str('OPS_PORT') === undefined ? undefined : int('OPS_PORT', 0, 0, 65535),
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    dbPoolSize: int('DB_POOL_SIZE', 10, 1, 200),
    embeddedPg: { dataDir: resolve(dataDir, 'postgres'), port: int('EMBEDDED_PG_PORT', 54329, 1024, 65535) },
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    redisPrefix: str('REDIS_PREFIX') ?? 'hub',
    socket: {
      maxPayloadBytes: int('SOCKET_MAX_PAYLOAD_BYTES', 65_536, 1024, 10 * 1_048_576),
      messagesPerSecond: int('SOCKET_MESSAGES_PER_SECOND', 20, 1, 10_000),
      maxCatchUp: int('SOCKET_MAX_CATCH_UP', 5000, 10, 1_000_000),
      maxPerPerson: int('SOCKET_MAX_PER_PERSON', 10, 1, 10_000),
      catchUpPerMinute: int('SOCKET_CATCH_UP_PER_MINUTE', 10_000, 10, 10_000_000),
      rateLimitStrikes: int('SOCKET_RATE_LIMIT_STRIKES', 50, 1, 1_000_000),
      strikeWindowSeconds: int('SOCKET_RATE_LIMIT_STRIKE_WINDOW_SECONDS', 10, 1, 3600),
    },
    messages: {
      writeDeadlineMs: int('MESSAGE_WRITE_DEADLINE_MS', 1000, 10, 60_000),
      writeQueueMax: int('MESSAGE_WRITE_QUEUE_MAX', 5000, 1, 1_000_000),
    },
    rest: {
      points: int('REST_RATE_LIMIT_POINTS', 1200, 1, 10_000_000),
      anonymousPoints: int('REST_RATE_LIMIT_ANONYMOUS_POINTS', 300, 1, 10_000_000),
      durationSeconds: int('REST_RATE_LIMIT_DURATION_SECONDS', 60, 1, 86_400),
    },
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 65_536, 1024, 50 * 1_048_576),
    textBodyLimitBytes: int('TEXT_BODY_LIMIT_BYTES', 262_144, 1024, 50 * 1_048_576),
    logLevel,
    auth: {
      devIssuer,
      devKeyFile: resolve(dataDir, 'dev-issuer-key.json'),
      jwksUrl,
      issuer: str('AUTH_ISSUER') ?? DEV_ISSUER,
      audience: str('AUTH_AUDIENCE') ?? DEFAULT_AUDIENCE,
      roleClaim: str('AUTH_ROLE_CLAIM') ?? 'role',
      maxTokenLifetimeSeconds: int('AUTH_MAX_TOKEN_LIFETIME_SECONDS', 43_200, 60, 7 * 86_400),
    },
    retentionDays: int('RETENTION_DAYS', 90, 0, 3650),
    jobs: {
      reminderIntervalSeconds: int('REMINDER_JOB_INTERVAL_SECONDS', 900, 0, 86_400),
      retentionIntervalSeconds: int('RETENTION_JOB_INTERVAL_SECONDS', 3600, 0, 7 * 86_400),
    },
    forespørselDeadlineHours: int('FORESPORSEL_DEADLINE_HOURS', 504, 1, 24 * 365),
    moteSvarFristHours: int('MOTE_SVAR_FRIST_HOURS', 72, 0, 24 * 60),
    operatorApiKey: str('OPERATOR_API_KEY'),
    dialogmelding: {
      herId: str('DIALOGMELDING_HER_ID') ?? '79768',
      orgName: str('DIALOGMELDING_ORG_NAME') ?? 'NAV',
      orgnr: str('DIALOGMELDING_ORGNR') ?? '889640782',
      gatewayKey: str('DIALOGMELDING_GATEWAY_KEY'),
      maxBytes: int('DIALOGMELDING_MAX_BYTES', 1_048_576, 1024, 10 * 1_048_576),
      jobIntervalSeconds: int('DIALOGMELDING_JOB_INTERVAL_SECONDS', 900, 0, 86_400),
    },
    varsel: {
      smtpUrl: url('VARSEL_SMTP_URL', ['smtp:', 'smtps:']),
      from: str('VARSEL_FROM') ?? 'NAV <ikke-svar@nav.no>',
      webhookUrl: url('VARSEL_WEBHOOK_URL', ['https:', 'http:']),
      webhookSecret: str('VARSEL_WEBHOOK_SECRET'),
      windowSeconds: int('VARSEL_WINDOW_SECONDS', 900, 0, 86_400),
      maxAttempts: int('VARSEL_MAX_ATTEMPTS', 8, 1, 100),
      pageUrl: url('VARSEL_PAGE_URL', ['https:', 'http:']) ?? `http://localhost:${str('PORT') ?? '3000'}/app/`,
      jobIntervalSeconds: int('VARSEL_JOB_INTERVAL_SECONDS', 30, 0, 86_400),
    },
    files: filesConfig(str, int, bool, url, problems),
    web: { dir: '' },
  };
  if (config.varsel.webhookUrl !== undefined && (config.varsel.webhookSecret === undefined || config.varsel.webhookSecret.length < 32)) {
    problems.push({ variable: 'VARSEL_WEBHOOK_SECRET', problem: 'must be at least 32 characters when VARSEL_WEBHOOK_URL is set' });
  }
  if (!/^[^\r\n]{3,200}$/.test(config.varsel.from) || !config.varsel.from.includes('@')) {
    problems.push({ variable: 'VARSEL_FROM', problem: 'must be an e-mail address (optionally "Name <address>"), one line' });
  }
  if (!/^\d{1,12}$/.test(config.dialogmelding.herId))
    problems.push({ variable: 'DIALOGMELDING_HER_ID', problem: 'must be 1 to 12 digits' });
  if (!/^\d{9}$/.test(config.dialogmelding.orgnr)) problems.push({ variable: 'DIALOGMELDING_ORGNR', problem: 'must be 9 digits' });
  if (config.dialogmelding.orgName.length > 200)
    problems.push({ variable: 'DIALOGMELDING_ORG_NAME', problem: 'must be at most 200 characters' });
  if (config.dialogmelding.gatewayKey !== undefined && config.dialogmelding.gatewayKey.length < 24) {
    problems.push({ variable: 'DIALOGMELDING_GATEWAY_KEY', problem: 'must be at least 24 characters' });
  }
  if (config.operatorApiKey !== undefined && config.operatorApiKey.length < 24) {
    problems.push({ variable: 'OPERATOR_API_KEY', problem: 'must be at least 24 characters' });
  }
  config.web = { dir: path('WEB_DIR', 'dist/web'), oidc: webOidc(str, url, config.auth, problems) };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** The web page's sign-in with the OIDC provider (Authorization Code + PKCE, a public client: no secret). */
function webOidc(
  str: (name: string) => string | undefined,
  url: (name: string, protocols: readonly string[]) => string | undefined,
  auth: HubConfig['auth'],
  problems: { variable: string; problem: string }[],
): HubConfig['web']['oidc'] {
  const clientId = str('WEB_OIDC_CLIENT_ID');
  const discovery = url('WEB_OIDC_DISCOVERY_URL', ['https:', 'http:']);
  const scope = str('WEB_OIDC_SCOPE') ?? 'openid';
  if (!/^[\x21\x23-\x5b\x5d-\x7e]{1,100}( [\x21\x23-\x5b\x5d-\x7e]{1,100}){0,19}$/.test(scope)) {
    problems.push({ variable: 'WEB_OIDC_SCOPE', problem: 'must be up to 20 space-separated scope names' });
  }
  if (clientId === undefined) return undefined;
  if (!/^[\w.:@/-]{1,200}$/.test(clientId))
    problems.push({ variable: 'WEB_OIDC_CLIENT_ID', problem: 'must be 1 to 200 letters, digits or . _ : @ / -' });
  if (auth.jwksUrl === undefined)
    problems.push({
      variable: 'WEB_OIDC_CLIENT_ID',
      problem: 'needs AUTH_JWKS_URL and AUTH_ISSUER of the provider the page signs in with',
    });
  // The issuer's own discovery document, unless it lives elsewhere.
  const fromIssuer = /^https?:\/\//.test(auth.issuer) ? `${auth.issuer.replace(/\/$/, '')}/.well-known/openid-configuration` : undefined;
  const discoveryUrl = discovery ?? fromIssuer;
  if (discoveryUrl === undefined) {
    if (str('WEB_OIDC_DISCOVERY_URL') === undefined)
      problems.push({ variable: 'WEB_OIDC_DISCOVERY_URL', problem: 'is required when AUTH_ISSUER is not a URL' });
    return undefined;
  }
  return { clientId, discoveryUrl, scope };
}

function filesConfig(
  str: (name: string) => string | undefined,
  int: (name: string, fallback: number, min: number, max: number) => number,
  bool: (name: string, fallback: boolean) => boolean,
  url: (name: string, protocols: readonly string[]) => string | undefined,
  problems: { variable: string; problem: string }[],
): HubConfig['files'] {
  const storage = str('FILE_STORAGE') ?? 'postgres';
  if (storage !== 'postgres' && storage !== 's3') problems.push({ variable: 'FILE_STORAGE', problem: 'must be postgres or s3' });
  const bucket = str('S3_BUCKET');
  if (storage === 's3' && bucket === undefined) problems.push({ variable: 'S3_BUCKET', problem: 'is required when FILE_STORAGE=s3' });
  const clamdHost = str('CLAMD_HOST');
  return {
    maxBytes: int('FILE_MAX_BYTES', 25 * 1_048_576, 1024, 1024 * 1_048_576),
    maxPerMessage: int('FILE_MAX_PER_MESSAGE', 10, 1, 100),
    pendingSeconds: int('FILE_PENDING_SECONDS', 900, 10, 86_400),
    jobIntervalSeconds: int('FILE_JOB_INTERVAL_SECONDS', 300, 0, 86_400),
    storage: storage === 's3' ? 's3' : 'postgres',
    s3:
      storage === 's3' && bucket !== undefined
        ? {
            endpoint: url('S3_ENDPOINT', ['https:', 'http:']),
            region: str('S3_REGION') ?? 'us-east-1',
            bucket,
            accessKeyId: str('S3_ACCESS_KEY_ID'),
            secretAccessKey: str('S3_SECRET_ACCESS_KEY'),
            forcePathStyle: bool('S3_FORCE_PATH_STYLE', true),
          }
        : undefined,
    clamd:
      clamdHost === undefined
        ? undefined
        : { host: clamdHost, port: int('CLAMD_PORT', 3310, 1, 65535), timeoutMs: int('CLAMD_TIMEOUT_MS', 30_000, 100, 600_000) },
  };
}
