/**
 * The client's throttling: the limiter on its own (concurrency cap; the adaptive rate on a
 * logical clock, so nothing depends on wall-clock speed), then through WorkosClient against a
 * local server (in-flight cap, retry counters, the retry hook, and a Retry-After that pauses
 * every call).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RequestLimiter, WorkosClient, type Clock, type RetryEvent } from '../../src/client';
import type { Permit } from '../../src/client/limiter';

/**
 * A discrete-event clock: `sleep` registers a timer, and once the work already under way has
 * run (a setImmediate), the earliest timer fires and time jumps to it.
 */
function logicalClock(): Clock {
  let now = 0;
  const timers: Array<{ at: number; seq: number; wake(): void }> = [];
  let seq = 0;
  let scheduled = false;
  const fireNext = () => {
    scheduled = false;
    timers.sort((x, y) => x.at - y.at || x.seq - y.seq);
    const next = timers.shift();
    if (!next) return;
    now = Math.max(now, next.at);
    next.wake();
    if (timers.length > 0) schedule();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(fireNext);
  };
  return {
    now: () => now,
    sleep: (ms) =>
      new Promise<void>((wake) => {
        timers.push({ at: now + Math.max(0, ms), seq: seq++, wake });
        schedule();
      }),
  };
}

/** A clock that moves only when the test says so. */
function manualClock(): Clock & { pending(): number; advance(ms: number): void } {
  let now = 0;
  let timers: Array<{ at: number; wake(): void }> = [];
  return {
    now: () => now,
    sleep: (ms) => new Promise<void>((wake) => timers.push({ at: now + ms, wake })),
    pending: () => timers.length,
    advance(ms) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.wake();
    },
  };
}

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('RequestLimiter', () => {
  test('never lets more than maxConcurrent run at once, and runs them all', async () => {
    const limiter = new RequestLimiter({ maxConcurrent: 3, requestsPerSecond: 1e6 });
    const gates = Array.from({ length: 10 }, deferred);
    let running = 0;
    let peak = 0;
    const done = gates.map((g) =>
      limiter.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await g.promise;
        running--;
      }),
    );
    await tick();
    expect(running).toBe(3);
    for (const g of gates) {
      g.resolve();
      await tick();
      expect(running).toBeLessThanOrEqual(3);
    }
    await Promise.all(done);
    expect(peak).toBe(3);
    expect(limiter.active).toBe(0);
  });

  test('a failing task gives its slot back', async () => {
    const limiter = new RequestLimiter({ maxConcurrent: 1, requestsPerSecond: 1e6 });
    await expect(limiter.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run(async () => 'next')).resolves.toBe('next');
    expect(limiter.active).toBe(0);
  });

  test('lets a burst of one second through, then paces at requestsPerSecond (logical clock)', async () => {
    const clock = logicalClock();
    const limiter = new RequestLimiter({ maxConcurrent: 100, requestsPerSecond: 5, clock });
    const startedAt: number[] = [];
    await Promise.all(Array.from({ length: 20 }, () => limiter.run(async () => void startedAt.push(clock.now()))));
    expect(startedAt.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    // 15 more at 5 per second: one every 200 ms.
    expect(startedAt.slice(5)).toEqual(Array.from({ length: 15 }, (_, i) => (i + 1) * 200));
    // No one-second window holds more than the burst plus one second's rate.
    for (const t of startedAt) expect(startedAt.filter((s) => s >= t && s < t + 1000).length).toBeLessThanOrEqual(10);
  });

  test('refills while idle, up to the burst only', async () => {
    const clock = logicalClock();
    const limiter = new RequestLimiter({ maxConcurrent: 1, requestsPerSecond: 2, clock });
    for (let i = 0; i < 2; i++) await limiter.run(async () => undefined);
    expect(clock.now()).toBe(0);
    await clock.sleep(10_000); // idle for 10 s
    const at: number[] = [];
    for (let i = 0; i < 4; i++) await limiter.run(async () => void at.push(clock.now()));
    expect(at).toEqual([10_000, 10_000, 10_500, 11_000]);
  });

  test('rejects limits below 1', () => {
    expect(() => new RequestLimiter({ maxConcurrent: 0, requestsPerSecond: 1 })).toThrow('maxConcurrent must be at least 1');
    expect(() => new RequestLimiter({ maxConcurrent: 1, requestsPerSecond: 0 })).toThrow('requestsPerSecond must be positive');
  });
});

/** Sends `n` requests one after another; returns when each started. `answer` reports its answer, if any. */
async function sendInTurn(limiter: RequestLimiter, clock: Clock, n: number, answer?: (p: Permit) => void): Promise<number[]> {
  const at: number[] = [];
  for (let i = 0; i < n; i++) {
    const permit = await limiter.acquire();
    at.push(clock.now());
    answer?.(permit);
    permit.release();
  }
  return at;
}

