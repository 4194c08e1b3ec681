/**
 * Client-side throttling: at most `maxConcurrent` requests in flight, and a token bucket whose
 * rate adapts to the target (AIMD, README "Configuration"). One limiter belongs to one client,
 * so every call of a provider process (terraform runs up to 10 resource operations in parallel
 * inside one process) shares it. Each HTTP attempt, retries included, takes a slot and a token.
 *
 * The rate starts at its ceiling (`requests_per_second`, else WorkOS's documented per-key limit,
 * src/defaults.ts). A 429 halves it, down to a floor, once per epoch: requests sent before the
 * last decrease were paced at the old rate, so their 429s say nothing new, and a burst of 429s
 * from one window counts once. A 429 with Retry-After also pauses every request of this client
 * until then, so the calls waiting behind it do not each hit the wall. Every answer that is
 * neither a 429 nor a 5xx adds `increasePerSecond / rate`: the rate climbs back by
 * `increasePerSecond` (a twentieth of the ceiling) for each second's worth of successes at the
 * current rate, so it grows with use, not with idle time. Several processes sharing one key each
 * back off on their own 429s and climb back slowly, so together they settle near the key's
 * limit instead of storming it.
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

/** The lowest rate a 429 backs off to (requests per second), unless the ceiling is lower. */
export const MIN_REQUESTS_PER_SECOND = 1;
/**
 * Additive increase: for each second of successes at the current rate, the rate climbs back by
 * the ceiling divided by this, so from half the ceiling to the ceiling in 10 s.
 */
export const RATE_RECOVERY_SECONDS = 20;

export interface LimiterOptions {
  /** Requests in flight at once. */
  readonly maxConcurrent: number;
  /**
   * The ceiling of the rate, and where it starts; up to one second's worth (at the current rate)
   * may go out in a burst after a quiet spell.
   */
  readonly requestsPerSecond: number;
  /** @default MIN_REQUESTS_PER_SECOND (or the ceiling, if lower) */
  readonly minRequestsPerSecond?: number;
  /** Requests per second regained per second of successes. @default requestsPerSecond / RATE_RECOVERY_SECONDS */
  readonly increasePerSecond?: number;
  readonly clock?: Clock;
}

/** One request's turn: its slot, and what its answer tells the limiter. */
export interface Permit {
  /** Gives the slot back; once is enough, more is harmless. */
  release(): void;
  /** The answer was a 429: halve the rate (once per epoch) and pause every request for `pauseMs`. */
  rateLimited(pauseMs: number | undefined): void;
  /** The answer was neither a 429 nor a 5xx: the rate may grow back toward the ceiling. */
  succeeded(): void;
}

export class RequestLimiter {
  private readonly maxConcurrent: number;
  private readonly ceiling: number;
  private readonly floor: number;
  private readonly increasePerSecond: number;
  private readonly clock: Clock;
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  private currentRate: number;
  private lowestRate: number;
  /** Counts decreases; a permit remembers the epoch it was granted in. */
  private epoch = 0;
  private tokens: number;
  private refilledAt: number;
  /** No request leaves before this time (a Retry-After). */
  private pausedUntil = 0;
  /** Serialises token takers so they leave in arrival order, one token each. */
  private tokenQueue: Promise<void> = Promise.resolve();

  constructor(opts: LimiterOptions) {
    if (!(opts.maxConcurrent >= 1)) throw new Error(`maxConcurrent must be at least 1, got ${opts.maxConcurrent}`);
    if (!(opts.requestsPerSecond > 0)) throw new Error(`requestsPerSecond must be positive, got ${opts.requestsPerSecond}`);
    this.maxConcurrent = Math.floor(opts.maxConcurrent);
    this.ceiling = opts.requestsPerSecond;
    this.floor = Math.min(this.ceiling, opts.minRequestsPerSecond ?? MIN_REQUESTS_PER_SECOND);
    this.increasePerSecond = opts.increasePerSecond ?? this.ceiling / RATE_RECOVERY_SECONDS;
    this.clock = opts.clock ?? systemClock;
    this.currentRate = this.ceiling;
    this.lowestRate = this.ceiling;
    this.tokens = this.capacity;
    this.refilledAt = this.clock.now();
  }

  /** Requests currently holding a slot. */
  get active(): number {
    return this.inFlight;
  }

  /** The current rate, in requests per second. */
  get rate(): number {
    return this.currentRate;
  }

  /** The lowest rate this limiter has backed off to. */
  get minRate(): number {
    return this.lowestRate;
  }

  /** One second's worth at the current rate. */
  private get capacity(): number {
    return Math.max(1, this.currentRate);
  }

  /** Waits for a concurrency slot, then for a token; release the permit when the request is done. */
  async acquire(): Promise<Permit> {
    await this.takeSlot();
    try {
      await this.takeToken();
    } catch (err) {
      this.releaseSlot();
      throw err;
    }
    const epoch = this.epoch;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.releaseSlot();
      },
      rateLimited: (pauseMs) => this.rateLimited(epoch, pauseMs),
      succeeded: () => this.succeeded(),
    };
  }

  /** Runs `fn` inside a slot with a token (its answer is not reported). */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const permit = await this.acquire();
    try {
      return await fn();
    } finally {
      permit.release();
    }
  }

  private rateLimited(epoch: number, pauseMs: number | undefined): void {
    const now = this.clock.now();
    this.refill(now);
    if (pauseMs !== undefined && pauseMs > 0) this.pausedUntil = Math.max(this.pausedUntil, now + pauseMs);
    if (epoch !== this.epoch) return;
    this.epoch++;
    this.currentRate = Math.max(this.floor, this.currentRate / 2);
    this.lowestRate = Math.min(this.lowestRate, this.currentRate);
    // The target's budget is spent: no saved-up burst, the next requests go at the new pace.
    this.tokens = Math.min(this.tokens, 1);
  }

  private succeeded(): void {
    this.refill(this.clock.now());
    this.currentRate = Math.min(this.ceiling, this.currentRate + this.increasePerSecond / this.currentRate);
  }

  /** Adds the tokens earned since the last refill, at the current rate; nothing accrues while paused. */
  private refill(now: number): void {
    const from = Math.max(this.refilledAt, this.pausedUntil);
    if (now > from) this.tokens = Math.min(this.capacity, this.tokens + ((now - from) * this.currentRate) / 1000);
    this.refilledAt = Math.max(this.refilledAt, now);
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
      if (now < this.pausedUntil) {
        await this.clock.sleep(this.pausedUntil - now);
        continue;
      }
      this.refill(now);
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.clock.sleep(Math.ceil(((1 - this.tokens) * 1000) / this.currentRate));
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
