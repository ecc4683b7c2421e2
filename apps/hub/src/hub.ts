import { existsSync } from 'node:fs';
import type { IncomingMessage, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { HubOptions } from './app.module';
import { AppModule } from './app.module';
import type { HubConfig } from './config/config';
import { toErrorBody } from './common/error.filter';
import { correlationId, requestRoutes } from './common/logging';
import { hasApiKey } from './common/api-key';
import { boundRequestBodies } from './common/request-bodies';
import { GATEWAY_KEY_HEADER } from './dialogmelding/gateway-key';
import { validationPipe } from './common/validation';
import { acceptMultipart } from './files/multipart';
import { MetricsService } from './metrics/metrics.service';
import { ClusterRelay } from './realtime/cluster-relay';
import { HubIoAdapter } from './realtime/io.adapter';

/** Builds the whole hub on a Fastify server, ready to listen; `main.ts` and the e2e tests both start it here. */
export async function createHub(options: HubOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: options.config.bodyLimitBytes,
    trustProxy: true,
    genReqId: correlationId,
    // Errors Fastify raises before routing (an over-long or badly encoded path) take the one error shape too,
    // instead of Fastify's own, which echoes the URL with its ids.
    frameworkErrors: (error: FastifyError, _req: FastifyRequest, reply: FastifyReply) => {
      const { status, body } = toErrorBody(error);
      void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(body));
    },
  });
  // Before Nest's middleware (the access logger) sees the request, so its line can name the matched route pattern.
  adapter.getInstance().addHook('onRequest', (req, _reply, done) => {
    requestRoutes.set(req.raw, req.routeOptions.url ?? 'unmatched');
    done();
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, {
    bufferLogs: true,
    abortOnError: false,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  const io = new HubIoAdapter(app, options.config);
  await io.connect();
  io.onReconnect(() => app.get(ClusterRelay).linkRestored());
  app.useWebSocketAdapter(io);
  app.useGlobalPipes(validationPipe);
  // MsgHead/AppRec documents are bounded at 4 times the codec's own limit (issue 6).
  const { bodyLimitBytes, textBodyLimitBytes, dialogmelding } = options.config;
  const { files } = options.config;
  boundRequestBodies(
    app.getHttpAdapter().getInstance(),
    {
      json: bodyLimitBytes,
      text: textBodyLimitBytes,
      xml: dialogmelding.maxBytes * 4,
      multipart: files.maxBytes * files.maxPerMessage + 1_048_576,
    },
    { xml: (req) => hasApiKey(req.headers, GATEWAY_KEY_HEADER, dialogmelding.gatewayKey) },
  );
  // Attachments (issue 18) stream in as multipart/form-data, on routes marked @MultipartBody() only.
  await acceptMultipart(app.getHttpAdapter().getInstance(), options.config.files);
  app.enableShutdownHooks();
  secureHeaders(app, options.config);
  acceptEmptyJson(app);
  instrument(app);
  const doc = new DocumentBuilder()
    .setTitle('Samhandling hub')
    .setDescription("Case conversations for sykefraværsoppfølging. Every response is an allow-list view for the caller's role.")
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'docs/openapi.json' });
  await serveWebClient(app, options.config);
  await app.init();
  return app;
}

/** The Swagger UI page loads its own scripts and styles (and inline styles, images as data: URLs), nothing else. */
const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Requests that came in on the operations listener (OPS_PORT), the only one serving /metrics and /docs then. */
const opsRequests = new WeakSet<IncomingMessage>();
/** The operations listener of each hub, closed with it. */
const opsServers = new WeakMap<object, Server>();
const OPS_ROUTE = /^\/(metrics|docs)(\/|$|\?)/;

/**
 * Case content must not sit in a shared or browser cache, and no response is to be sniffed into another type.
 * With OPS_PORT set, /metrics and /docs answer 404 on the public port.
 */
