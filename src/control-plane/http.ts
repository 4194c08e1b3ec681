/**
 * The HTTP plumbing every route shares: the request context, the error answer, body validation and
 * pagination. Routes answer synchronously (see routes/index.ts).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import type { IdempotencyMark, StateEvent } from './events';
import type { Store } from './store';

export interface RequestContext {
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  /** Set when the request carried an Idempotency-Key; creates journal it. */
  readonly idempotency: IdempotencyMark | undefined;
  /** `http://127.0.0.1:PORT`, the server's own address: for absolute URLs in answers (SCIM's `meta.location`). */
  readonly origin?: string;
}

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  /** Extra response headers (`location`, or a `content-type` other than JSON's). */
  readonly headers?: Readonly<Record<string, string>>;
}

export type Handler = (store: Store, ctx: RequestContext) => Reply;

/** `:name` segments match one percent-encoded path segment and arrive decoded. */
export type RouteTable = ReadonlyArray<readonly [method: string, pattern: string, handler: Handler]>;

export interface FieldError {
  readonly field?: string;
  readonly code: string;
  readonly message?: string;
}

/** An error answer: `{code, message}` (422 adds `errors: [{field, code}]`). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: readonly FieldError[],
  ) {
    super(message);
  }
}

export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const errors: FieldError[] = [];
  const messages: string[] = [];
  for (const issue of r.error.issues) {
    const field = issue.path.length ? issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') : 'body';
    const missing = issue.code === 'invalid_type' && valueAt(body, issue.path) === undefined;
    errors.push({ field, code: missing ? 'required' : issue.code });
    const why = missing ? 'is required' : issue.code === 'invalid_type' ? `must be ${issue.expected === 'object' ? 'a JSON object' : `of type ${issue.expected}`}` : issue.message;
    messages.push(`${field} ${why}`);
  }
  throw new HttpError(422, 'invalid_request_parameters', `Validation failed: ${messages.join('; ')}.`, errors);
}

function valueAt(value: unknown, at: readonly PropertyKey[]): unknown {
  let v = value;
  for (const k of at) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

export const now = () => new Date().toISOString();

export function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Whether `Authorization: Bearer <secret>` carries the secret of `secretDigest`. Constant-time: both sides are hashed to equal length first. */
export function bearerMatches(header: string | undefined, secretDigest: Buffer): boolean {
  const m = /^Bearer (.+)$/i.exec(header ?? '');
  return m !== null && timingSafeEqual(digest(m[1].trim()), secretDigest);
}

// Pagination: `limit` 1..100 (default 10), `order` asc | desc (default) | normal, cursors are ids.

export function paginate<T extends { id: string }>(items: readonly T[], query: URLSearchParams): { data: T[]; before: string | null; after: string | null } {
  const limitText = query.get('limit');
  const limit = limitText === null ? 10 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new HttpError(422, 'invalid_request_parameters', 'Validation failed: limit must be an integer between 1 and 100.', [{ field: 'limit', code: 'invalid' }]);
  }
  const order = query.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc' && order !== 'normal') {
    throw new HttpError(422, 'invalid_request_parameters', 'Validation failed: order must be one of asc, desc, normal.', [{ field: 'order', code: 'invalid' }]);
  }
  // Ids sort by creation time, so a cursor stays valid after its object is deleted.
  const desc = order !== 'asc';
  const seq = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (desc) seq.reverse();
  const comesAfter = (id: string, cursor: string) => (desc ? id < cursor : id > cursor);
  // "normal" is descending with reversed cursors: `after` fetches newer records, `before` older ones.
  const afterCursor = query.get(order === 'normal' ? 'before' : 'after');
  const beforeCursor = query.get(order === 'normal' ? 'after' : 'before');

  let window = seq;
  if (afterCursor) window = window.filter((x) => comesAfter(x.id, afterCursor));
  if (beforeCursor) window = window.filter((x) => comesAfter(beforeCursor, x.id));
  const data = beforeCursor && !afterCursor ? window.slice(Math.max(0, window.length - limit)) : window.slice(0, limit);
  if (data.length === 0) return { data, before: null, after: null };
  const first = data[0].id;
  const last = data[data.length - 1].id;
  const before = seq[0].id !== first ? first : null;
  const after = seq[seq.length - 1].id !== last ? last : null;
  return order === 'normal' ? { data, before: after, after: before } : { data, before, after };
}

/** 422 naming one field: `{code: invalid_request_parameters, errors: [{field, code}]}`. */
export function invalid(field: string, code: string, message: string): HttpError {
  return new HttpError(422, 'invalid_request_parameters', `Validation failed: ${message}`, [{ field, code }]);
}

export function notFound(what: string, id: string): HttpError {
  return new HttpError(404, 'not_found', `${what} not found: '${id}'.`);
}

/** Commits a create and answers 201; a retried request with the same Idempotency-Key gets this very answer. */
export function commitCreate(store: Store, idempotency: IdempotencyMark | undefined, event: StateEvent, body: unknown): Reply {
  const mark = idempotency ? { ...idempotency, response: { status: 201, body } } : undefined;
  store.commit(mark ? ({ ...event, idempotency: mark } as StateEvent) : event);
  return { status: 201, body };
}

export function listBody<T>(page: { data: T[]; before: string | null; after: string | null }) {
  return { object: 'list' as const, data: page.data, list_metadata: { before: page.before, after: page.after } };
}

/** A rate limit per API key: `requestsPerSecond` sustained, `burst` at once (default: one second's worth). */
export interface RateLimitOptions {
  readonly requestsPerSecond: number;
  readonly burst?: number;
}

/**
 * Token buckets, one per API key, like WorkOS's per-key limit (README, "The local control
 * plane"). Refused requests cost nothing: a client retrying too early does not push its own
 * turn further away.
 */
export class RateLimit {
  private readonly ratePerMs: number;
  private readonly burst: number;
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {
    if (!(options.requestsPerSecond > 0) || !Number.isFinite(options.requestsPerSecond)) throw new Error(`the rate limit must be a positive number of requests per second, not ${options.requestsPerSecond}`);
    this.burst = options.burst ?? Math.max(1, options.requestsPerSecond);
    if (!(this.burst >= 1)) throw new Error(`the rate limit's burst must be at least 1, not ${options.burst}`);
    this.ratePerMs = options.requestsPerSecond / 1000;
  }

  /** Takes a token for `key`: undefined when the request may go, else the whole seconds to wait before one is available (Retry-After). */
  take(key: string): number | undefined {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) * this.ratePerMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    // Retry-After counts whole seconds (HTTP delta-seconds), so never 0 while the bucket is empty.
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.ratePerMs / 1000));
  }
}