const succeeded = (p: Permit) => p.succeeded();
const limited = (p: Permit) => p.rateLimited(undefined);

describe('RequestLimiter: the adaptive rate (AIMD, logical clock)', () => {
  test('starts at its ceiling; a 429 halves the rate and drops the saved-up burst', async () => {
    const clock = logicalClock();
    const limiter = new RequestLimiter({ maxConcurrent: 1, requestsPerSecond: 10, clock });
    expect(limiter.rate).toBe(10);
    // One second's burst at the ceiling, then one more at its pace; that one gets a 429.
    expect(await sendInTurn(limiter, clock, 10, succeeded)).toEqual(Array(10).fill(0));
    expect(await sendInTurn(limiter, clock, 1, limited)).toEqual([100]);
    expect(limiter.rate).toBe(5);
    expect(limiter.minRate).toBe(5);
    // 5 per second from here: one every 200 ms.
    expect(await sendInTurn(limiter, clock, 3)).toEqual([300, 500, 700]);
  });

  test('429s of requests sent at one pace halve it once; a 429 at the new pace halves it again', async () => {
    const clock = logicalClock();
    const limiter = new RequestLimiter({ maxConcurrent: 4, requestsPerSecond: 16, clock });
    const window = await Promise.all(Array.from({ length: 4 }, () => limiter.acquire()));
    for (const permit of window) limited(permit);
    expect(limiter.rate).toBe(8);
    for (const permit of window) permit.release();
    await sendInTurn(limiter, clock, 1, limited);
    expect(limiter.rate).toBe(4);
  });

  test('never backs off below the floor (1/s, or the ceiling if lower); minRate remembers the lowest', async () => {
    const clock = logicalClock();
    const limiter = new RequestLimiter({ maxConcurrent: 1, requestsPerSecond: 8, clock });
    await sendInTurn(limiter, clock, 6, limited);
    expect(limiter.rate).toBe(1);
    expect(limiter.minRate).toBe(1);
    await sendInTurn(limiter, clock, 20, succeeded);
    expect(limiter.rate).toBeGreaterThan(1);
    expect(limiter.minRate).toBe(1);

    const slow = new RequestLimiter({ maxConcurrent: 1, requestsPerSecond: 0.5, clock });
    await sendInTurn(slow, clock, 2, limited);
    expect(slow.rate).toBe(0.5);
    const floored = new RequestLimiter({ maxConcurrent: 1, requestsPerSecond: 8, minRequestsPerSecond: 3, clock });
    await sendInTurn(floored, clock, 3, limited);
    expect(floored.rate).toBe(3);
  });

  test('climbs back by increasePerSecond per second of successes at the current rate, up to the ceiling', async () => {
    const clock = logicalClock();
    const limiter = new RequestLimiter({ maxConcurrent: 1, requestsPerSecond: 20, increasePerSecond: 2, clock });
    await sendInTurn(limiter, clock, 1, limited);
    expect(limiter.rate).toBe(10);
    const rateAfter = async (ms: number) => {
      const until = clock.now() + ms;
      while (clock.now() < until) await sendInTurn(limiter, clock, 1, succeeded);
      return limiter.rate;
    };
    // Each success adds 2/rate and about `rate` of them fit in a second: +2 per second.
    const afterOne = await rateAfter(1000);
    expect(afterOne).toBeGreaterThan(11.5);
    expect(afterOne).toBeLessThan(12.5);
    const afterThree = await rateAfter(2000);
    expect(afterThree).toBeGreaterThan(15.5);
    expect(afterThree).toBeLessThan(16.5);
    // Another 10 s of successes: at the ceiling, and not a hair above it.
    expect(await rateAfter(10_000)).toBe(20);
    // Answers that are neither successes nor 429s (5xx) leave the rate alone.
    await sendInTurn(limiter, clock, 1, limited);
    await sendInTurn(limiter, clock, 5);
    expect(limiter.rate).toBe(10);
  });

  test('a Retry-After pauses every waiting request, not only the one that got it; nothing accrues meanwhile', async () => {
    const clock = logicalClock();
    const limiter = new RequestLimiter({ maxConcurrent: 2, requestsPerSecond: 10, clock });
    const [first, second] = await Promise.all([limiter.acquire(), limiter.acquire()]);
    const startedAt: number[] = [];
    const waiting = Array.from({ length: 3 }, () => limiter.run(async () => void startedAt.push(clock.now())));
    // Both were sent at the same pace: the second 429 extends the pause but does not halve again.
    first.rateLimited(1000);
    second.rateLimited(2000);
    first.release();
    second.release();
    await Promise.all(waiting);
    expect(limiter.rate).toBe(5);
    // One request as the pause ends, then 5 per second: the paused time saved no burst.
    expect(startedAt).toEqual([2000, 2200, 2400]);
  });
});

