/**
 * Read-your-writes on an eventually consistent API. Real WorkOS may answer a read from a
 * replica that has not seen a write yet; reporting that as drift (or a 404 as "gone") would be
 * wrong. Two places wait a little, a bounded number of times, with one loop, and nowhere else:
 *
 *  - A refresh shortly after this provider wrote the object (an apply records the time in
 *    terraform's private state, `writtenMarker`): a read that differs from the state is
 *    repeated (`readAfterWrite`, from providers/protocol/apply.ts) before it is reported.
 *    Typical case: `terraform apply` then an immediate plan.
 *  - A follow-up call right after a create (a role's permissions after the role): a 404 is
 *    repeated (`untilVisible`, from the handlers).
 *
 * Everything else reports what the server says at once.
 */
import { NotFoundError } from '../src/client/errors';
import type { Logger } from './handler';

export interface SettleOptions {
  /** Repeats after the first try. @default 3 */
  readonly attempts?: number;
  /** Wait before the first repeat, doubling each time. @default 100 */
  readonly delayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** How long after a write a differing read is still suspected to be replica lag. */
export const RECENT_WRITE_MS = 60_000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Calls `fetch` until `settled` accepts the value or the repeats run out; returns the last value. A throw ends it at once. */
export function readUntil<T>(fetch: () => Promise<T>, settled: (value: T) => boolean, opts: SettleOptions = {}): Promise<T> {
  return repeatWhile(fetch, (r) => 'value' in r && !settled(r.value), opts);
}

/** Calls `call` again while it answers 404 (the object just created is not visible yet), a bounded number of times. */
export function untilVisible<T>(call: () => Promise<T>, opts: SettleOptions = {}): Promise<T> {
  return repeatWhile(call, (r) => 'error' in r && r.error instanceof NotFoundError, opts);
}

type Result<T> = { readonly value: T } | { readonly error: unknown };

/** The one waiting loop: repeats `call` while `again` says so, with a doubling delay; returns or throws the last result. */
async function repeatWhile<T>(call: () => Promise<T>, again: (result: Result<T>) => boolean, opts: SettleOptions): Promise<T> {
  const { attempts = 3, delayMs = 100, sleep = defaultSleep } = opts;
  let result = await settle(call);
  for (let i = 0; i < attempts && again(result); i++) {
    await sleep(delayMs * 2 ** i);
    result = await settle(call);
  }
  if ('error' in result) throw result.error;
  return result.value;
}

const settle = <T>(call: () => Promise<T>): Promise<Result<T>> => call().then((value) => ({ value }), (error: unknown) => ({ error }));

/**
 * A refresh (`read`) of `current`: shortly after this provider wrote the object (`privateState`,
 * see `writtenMarker`), a read that differs, without failing, is repeated before it is reported.
 */
export async function readAfterWrite<T extends { readonly state: unknown; readonly diagnostics: readonly unknown[] }>(
  read: () => Promise<T>,
  current: unknown,
  privateState: Uint8Array | undefined | null,
  log: Logger,
  typeName: string,
): Promise<T> {
  if (!recentlyWritten(privateState)) return read();
  let reads = 0;
  const outcome = await readUntil(
    () => (reads++, read()),
    (o) => o.diagnostics.length > 0 || sameValues(o.state, current),
  );
  if (reads > 1) log.debug(`read ${typeName} after a recent write`, { reads, settled: sameValues(outcome.state, current) });
  return outcome;
}

/**
 * Terraform private state, a small JSON object: `written_at` records when this provider last
 * wrote the object; `refresh_failed` that its last refresh failed after the client's retries
 * (why), so a plan does not change it from stale state (providers/protocol/apply.ts).
 */
interface PrivateState {
  written_at?: number;
  refresh_failed?: string;
}

export function writtenMarker(now: number = Date.now()): Buffer {
  return Buffer.from(JSON.stringify({ written_at: now } satisfies PrivateState));
}

function readPrivate(privateState: Uint8Array | undefined | null): PrivateState {
  if (!privateState || privateState.length === 0) return {};
  try {
    const v: unknown = JSON.parse(Buffer.from(privateState).toString('utf8'));
    return v && typeof v === 'object' ? (v as PrivateState) : {};
  } catch {
    return {};
  }
}

/** `privateState` plus the note that the refresh failed, and why. */
export function refreshFailedMarker(privateState: Uint8Array | undefined | null, reason: string): Buffer {
  return Buffer.from(JSON.stringify({ ...readPrivate(privateState), refresh_failed: reason } satisfies PrivateState));
}

/** Why the last refresh failed, when it did. */
export function refreshFailure(privateState: Uint8Array | undefined | null): string | undefined {
  const reason = readPrivate(privateState).refresh_failed;
  return typeof reason === 'string' ? reason : undefined;
}

/** `privateState` without a refresh failure note (a refresh succeeded); unchanged when it had none. */
export function withoutRefreshFailure<T extends Uint8Array | undefined | null>(privateState: T): T | Buffer {
  if (refreshFailure(privateState) === undefined) return privateState;
  const { refresh_failed: _dropped, ...rest } = readPrivate(privateState); // eslint-disable-line @typescript-eslint/no-unused-vars
  return Buffer.from(JSON.stringify(rest));
}

/** True when `privateState` says the object was written less than RECENT_WRITE_MS ago. */
export function recentlyWritten(privateState: Buffer | Uint8Array | undefined | null, now: number = Date.now()): boolean {
  const at = readPrivate(privateState).written_at;
  return typeof at === 'number' && now - at >= 0 && now - at < RECENT_WRITE_MS;
}

/** Deep equality where arrays compare as sets of values (terraform sets come back in any order). */
export function sameValues(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).sort().join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return typeof v === 'symbol' ? v.toString() : JSON.stringify(v) ?? 'undefined';
}
