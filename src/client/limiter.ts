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
