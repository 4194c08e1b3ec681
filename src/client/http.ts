/**
 * The HTTP layer of the WorkOS client: bearer auth, JSON bodies, retries with backoff, typed
 * errors and response validation. The API classes (one file per area) only name paths, bodies and schemas.
 *
 * Requests go out on node:http(s) with keep-alive, path as written. (undici, used before, costs
 * a provider process ~100 ms of CPU to compile its WebAssembly HTTP parser and ~0.5 ms more per
 * request: ARCHITECTURE.md "Start-up and cost per call".)
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import type { z } from 'zod';
import { ConnectionError, UnexpectedResponseError, UnreachableError, WorkosApiError, type FieldError } from './errors';
import { DEFAULT_MAX_CONCURRENT_REQUESTS, DEFAULT_REQUESTS_PER_SECOND, ReachabilityBreaker, RequestLimiter, UNREACHABLE_CODES, systemClock, type Clock } from './limiter';
import { isDotSegment } from '../slug';

/** Kept equal to package.json's version by test/unit/client.test.ts (the provider bundle has no package.json to read). */
export { VERSION as CLIENT_VERSION } from '../version';
import { VERSION } from '../version';
export const DEFAULT_USER_AGENT = `cdktf-workos-rbac/${VERSION}`;
/**
 * The retry budget of an idempotent call (GET, PUT, DELETE, POST with an Idempotency-Key):
 * 8 attempts. On a network where each attempt fails independently with probability 0.2
 * (5xx and connection resets), a call fails all 8 with 0.2^8 ≈ 2.6e-6; an apply of 500
 * objects makes fewer than 1,000 calls (measured by test/e2e/faults.test.ts), so it fails
 * somewhere with ≤ 1,000 × 2.6e-6 ≈ 0.3 %: it converges in one apply 99.7 % of the time
 * (with the former 4 attempts: 0.2^4 × 1,000 ≈ 1.6 failed calls per apply). Waits: full
 * jitter under 250 ms doubling, capped at 4 s, so the 7 waits of a call that exhausts its
 * budget average ≈ 8 s and never exceed 15.75 s. An unreachable target does not pay that per
 * call: the breaker in limiter.ts fails every call at once after a few attempts in a row
 * found no server.
 */
export const DEFAULT_MAX_RETRIES = 7;
/** Longest wait honoured from a Retry-After header. */
export const RETRY_AFTER_CAP_MS = 60_000;
const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 4_000;

/**
 * Percent-encodes every interpolated value: `path\`/authorization/roles/${slug}\``. Slugs contain
 * `:` and `*`; encodeURIComponent leaves `*` (and `!'()`) alone, so those are encoded too.
 */
export function path(strings: TemplateStringsArray, ...params: string[]): string {
  return strings.reduce((out, s, i) => out + s + (i < params.length ? encodePathParam(params[i]) : ''), '');
}

/** A value that cannot be one path segment: nothing was sent. */
export class InvalidPathParameterError extends Error {
  constructor(value: string) {
    super(`${JSON.stringify(value)} cannot be sent as an identifier: ${value === '' ? 'it is empty' : 'in a URL path it would address another object'}`);
    this.name = 'InvalidPathParameterError';
  }
}

/**
 * One value as exactly one path segment. `.`, `..` and the empty string cannot be: `%2e%2e` is a
 * dot-segment too for every URL parser on the way (see src/slug.ts), and an empty
 * segment names the collection. They are refused here, before anything is sent.
 */
export function encodePathParam(value: string): string {
  if (value === '' || isDotSegment(value)) throw new InvalidPathParameterError(value);
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Milliseconds to wait before retry number `attempt` (1-based). `retryAfterMs` is the server's
 * Retry-After, already capped, when it sent one.
 */
export type RetryDelay = (attempt: number, retryAfterMs: number | undefined) => number;

/** Exponential backoff with full jitter; the server's Retry-After wins when present. */
export const defaultRetryDelay: RetryDelay = (attempt, retryAfterMs) =>
  retryAfterMs ?? Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));