const permission = {
  object: 'permission',
  id: 'perm_01HXYZ123456789ABCDEFGHIJ',
  slug: 'users:view',
  name: 'View users',
  description: null,
  system: false,
  resource_type_slug: 'organization',
  created_at: '2026-01-15T12:00:00.000Z',
  updated_at: '2026-01-15T12:00:00.000Z',
};

/** Answers 429 (Retry-After: `retryAfter`) to the first `limitFirst` requests, then 200 after holding each one briefly. */
async function server(limitFirst: number, { retryAfter = '0' }: { retryAfter?: string } = {}) {
  let inFlight = 0;
  const stats = { peak: 0, seen: 0 };
  const srv = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (++stats.seen <= limitFirst) {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': retryAfter }).end('{"code":"rate_limit_exceeded"}');
        return;
      }
      inFlight++;
      stats.peak = Math.max(stats.peak, inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(permission));
      }, 15);
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`,
    stats,
    close: () => new Promise<void>((r) => srv.close(() => r())),
  };
}

describe('WorkosClient throttling and retry accounting', () => {
  test('keeps at most maxConcurrentRequests in flight', async () => {
    const srv = await server(0);
    try {
      const client = new WorkosClient({ baseUrl: srv.url, apiKey: 'sk_test_limiter', maxConcurrentRequests: 2, requestsPerSecond: 1000 });
      await Promise.all(Array.from({ length: 8 }, () => client.permissions.get('users:view')));
      expect(srv.stats.peak).toBe(2);
      // No 429: the rate stays at its ceiling.
      expect(client.stats).toEqual({ requests: 8, retries: 0, rateLimited: 0, rate: 1000, minRate: 1000 });
    } finally {
      await srv.close();
    }
  });

  test('counts 429s and retries and reports each retry, Retry-After first', async () => {
    const srv = await server(2);
    try {
      const retries: RetryEvent[] = [];
      const delays: Array<[number, number | undefined]> = [];
      const client = new WorkosClient({
        baseUrl: srv.url,
        apiKey: 'sk_test_limiter',
        retryDelay: (attempt, retryAfterMs) => (delays.push([attempt, retryAfterMs]), 0),
        onRetry: (r) => retries.push(r),
      });
      await client.permissions.get('users:view');
      // Each 429 came at a new pace, so each halved the default ceiling (100 → 50 → 25); the
      // success added a twentieth of the ceiling divided by the rate (5/25).
      expect(client.stats).toEqual({ requests: 3, retries: 2, rateLimited: 2, rate: 25.2, minRate: 25 });
      expect(delays).toEqual([
        [1, 0],
        [2, 0],
      ]);
      expect(retries).toEqual([
        { method: 'GET', path: '/authorization/permissions/users%3Aview', attempt: 1, status: 429, code: undefined, delayMs: 0, rate: 50 },
        { method: 'GET', path: '/authorization/permissions/users%3Aview', attempt: 2, status: 429, code: undefined, delayMs: 0, rate: 25 },
      ]);
      expect(JSON.stringify(retries)).not.toContain('sk_test_limiter');
    } finally {
      await srv.close();
    }
  });

  test('a 429 with Retry-After pauses every call of the client until then, and halves its rate (manual clock)', async () => {
    const clock = manualClock();
    const srv = await server(1, { retryAfter: '1' });
    try {
      const client = new WorkosClient({ baseUrl: srv.url, apiKey: 'sk_test_limiter', maxConcurrentRequests: 1, clock });
      let done = false;
      const calls = Promise.all(Array.from({ length: 4 }, () => client.permissions.get('users:view'))).finally(() => (done = true));
      // Until the 429 is back and whatever waits, waits on the clock (or a second request went out).
      while (clock.pending() < 2 && srv.stats.seen < 2) await tick();
      // Only the request that got the 429 went out; the call holding the slot now waits out the
      // pause with the 429's own retry, and the other two wait behind it.
      expect(srv.stats.seen).toBe(1);
      expect(clock.pending()).toBe(2);
      while (!done) {
        clock.advance(1000);
        await tick();
      }
      await calls;
      expect(srv.stats.seen).toBe(5);
      expect(client.stats).toMatchObject({ requests: 5, retries: 1, rateLimited: 1, minRate: 50 });
      expect(client.stats.rate).toBeGreaterThan(50);
    } finally {
      await srv.close();
    }
  });
});
