/**
 * The local control plane: a WorkOS authorization API on 127.0.0.1 with durable local state,
 * plus the dashboard-only features real WorkOS has no API for (under `/_dashboard/`).
 * node:http, no framework. Run it with `workos-rbac server` or `startControlPlane()`.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ulid } from './ids';
import { bearerMatches, digest, HttpError, RateLimit, type RateLimitOptions, type Reply } from './http';
import { isDotSegment } from '../slug';
import { matchRoute } from './routes';
import { scimDirectoryOf, scimTokenMatches } from './scim/auth';
import { SCIM_CONTENT_TYPE, ScimError, scimErrorBody } from './scim/errors';
import { Store } from './store';

export interface ControlPlaneOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Loopback only: the control plane holds an API key and no TLS. */
  readonly host?: '127.0.0.1';
  /** Where the snapshot and journal live; created if missing. */
  readonly dataDir: string;
  /** The bearer key clients must send. */
  readonly apiKey: string;
  /** One line per request (method, path, status, ms); stderr by default. */
  readonly log?: (line: string) => void;
  /**
   * Requests per second per API key, as WorkOS limits them; over it, a 429 with WorkOS's body
   * (`rate_limit_exceeded`) and `Retry-After` in seconds. @default no limit
   */
  readonly rateLimit?: RateLimitOptions;
}

export interface ControlPlane {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

export async function startControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  if (!options.apiKey) throw new Error('the control plane needs an API key');
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const host = options.host ?? '127.0.0.1';
  const store = Store.open(options.dataDir);
  const keyDigest = digest(options.apiKey);
  const rateLimit = options.rateLimit ? new RateLimit(options.rateLimit) : undefined;

  const server = http.createServer((req, res) => {
    const started = process.hrtime.bigint();
    const rawPath = (req.url ?? '/').split('?')[0];
    res.on('close', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // Never the headers: they carry the API key.
      log(`${req.method} ${rawPath} ${res.statusCode} ${ms.toFixed(1)}ms`);
    });
    handle(store, keyDigest, rateLimit, req, res).catch((err: unknown) => {
      log(`internal error on ${req.method} ${rawPath}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      if (!res.headersSent) send(res, 500, { code: 'internal_error', message: 'Internal error.' });
      else res.destroy();
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    store.close();
    throw new Error(`could not listen on ${host}:${options.port ?? 0}: ${(err as Error).message}`);
  }

  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => {
          store.close();
          if (err) reject(err);
          else resolve();
        });
        server.closeIdleConnections();
      })),
  };
}

async function handle(store: Store, keyDigest: Buffer, rateLimit: RateLimit | undefined, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  // Routed on the raw path: `new URL()` would resolve `..` and `%2e%2e` before routing, and
  // `/authorization/organizations/%2e%2e/roles/x` would become the environment's role x.
  const target = req.url ?? '/';
  const queryAt = target.indexOf('?');
  const rawPath = queryAt === -1 ? target : target.slice(0, queryAt);
  const query = new URLSearchParams(queryAt === -1 ? '' : target.slice(queryAt + 1));
  const method = req.method ?? 'GET';
  res.setHeader('x-request-id', `req_${ulid()}`);
  // A directory's SCIM endpoint takes the directory's bearer token, not the API key, and
  // answers errors as SCIM errors (README, "Directory sync (SCIM) in the local control plane").
  const scimDirectory = scimDirectoryOf(rawPath);
  const scim = scimDirectory !== undefined;

  if (scim ? !scimTokenMatches(store.state, scimDirectory, req.headers.authorization) : !bearerMatches(req.headers.authorization, keyDigest)) {
    req.resume();
    if (scim) return sendError(res, new ScimError(401, undefined, "Missing or invalid bearer token: send `Authorization: Bearer <the directory's SCIM token>`."), scim);
    return send(res, 401, { code: 'unauthorized', message: 'Missing or invalid API key: send `Authorization: Bearer <key>`.' });
  }

  // One bucket per key; only one key is accepted, so its digest names the bucket (a directory's token: its own).
  const retryAfter = rateLimit?.take(scim ? `scim:${scimDirectory}` : keyDigest.toString('hex'));
  if (retryAfter !== undefined) {
    req.resume();
    res.setHeader('retry-after', String(retryAfter));
    return sendError(res, new HttpError(429, 'rate_limit_exceeded', 'Too many requests.'), scim);
  }

  const dotSegment = rawPath.split('/').find((segment) => isDotSegment(decodeSegment(segment)));
  if (dotSegment !== undefined) {
    req.resume();
    return sendError(res, new HttpError(400, 'bad_request', `The path ${rawPath} has a dot-segment (${JSON.stringify(dotSegment)}): identifiers cannot be "." or "..".`), scim);
  }

  const match = matchRoute(method, rawPath);
  if (match.kind !== 'found') {
    req.resume();
    if (match.kind === 'wrong_method') {
      res.setHeader('allow', match.allow.join(', '));
      return sendError(res, new HttpError(405, 'method_not_allowed', `${method} is not allowed on ${rawPath}.`), scim);
    }
    return sendError(res, new HttpError(404, 'not_found', `Route not found: ${method} ${rawPath}.`), scim);
  }

  let raw: string;
  try {
    raw = await readBody(req);
  } catch (err) {
    if (err instanceof HttpError) return sendError(res, err, scim);
    throw err;
  }

  // From here on everything is synchronous: validate, commit, answer.
  let body: unknown;
  if (raw.trim() !== '') {
    try {
      body = JSON.parse(raw);
    } catch {
      return sendError(res, new HttpError(400, 'bad_request', 'The request body is not valid JSON.'), scim);
    }
  }

  const key = headerValue(req.headers['idempotency-key']);
  const fingerprint = key ? createHash('sha256').update(`${method} ${rawPath}\n${raw}`).digest('hex') : '';
  if (key && method === 'POST') {
    const earlier = store.replayFor(key);
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) {
        return send(res, 400, { code: 'bad_request', message: 'This Idempotency-Key was already used with a different request.' });
      }
      res.setHeader('idempotent-replayed', 'true');
      return send(res, earlier.status, earlier.body);
    }
  }

  let reply: Reply;
  try {
    const origin = `http://${req.socket.localAddress}:${req.socket.localPort}`;
    reply = match.handler(store, { params: match.params, query, body, idempotency: key ? { key, fingerprint, at: new Date().toISOString() } : undefined, origin });
  } catch (err) {
    if (err instanceof HttpError) return sendError(res, err, scim);
    throw err;
  }
  send(res, reply.status, reply.body, reply.headers);
}

/** A segment as its handler would see it; one that does not decode stays as it is (and matches no route). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return (Array.isArray(v) ? v[0] : v) || undefined;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, 'payload_too_large', `The request body exceeds ${MAX_BODY_BYTES} bytes.`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** WorkOS's `{code, message}`, or on a SCIM path a SCIM error (RFC 7644 §3.12). */
function sendError(res: http.ServerResponse, err: HttpError, scim = false): void {
  if (scim) return send(res, err.status, scimErrorBody(err), { 'content-type': SCIM_CONTENT_TYPE });
  send(res, err.status, { code: err.code, message: err.message, ...(err.errors ? { errors: err.errors } : {}) });
}

function send(res: http.ServerResponse, status: number, body?: unknown, headers: Readonly<Record<string, string>> = {}): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers, 'content-length': Buffer.byteLength(text) }).end(text);
}

