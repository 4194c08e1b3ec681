/**
 * The one place where problems become tfplugin6 diagnostics: handler diagnostics, errors
 * thrown by handlers (WorkOS API errors carry status, code and request id), and attribute
 * paths. Secrets registered here (the API key) are scrubbed from every text that leaves.
 */
import type { Diagnostic } from '../../src/schemas/builder';
import { DiagnosticError } from '../handler';
import type { Attributes } from './codec';

export interface ProtoAttributePath {
  steps: Array<{ attribute_name: string } | { element_key_string: string } | { element_key_int: number }>;
}

export interface ProtoDiagnostic {
  severity: 'ERROR' | 'WARNING';
  summary: string;
  detail: string;
  attribute: ProtoAttributePath | null;
}

const secrets = new Set<string>();

/** Registers a value that must never appear in a diagnostic or a log line. */
export function registerSecret(value: string): void {
  if (value.length >= 4) secrets.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('[redacted]');
  return out;
}

export function attributePath(path: ReadonlyArray<string | number>, attributes?: Attributes): ProtoAttributePath {
  const [first, ...rest] = path;
  // A set has no addressable elements: terraform can only point at the set itself.
  const spec = attributes && typeof first === 'string' ? attributes[first] : undefined;
  const elements = spec && typeof spec.type === 'object' && 'set' in spec.type ? [] : rest;
  return {
    steps: [
      { attribute_name: String(first) },
      ...elements.map((p) => (typeof p === 'number' ? { element_key_int: p } : { element_key_string: p })),
    ],
  };
}

export function toProtoDiagnostic(d: Diagnostic, attributes?: Attributes): ProtoDiagnostic {
  return {
    severity: d.severity === 'error' ? 'ERROR' : 'WARNING',
    summary: redact(d.summary),
    detail: redact(d.detail),
    attribute: d.path && d.path.length > 0 ? attributePath(d.path, attributes) : null,
  };
}

interface ApiErrorShape {
  status: number;
  code?: string;
  requestId?: string;
  message?: string;
  baseUrl?: string;
}

function isApiError(err: unknown): err is ApiErrorShape {
  return typeof err === 'object' && err !== null && typeof (err as ApiErrorShape).status === 'number' && 'code' in err && 'requestId' in err;
}

/** Turns anything a handler threw into a diagnostic. `doing` says what failed ("creating workos_role"). */
export function errorToDiagnostic(err: unknown, doing: string): Diagnostic {
  if (err instanceof DiagnosticError) return err.diagnostic;
  if (isApiError(err) && isUnreachable(err)) {
    // The client's breaker gave up on the target (src/client/limiter.ts): one plain sentence.
    const message = err.message ?? '';
    return { severity: 'error', summary: `Cannot reach ${err.baseUrl ?? 'the WorkOS API'}`, detail: `${message.slice(message.indexOf('cannot reach'))} (while ${doing}). Check base_url / WORKOS_BASE_URL and that the target is running.` };
  }
  if (isApiError(err)) {
    // status 0: no response at all (connection refused, timeout)
    const summary = err.status ? ['WorkOS API error', String(err.status), err.code].filter(Boolean).join(' ') : `WorkOS API unreachable (${err.code ?? 'no response'})`;
    const message = err.message ?? 'The request failed';
    const lines = [`${message} (while ${doing}).`];
    if (err.requestId && !message.includes(err.requestId)) lines.push(`Request ID: ${err.requestId}`);
    return { severity: 'error', summary, detail: lines.join('\n\n') };
  }
  // The client refuses an id that cannot be one URL path segment before sending anything
  // (src/client/http.ts); matched by name so this module does not load the client at start-up.
  if (err instanceof Error && err.name === 'InvalidPathParameterError') {
    return { severity: 'error', summary: 'Invalid identifier', detail: `${err.message} (while ${doing}). Nothing was sent to the target.` };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { severity: 'error', summary: message || 'Unexpected error', detail: `Unexpected error while ${doing}.` };
}

/** True when the client's breaker gave up on the target (src/client/limiter.ts). */
export function isUnreachable(err: unknown): boolean {
  return isApiError(err) && err.code === 'unreachable';
}

/**
 * True for a failure that trying again later may cure, after the client's own retries: a 5xx,
 * 408 or 429, or a connection dropped mid-request. Not an unreachable target (the breaker's
 * `unreachable`), and not a 4xx the target meant.
 */
export function isTransientFailure(err: unknown): boolean {
  if (!isApiError(err) || isUnreachable(err)) return false;
  return err.status === 0 || err.status === 408 || err.status === 429 || err.status >= 500;
}

/** A one-line reason for a failed call, for warnings: the message without its request line. */
export function failureReason(err: unknown): string {
  const message = redact(err instanceof Error ? err.message : String(err));
  return message.replace(/^[A-Z]+ \S+ failed: /, '');
}

export const errorDiagnostic = (summary: string, detail = '', path?: ReadonlyArray<string | number>): Diagnostic => ({
  severity: 'error',
  summary,
  detail,
  ...(path ? { path } : {}),
});
