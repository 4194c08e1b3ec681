/**
 * Client-side throttling: at most `maxConcurrent` requests in flight and a token bucket for
 * the request rate. One limiter belongs to one client, so every call of a provider process
 * (terraform runs up to 10 resource operations in parallel inside one process) shares it.
 * Each HTTP attempt, retries included, takes a slot and a token.
 */

export { DEFAULT_MAX_CONCURRENT_REQUESTS, DEFAULT_REQUESTS_PER_SECOND } from '../defaults';

/** Time source and timer; tests pass a logical clock. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

export interface LimiterOptions {
  /** Requests in flight at once. */
  readonly maxConcurrent: number;
  /** Sustained rate; up to one second's worth may go out in a burst after a quiet spell. */
  readonly requestsPerSecond: number;
  readonly clock?: Clock;
}

export type Release = () => void;

export class RequestLimiter {
  private readonly maxConcurrent: number;
  private readonly ratePerMs: number;
  private readonly capacity: number;
  private readonly clock: Clock;
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  private tokens: number;
  private refilledAt: number;
  /** Serialises token takers so they leave in arrival order, one token each. */
  private tokenQueue: Promise<void> = Promise.resolve();

  constructor(opts: LimiterOptions) {
    if (!(opts.maxConcurrent >= 1)) throw new Error(`maxConcurrent must be at least 1, got ${opts.maxConcurrent}`);
    if (!(opts.requestsPerSecond > 0)) throw new Error(`requestsPerSecond must be positive, got ${opts.requestsPerSecond}`);
    this.maxConcurrent = Math.floor(opts.maxConcurrent);
    this.ratePerMs = opts.requestsPerSecond / 1000;
    this.capacity = Math.max(1, opts.requestsPerSecond);
    this.clock = opts.clock ?? systemClock;
    this.tokens = this.capacity;
    this.refilledAt = this.clock.now();
  }

  /** Requests currently holding a slot. */
  get active(): number {
    return this.inFlight;
  }

  /** Waits for a concurrency slot, then for a token; call the returned function when the request is done. */
  async acquire(): Promise<Release> {
    await this.takeSlot();
    try {
      await this.takeToken();
    } catch (err) {
      this.releaseSlot();
      throw err;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.releaseSlot();
    };
  }

  /** Runs `fn` inside a slot with a token. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private takeSlot(): Promise<void> {
    if (this.inFlight < this.maxConcurrent) {
      this.inFlight++;
      return Promise.resolve();
    }
    // The releasing request hands its slot over directly (inFlight stays the same).
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private releaseSlot(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight--;
  }

  private takeToken(): Promise<void> {
    const turn = this.tokenQueue.then(() => this.waitForToken());
    this.tokenQueue = turn.catch(() => undefined);
    return turn;
  }

  private async waitForToken(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.refilledAt) * this.ratePerMs);
      this.refilledAt = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.clock.sleep(Math.ceil((1 - this.tokens) / this.ratePerMs));
    }
  }
}

/** Connection errors that mean no server answered at that address: nothing was sent. */
export const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export interface BreakerOptions {
  /** Attempts in a row that found no server before the breaker opens. @default 4 */
  readonly threshold?: number;
  /** How long it stays open after the last such attempt; then attempts go through again. @default 10 s */
  readonly coolDownMs?: number;
  readonly clock?: Pick<Clock, 'now'>;
}

export const DEFAULT_UNREACHABLE_AFTER = 4;
const BREAKER_COOL_DOWN_MS = 10_000;

/**
 * Fail fast when the target is down. Shared by every call of one client (one provider
 * process), like the limiter: once `threshold` attempts in a row found no server, with no
 * answer of any kind in between, every call fails at once instead of each resource spending
 * its own retries. Any HTTP answer (even a 5xx) closes it; resets and timeouts after the
 * request was sent do not count, since the server may have been reached.
 */
export class ReachabilityBreaker {
  readonly threshold: number;
  private readonly coolDownMs: number;
  private readonly clock: Pick<Clock, 'now'>;
  private inARow = 0;
  private lastFailureAt = 0;
  /** The error code of the last attempt that found no server. */
  lastCode = 'ECONNREFUSED';

  constructor(opts: BreakerOptions = {}) {
    this.threshold = Math.max(1, Math.floor(opts.threshold ?? DEFAULT_UNREACHABLE_AFTER));
    this.coolDownMs = opts.coolDownMs ?? BREAKER_COOL_DOWN_MS;
    this.clock = opts.clock ?? systemClock;
  }

  /** True while calls should fail without trying. */
  isOpen(): boolean {
    return this.inARow >= this.threshold && this.clock.now() - this.lastFailureAt < this.coolDownMs;
  }

  /**
   * An attempt found no server; true when that opened the breaker. A name that does not
   * resolve opens it at once; a connect timeout (10 s each) counts for half the threshold, so
   * a black-holed address fails in about 20 s rather than 40.
   */
  noServer(code: string): boolean {
    const weight = code === 'ENOTFOUND' ? this.threshold : code === 'UND_ERR_CONNECT_TIMEOUT' ? Math.ceil(this.threshold / 2) : 1;
    this.inARow += weight;
    this.lastFailureAt = this.clock.now();
    this.lastCode = code;
    return this.inARow >= this.threshold;
  }

  /** The target answered (any status). */
  answered(): void {
    this.inARow = 0;
  }
}