/**
 * `workos-rbac server --port P --data-dir DIR [--rate-limit N]`, the key from WORKOS_API_KEY or `--api-key-file F`
 * (`--api-key KEY` works too, with a warning: every local account sees argv in `ps`). Prints
 * `listening on http://127.0.0.1:PORT` once ready and resolves after a clean shutdown on SIGTERM
 * or SIGINT.
 */
export async function runServerCommand(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, ['--port', '--data-dir', '--api-key', '--api-key-file', '--rate-limit']);
  const apiKey = serverApiKey(flags, process.env);
  const dataDir = flags['--data-dir'];
  if (!dataDir) throw new Error('--data-dir DIR is required (the control plane keeps its state there)');
  const portText = flags['--port'] ?? '0';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not ${JSON.stringify(portText)}`);

  const rateText = flags['--rate-limit'];
  const requestsPerSecond = rateText === undefined ? undefined : Number(rateText);
  if (requestsPerSecond !== undefined && !(Number.isFinite(requestsPerSecond) && requestsPerSecond > 0)) {
    throw new Error(`--rate-limit must be a positive number of requests per second, not ${JSON.stringify(rateText)}`);
  }

  const plane = await startControlPlane({ port, dataDir, apiKey, rateLimit: requestsPerSecond === undefined ? undefined : { requestsPerSecond } });
  process.stdout.write(`listening on ${plane.url}\n`);

  await new Promise<void>((resolve, reject) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      process.stderr.write(`${signal}: shutting down\n`);
      plane.close().then(resolve, reject);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

function serverApiKey(flags: Record<string, string | undefined>, env: NodeJS.ProcessEnv): string {
  const fromArgv = flags['--api-key'];
  const file = flags['--api-key-file'];
  if (fromArgv !== undefined && file !== undefined) throw new Error('pass --api-key-file or --api-key, not both');
  if (file !== undefined) {
    let key: string;
    try {
      key = fs.readFileSync(file, 'utf8').trim();
    } catch (err) {
      throw new Error(`--api-key-file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    if (!key) throw new Error(`--api-key-file ${file} is empty`);
    return key;
  }
  if (fromArgv !== undefined) {
    process.stderr.write('warning: --api-key is visible to every local account (ps, /proc); set WORKOS_API_KEY or pass --api-key-file FILE instead\n');
    return fromArgv;
  }
  if (env.WORKOS_API_KEY) return env.WORKOS_API_KEY;
  throw new Error('an API key is required: set WORKOS_API_KEY or pass --api-key-file FILE');
}

function parseFlags(argv: string[], known: string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (!known.includes(name)) throw new Error(`unknown option ${JSON.stringify(name)} (expected ${known.join(', ')})`);
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || (eq === -1 && value.startsWith('--'))) throw new Error(`${name} needs a value`);
    out[name] = value;
  }
  return out;
}
