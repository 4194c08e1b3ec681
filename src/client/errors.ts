/**
 * Typed errors of the WorkOS client. HTTP status is mapped to a class in one place
 * (`WorkosApiError.fromResponse`); callers branch on the class (`instanceof NotFoundError`),
 * never on message text. No error carries the API key: requests are described by method and
 * path only, and server messages are scrubbed of the key before they are kept.
 */

export interface WorkosApiErrorInit {
  readonly status: number;
  readonly code?: string;
  readonly message: string;
  readonly requestId?: string;
  readonly method: string;
  readonly path: string;
  /** 422: the fields the API named (`errors: [{field, code}]` in the body). */
  readonly errors?: readonly FieldError[];
  /** 429: the Retry-After header, in seconds. */
  readonly retryAfter?: number;
  /** UnreachableError: the base URL that could not be reached (no credentials). */
  readonly baseUrl?: string;
}

/** One field a 422 names: the wire name (`slug`, `parent_types`) and why (`required`, `cycle`, …). */
export interface FieldError {
  readonly field: string;
  readonly code: string;
}

/** Code used when the response body names none. */
const DEFAULT_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  408: 'request_timeout',
  409: 'conflict',
  422: 'unprocessable_entity',
  429: 'rate_limited',
};

export class WorkosApiError extends Error {
  /** HTTP status; 0 when no response was received. */
  readonly status: number;
  /** Machine-readable code from the response body (`{code, message}`), or a default per status. */
  readonly code: string;
  /** The target's `x-request-id` response header, for support requests. */
  readonly requestId: string | undefined;
  readonly method: string;
  /** Path of the request (percent-encoded, no query string). */
  readonly path: string;

  constructor(init: WorkosApiErrorInit) {
    const rid = init.requestId ? ` (request id ${init.requestId})` : '';
    super(`${init.method} ${init.path} failed: ${init.status ? `${init.status} ` : ''}${init.message}${rid}`);
    this.name = new.target.name;
    this.status = init.status;
    this.code = init.code ?? DEFAULT_CODES[init.status] ?? (init.status >= 500 ? 'server_error' : 'http_error');
    this.requestId = init.requestId;
    this.method = init.method;
    this.path = init.path;
  }

  /** The error class for an HTTP status: the one place status is mapped to a type. */
  static fromResponse(init: WorkosApiErrorInit): WorkosApiError {
    const Class = errorClassFor(init.status);
    return new Class(init);
  }
}

export class BadRequestError extends WorkosApiError {}
export class AuthenticationError extends WorkosApiError {}
export class ForbiddenError extends WorkosApiError {}
/** Read: the object is gone. Delete: already deleted (success). See `roles.delete` for the exception. */
export class NotFoundError extends WorkosApiError {}
export class ConflictError extends WorkosApiError {}
/** The API rejected the request's content; `errors` names the fields, when it did. */
export class UnprocessableEntityError extends WorkosApiError {
  /** The fields the API named, in its order; empty when it named none. */
  readonly errors: readonly FieldError[];

  constructor(init: WorkosApiErrorInit) {
    super(init);
    this.errors = init.errors ?? [];
  }
}

/** Too many requests, after the retries. */
export class RateLimitError extends WorkosApiError {
  /** Seconds the API asked to wait before the next request (its Retry-After); undefined when it did not say. */
  readonly retryAfter: number | undefined;

  constructor(init: WorkosApiErrorInit) {
    super(init);
    this.retryAfter = init.retryAfter;
  }
}
export class ServerError extends WorkosApiError {}
/** No response at all (connection refused, reset, timed out), after the retries. Status 0. */
export class ConnectionError extends WorkosApiError {}
/**
 * The target cannot be reached at all: several attempts in a row, across the client's calls,
 * found no server (connection refused, DNS failure, connect timeout). Every call fails with it
 * at once, without retries, until a cool-down passes (`ReachabilityBreaker` in limiter.ts).
 */
export class UnreachableError extends ConnectionError {
  /** The base URL, as configured (without credentials). */
  readonly baseUrl: string;

  constructor(init: WorkosApiErrorInit) {
    super(init);
    this.baseUrl = init.baseUrl ?? '';
  }
}
/** The target answered 2xx with a body that is not what the WorkOS API specifies. */
export class UnexpectedResponseError extends WorkosApiError {}

function errorClassFor(status: number): typeof WorkosApiError {
  switch (status) {
    case 400:
      return BadRequestError;
    case 401:
      return AuthenticationError;
    case 403:
      return ForbiddenError;
    case 404:
      return NotFoundError;
    case 409:
      return ConflictError;
    case 422:
      return UnprocessableEntityError;
    case 429:
      return RateLimitError;
    default:
      return status >= 500 ? ServerError : WorkosApiError;
  }
}
