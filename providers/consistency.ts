/**
 * Read-your-writes on an eventually consistent API. Real WorkOS may answer a read from a
 * replica that has not seen a write yet; reporting that as drift (or a 404 as "gone") would be
 * wrong. Two places wait a little, a bounded number of times, and nowhere else:
 *
 *  - ReadResource shortly after this provider wrote the object (ApplyResourceChange records
 *    the time in terraform's private state): a read that differs from the state is repeated
 *    (`readUntil`) before it is reported. Typical case: `terraform apply` then an immediate plan.
 *  - A follow-up call right after a create (a role's permissions after the role): a 404 is
 *    repeated (`untilVisible`).
 *
 * Everything else reports what the server says at once.
 */
import { NotFoundError } from '../src/client/errors';

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

/** Calls `fetch` until `settled` accepts the value or the repeats run out; returns the last value. */
export async function readUntil<T>(fetch: () => Promise<T>, settled: (value: T) => boolean, opts: SettleOptions = {}): Promise<T> {
  const { attempts = 3, delayMs = 100, sleep = defaultSleep } = opts;
  let value = await fetch();
  for (let i = 0; i < attempts && !settled(value); i++) {
    await sleep(delayMs * 2 ** i);
    value = await fetch();
  }
  return value;
}

/** Calls `call` again while it answers 404 (the object just created is not visible yet), a bounded number of times. */
export async function untilVisible<T>(call: () => Promise<T>, opts: SettleOptions = {}): Promise<T> {
  const { attempts = 3, delayMs = 100, sleep = defaultSleep } = opts;
  for (let i = 0; ; i++) {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof NotFoundError) || i >= attempts) throw err;
      await sleep(delayMs * 2 ** i);
    }
  }
}

/** Terraform private state recording when this provider last wrote the object. */
export function writtenMarker(now: number = Date.now()): Buffer {
  return Buffer.from(JSON.stringify({ written_at: now }));
}

/** True when `privateState` says the object was written less than RECENT_WRITE_MS ago. */
export function recentlyWritten(privateState: Buffer | Uint8Array | undefined | null, now: number = Date.now()): boolean {
  if (!privateState || privateState.length === 0) return false;
  try {
    const at = (JSON.parse(Buffer.from(privateState).toString('utf8')) as { written_at?: unknown }).written_at;
    return typeof at === 'number' && now - at >= 0 && now - at < RECENT_WRITE_MS;
  } catch {
    return false;
  }
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