/** Retry-After as seconds or an HTTP date, in milliseconds, capped; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  const ms = readRetryAfter(value, now);
  return ms === undefined ? undefined : Math.min(ms, RETRY_AFTER_CAP_MS);
}

/** Retry-After as seconds or an HTTP date, in milliseconds from `now` (not capped). */
function readRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export interface HttpOptions {
  /** `https://api.workos.com`, or a local control plane's URL. */
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer …`; never part of an error or log line. */
  readonly apiKey: string;
  /** Retries after the first attempt on 408/429/5xx and connection errors. @default 7 (see DEFAULT_MAX_RETRIES) */
  readonly maxRetries?: number;
  /** @default "cdktf-workos-rbac/<version>" */
  readonly userAgent?: string;
  /** Wait before each retry; tests pass `() => 0`. @default exponential backoff with full jitter, Retry-After first */
  readonly retryDelay?: RetryDelay;
  /** Requests in flight at once through this client, retries included. @default 4 */
  readonly maxConcurrentRequests?: number;
  /**
   * Ceiling of this client's adaptive request rate (it starts there, halves on a 429 and climbs
   * back on successes; see limiter.ts). @default 100 (DEFAULT_REQUESTS_PER_SECOND, WorkOS's per-key limit)
   */
  readonly requestsPerSecond?: number;
  /** Time source of the limiter and of the waits before retries; tests pass a logical clock. @default the system clock */
  readonly clock?: Clock;
  /** Told about every retry before its wait, e.g. to log it. Never sees the API key. */
  readonly onRetry?: (retry: RetryEvent) => void;
  /**
   * Attempts in a row, across all calls of this client, that found no server (refused, DNS,
   * connect timeout) before every call fails at once with an `UnreachableError`. @default 4
   */
  readonly unreachableAfter?: number;
}

/** One retry about to happen. */
export interface RetryEvent {
  readonly method: string;
  readonly path: string;
  /** 1-based number of the retry. */
  readonly attempt: number;
  /** The status that caused it, or 0 for a connection error. */
  readonly status: number;
  /** The connection error's code, when there was no response. */
  readonly code?: string;
  readonly delayMs: number;
  /** The client's request rate after this answer, in requests per second (a 429 may have halved it). */
  readonly rate: number;
}

/** Counters of one client, for logs, tests and benchmarks. */
export interface TransportStats {
  /** HTTP attempts sent, retries included. */
  requests: number;
  /** Attempts repeated after a retryable failure. */
  retries: number;
  /** 429 responses received. */
  rateLimited: number;
  /** The limiter's current rate, in requests per second. */
  readonly rate: number;
  /** The lowest rate the limiter backed off to so far. */
  readonly minRate: number;
}

export interface CallOptions<T> {
  readonly query?: Record<string, string | number | undefined>;
  readonly body?: unknown;
  /** Makes a POST retryable; generate one per logical call with `newIdempotencyKey()`. */
  readonly idempotencyKey?: string;
  /** Validates the 2xx body; omit for 204 responses. */
  readonly schema?: z.ZodType<T>;
}

export const newIdempotencyKey = (): string => randomUUID();

const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** An attempt with no complete answer after this long fails as ETIMEDOUT (retried like a reset). */
const ATTEMPT_TIMEOUT_MS = 300_000;

/** What one attempt got back. */
interface Answer {
  readonly statusCode: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
}

/**
 * One HTTP exchange: the whole body read as UTF-8. Rejects with the socket's error, whose
 * `code` (ECONNRESET, ECONNREFUSED, ETIMEDOUT, ...) decides whether the call tries again.
 */
function exchange(target: URL, agent: http.Agent, method: string, path: string, headers: Record<string, string>, body: string | undefined): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const send = target.protocol === 'https:' ? https.request : http.request;
    const req = send(
      { protocol: target.protocol, hostname: target.hostname, port: target.port, path, method, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => (res.complete ? resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }) : reject(connectionError('the answer was cut short', 'ECONNRESET'))));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(ATTEMPT_TIMEOUT_MS, () => req.destroy(connectionError(`no answer in ${ATTEMPT_TIMEOUT_MS / 1000} s`, 'ETIMEDOUT')));
    req.end(body);
  });
}

const connectionError = (message: string, code: string) => Object.assign(new Error(message), { code });

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501);
}

function networkCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = e?.code ?? e?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

function header(headers: http.IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export class HttpTransport {
  private readonly url: URL;
  /** The base URL's path, no trailing slash: what every request path is appended to. */
  private readonly basePath: string;
  private readonly agent: http.Agent;
  private readonly host: string;
  private readonly maxRetries: number;
  private readonly retryDelay: RetryDelay;
  private readonly headers: Record<string, string>;
  private readonly limiter: RequestLimiter;
  private readonly clock: Clock;
  private readonly breaker: ReachabilityBreaker;
  /** The base URL as errors name it: no credentials, no trailing slash. */
  private readonly target: string;
  readonly stats: TransportStats;

  constructor(private readonly opts: HttpOptions) {
    let url: URL;
    try {
      url = new URL(opts.baseUrl);
    } catch {
      throw new Error(`baseUrl ${JSON.stringify(opts.baseUrl)} is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`baseUrl must be an http(s) URL, not ${url.protocol}`);
    this.host = url.host;
    this.url = url;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.agent = url.protocol === 'https:' ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
    this.target = `${url.protocol}//${url.host}${this.basePath}`;
    this.breaker = new ReachabilityBreaker({ threshold: opts.unreachableAfter });
    this.maxRetries = opts.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.retryDelay = opts.retryDelay ?? defaultRetryDelay;
    this.clock = opts.clock ?? systemClock;
    this.limiter = new RequestLimiter({
      maxConcurrent: opts.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS,
      requestsPerSecond: opts.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND,
      clock: this.clock,
    });
    // Live: the counters count up, the rates are read from the limiter.
    this.stats = Object.defineProperties({ requests: 0, retries: 0, rateLimited: 0 } as TransportStats, {
      rate: { get: () => this.limiter.rate, enumerable: true },
      minRate: { get: () => this.limiter.minRate, enumerable: true },
    });
    this.headers = {
      authorization: `Bearer ${opts.apiKey}`,
      accept: 'application/json',
      'user-agent': opts.userAgent ?? DEFAULT_USER_AGENT,
    };
  }

  /** The absolute URL of a path on the target (no credentials, no query), e.g. an endpoint to hand to someone else. */
  urlOf(reqPath: string): string {
    return this.target + reqPath;
  }

  /** One logical call: retried on 408/429/5xx and connection errors (POST only with an idempotency key). */
  async call<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', reqPath: string, options: CallOptions<T> = {}): Promise<T> {
    const headers: Record<string, string> = { ...this.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    const retryable = method !== 'POST' || options.idempotencyKey !== undefined;
    const path = this.basePath + reqPath + queryString(options.query);
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);

    for (let attempt = 0; ; attempt++) {
      const canRetry = retryable && attempt < this.maxRetries;
      const retry = async (status: number, delayMs: number, code?: string) => {
        this.stats.retries++;
        this.opts.onRetry?.({ method, path: reqPath, attempt: attempt + 1, status, code, delayMs, rate: this.limiter.rate });
        await this.clock.sleep(delayMs);
      };
      // Fail at once, without waiting for a slot, while the target is unreachable.
      if (this.breaker.isOpen()) throw this.unreachable(method, reqPath, this.breaker.lastCode);
      // The slot is held for the request and its body, not for the wait before a retry.
      const permit = await this.limiter.acquire();
      let res: Answer;
      try {
        if (this.breaker.isOpen()) throw this.unreachable(method, reqPath, this.breaker.lastCode);
        this.stats.requests++;
        res = await exchange(this.url, this.agent, method, path, headers, body);
      } catch (err) {
        permit.release();
        const again = await this.failedAttempt(err, method, reqPath, canRetry, (code) => retry(0, this.retryDelay(attempt + 1, undefined), code));
        if (again) throw again;
        continue;
      }
      this.breaker.answered();

      const status = res.statusCode;
      const retryAfterMs = parseRetryAfter(header(res.headers, 'retry-after'));
      const delayMs = canRetry && isRetryableStatus(status) ? this.retryDelay(attempt + 1, retryAfterMs) : undefined;
      if (status === 429) {
        this.stats.rateLimited++;
        // Every call of this client waits out the Retry-After (the wait retryDelay chose for it), not just this one.
        permit.rateLimited(retryAfterMs === undefined ? undefined : (delayMs ?? retryAfterMs));
      } else if (status < 500) permit.succeeded();
      permit.release();

      if (status >= 200 && status < 300) return this.parse(method, reqPath, res, res.text, options.schema);
      if (delayMs !== undefined) {
        await retry(status, delayMs);
        continue;
      }
      throw this.errorFrom(method, reqPath, res, res.text);
    }
  }

  /**
   * An attempt that got no answer. Returns `null` after waiting when the call should try
   * again; otherwise the error to throw: an `UnreachableError` once the breaker is open (then no
   * retry helps), a `ConnectionError` when the retries are spent or the error is not transient.
   */
  private async failedAttempt(err: unknown, method: string, reqPath: string, canRetry: boolean, wait: (code: string) => Promise<void>): Promise<WorkosApiError | null> {
    if (err instanceof UnreachableError) return err;
    const code = networkCode(err);
    if (code !== undefined && UNREACHABLE_CODES.has(code)) {
      if (this.breaker.noServer(code)) return this.unreachable(method, reqPath, code);
    }
    if (canRetry && code !== undefined && RETRYABLE_NETWORK_CODES.has(code)) {
      await wait(code);
      // The breaker may have opened while this call waited (other calls failing the same way).
      return this.breaker.isOpen() ? this.unreachable(method, reqPath, this.breaker.lastCode) : null;
    }
    return new ConnectionError({
      status: 0,
      code: 'connection_error',
      message: `could not reach ${this.host}: ${code ?? (err instanceof Error ? err.message : String(err))}`,
      method,
      path: reqPath,
    });
  }

  private unreachable(method: string, reqPath: string, code: string): UnreachableError {
    return new UnreachableError({
      status: 0,
      code: 'unreachable',
      message: `cannot reach ${this.target}: ${code}; ${this.breaker.threshold} attempts in a row found no server, so the provider stopped trying`,
      method,
      path: reqPath,
      baseUrl: this.target,
    });
  }

  private parse<T>(method: string, reqPath: string, res: Answer, text: string, schema?: z.ZodType<T>): T {
    if (!schema) return undefined as T;
    const unexpected = (message: string) =>
      new UnexpectedResponseError({
        status: res.statusCode,
        code: 'unexpected_response',
        message,
        requestId: header(res.headers, 'x-request-id'),
        method,
        path: reqPath,
      });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw unexpected('unexpected response: the body is not JSON');
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    // Name the field in plain words; the ZodError itself stays here.
    const issue = parsed.error.issues[0];
    const field = issue.path.length ? issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') : '(body)';
    throw unexpected(`unexpected response: field "${field}": ${issue.message}`);
  }

  private errorFrom(method: string, reqPath: string, res: Answer, text: string): WorkosApiError {
    const body = errorBody(text);
    const retryAfter = readRetryAfter(header(res.headers, 'retry-after'), Date.now());
    return WorkosApiError.fromResponse({
      status: res.statusCode,
      code: body.code,
      message: this.scrub(body.message ?? http.STATUS_CODES[res.statusCode] ?? 'no error message'),
      requestId: header(res.headers, 'x-request-id'),
      method,
      path: reqPath,
      errors: body.errors,
      retryAfter: retryAfter === undefined ? undefined : retryAfter / 1000,
    });
  }

  /** A server echoing the key back must not put it into an error message. */
  private scrub(message: string): string {
    return this.opts.apiKey ? message.split(this.opts.apiKey).join('[redacted]') : message;
  }
}

/** What an error body says: `{code, message, errors}` (WorkOS) or `{error, error_description}` (OAuth style). */
function errorBody(text: string): { code?: string; message?: string; errors?: FieldError[] } {
  let body: { code?: unknown; message?: unknown; error?: unknown; error_description?: unknown; errors?: unknown };
  try {
    body = JSON.parse(text) ?? {};
  } catch {
    return {}; // Not JSON (a proxy's HTML page, say): the status says enough.
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const fieldError = (e: { field?: unknown; code?: unknown } | null): FieldError[] =>
    typeof e?.field === 'string' ? [{ field: e.field, code: str(e.code) ?? 'invalid' }] : [];
  const errors = Array.isArray(body.errors) ? body.errors.flatMap(fieldError) : undefined;
  return { code: str(body.code) ?? str(body.error), message: str(body.message) ?? str(body.error_description), errors };
}

function queryString(query: CallOptions<unknown>['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}
