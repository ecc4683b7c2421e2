import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

type KeyLike = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

export interface OidcUser {
  role: string;
  sub: string;
}

/**
 * A tiny OIDC provider on loopback for the sign-in test: discovery, an authorize endpoint that signs in `nextUser`
 * at once, a token endpoint that insists on PKCE (S256) as a public client, and its JWKS.
 */
export class FakeOidc {
  nextUser: OidcUser = { role: 'sykmeldt', sub: 'syk-1' };
  readonly tokenRequests: Record<string, string>[] = [];
  private readonly codes = new Map<string, { challenge: string; redirectUri: string; clientId: string; user: OidcUser }>();

  private constructor(
    private readonly server: Server,
    readonly issuer: string,
    private readonly key: KeyLike,
    private readonly jwk: object,
    readonly clientId: string,
  ) {}

  static async start(clientId: string): Promise<FakeOidc> {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'fake-1', alg: 'ES256', use: 'sig' };
    let self: FakeOidc | undefined;
    const server = createServer((req, res) => void self?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    self = new FakeOidc(server, `http://127.0.0.1:${address.port}`, privateKey, jwk, clientId);
    return self;
  }

  /** An access token for the hub's audience, as the token endpoint would issue it. */
  token(user: OidcUser): Promise<string> {
    return new SignJWT({ role: user.role })
      .setProtectedHeader({ alg: 'ES256', kid: 'fake-1', typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience('samhandling-hub')
      .setSubject(user.sub)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(this.key);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.issuer);
    // A public client's page calls discovery and the token endpoint from its own origin.
    res.setHeader('access-control-allow-origin', '*');
    const json = (status: number, body: unknown): void =>
      void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer: this.issuer,
        authorization_endpoint: `${this.issuer}/authorize`,
        token_endpoint: `${this.issuer}/token`,
        jwks_uri: `${this.issuer}/jwks`,
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (req.method === 'GET' && url.pathname === '/jwks') return json(200, { keys: [this.jwk] });
    if (req.method === 'GET' && url.pathname === '/authorize') {
      const q = url.searchParams;
      if (
        q.get('response_type') !== 'code' ||
        q.get('client_id') !== this.clientId ||
        q.get('code_challenge_method') !== 'S256' ||
        !q.get('code_challenge')
      ) {
        return json(400, { error: 'invalid_request' });
      }
      const code = randomUUID();
      const redirectUri = q.get('redirect_uri') ?? '';
      this.codes.set(code, { challenge: q.get('code_challenge') ?? '', redirectUri, clientId: this.clientId, user: this.nextUser });
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state') ?? '');
      return void res.writeHead(302, { location: back.toString() }).end();
    }
    if (req.method === 'POST' && url.pathname === '/token') {
      let body = '';
      for await (const chunk of req) body += String(chunk);
      const form = Object.fromEntries(new URLSearchParams(body));
      this.tokenRequests.push(form);
      const grant = this.codes.get(form.code ?? '');
      this.codes.delete(form.code ?? '');
      const verified =
        grant &&
        createHash('sha256')
          .update(form.code_verifier ?? '')
          .digest('base64url') === grant.challenge;
      if (
        !grant ||
        !verified ||
        form.grant_type !== 'authorization_code' ||
        form.client_id !== grant.clientId ||
        form.redirect_uri !== grant.redirectUri
      ) {
        return json(400, { error: 'invalid_grant' });
      }
      return json(200, { access_token: await this.token(grant.user), token_type: 'Bearer', expires_in: 3600 });
    }
    json(404, { error: 'not_found' });
  }
}