function secureHeaders(app: NestFastifyApplication, config: HubConfig): void {
  const fastify = app.getHttpAdapter().getInstance();
  if (config.opsPort !== undefined) {
    fastify.addHook('onRequest', async (req, reply) => {
      if (OPS_ROUTE.test(req.url) && !opsRequests.has(req.raw)) return reply.callNotFound();
    });
    fastify.addHook('onClose', async () => {
      const server = opsServers.get(fastify);
      if (!server) return;
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    });
  }
  fastify.addHook('onSend', async (req, reply, payload) => {
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    void reply.header('x-content-type-options', 'nosniff');
    if (/^\/docs(\/|$|\?)/.test(req.url)) void reply.header('content-security-policy', DOCS_CSP);
    return payload;
  });
}

/**
 * Starts the operations listener when OPS_PORT is set: /metrics and /docs (and /health, for probes) on a port that
 * need not be published. Requests go through the same Fastify routes; it closes with the app. Answers its URL.
 */
export async function listenOps(app: NestFastifyApplication, config: HubConfig): Promise<string | undefined> {
  if (config.opsPort === undefined) return undefined;
  const fastify = app.getHttpAdapter().getInstance();
  const server = createServer((req, res) => {
    if (!OPS_ROUTE.test(req.url ?? '') && !(req.url ?? '').startsWith('/health/')) {
      res
        .writeHead(404, { 'content-type': 'application/json; charset=utf-8' })
        .end(JSON.stringify({ error: 'not_found', message: 'Not found' }));
      return;
    }
    opsRequests.add(req);
    fastify.routing(req, res);
  });
  await new Promise<void>((ok, fail) => server.once('error', fail).listen(config.opsPort, config.host, ok));
  opsServers.set(fastify, server);
  const { port } = server.address() as AddressInfo;
  return `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
}

/**
 * `PUT`/`DELETE` with `content-type: application/json` and no body (what many clients send) is read as no body
 * instead of refused; anything else goes through Fastify's own parser, which guards against prototype poisoning.
 */
function acceptEmptyJson(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body.toString();
    if (text.trim() === '') return done(null, undefined);
    void parseJson(req, text, done);
  });
}

function instrument(app: NestFastifyApplication): void {
  const metrics = app.get(MetricsService);
  const fastify = app.getHttpAdapter().getInstance();
  const started = new WeakMap<object, bigint>();
  fastify.addHook('onRequest', async (req, reply) => {
    started.set(req, process.hrtime.bigint());
    void reply.header('x-correlation-id', req.id);
  });
  fastify.addHook('onResponse', async (req, reply) => {
    // The route pattern, never the raw URL: ids and fødselsnumre must not become label values.
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
    const t0 = started.get(req);
    if (t0 !== undefined) metrics.httpDuration.observe({ method: req.method, route }, Number(process.hrtime.bigint() - t0) / 1e9);
  });
}

/**
 * The web client (apps/web, built by `npm run build`) at /app/, under a strict Content-Security-Policy, with the
 * public sign-in settings it needs at /app/config.json. These routes are Fastify's own: no case content, not in OpenAPI.
 */
async function serveWebClient(app: NestFastifyApplication, config: HubConfig): Promise<void> {
  if (!existsSync(join(config.web.dir, 'index.html'))) {
    new NestLogger('Web').warn(`No web client in ${config.web.dir} (npm run build makes it); /app/ is not served`);
    return;
  }
  const oidc = config.web.oidc;
  // The page talks only to the hub, and to the OIDC provider for discovery and the token exchange.
  const connect = ["'self'", ...(oidc ? [new URL(oidc.discoveryUrl).origin] : [])].join(' ');
  const headers: Record<string, string> = {
    'content-security-policy': `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src ${connect}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types 'none'`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  };
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/', (_req, reply) => reply.redirect('/app/'));
  fastify.get('/app/config.json', (_req, reply) =>
    reply.headers(headers).send({
      devIssuer: config.auth.devIssuer,
      oidc: oidc ?? null,
      roleClaim: config.auth.roleClaim,
      foresporselDeadlineHours: config.forespørselDeadlineHours,
    }),
  );
  await app.register(fastifyStatic, {
    root: config.web.dir,
    prefix: '/app/',
    decorateReply: false,
    setHeaders: (reply) => void reply.headers(headers),
  });
}
