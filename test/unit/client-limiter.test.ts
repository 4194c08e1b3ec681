/**
 * The client's throttling: the limiter on its own (concurrency cap; rate on a logical clock,
 * so nothing depends on wall-clock speed), then through WorkosClient against a local server
 * (in-flight cap, retry counters and the retry hook).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RequestLimiter, WorkosClient, type Clock, type RetryEvent } from '../../src/client';

/** A clock that only moves when someone sleeps on it (after pending work has run, as real time would). */
function logicalClock(): Clock & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      return new Promise<void>((resolve) =>
        setImmediate(() => {
          now += ms;
          resolve();
        }),
      );
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

/** Answers 429 (Retry-After: 0) to the first `limitFirst` requests, then 200 after holding each one briefly. */
async function server(limitFirst: number) {
  let seen = 0;
  let inFlight = 0;
  const stats = { peak: 0 };
  const srv = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (++seen <= limitFirst) {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '0' }).end('{"code":"rate_limit_exceeded"}');
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
      expect(client.stats).toEqual({ requests: 8, retries: 0, rateLimited: 0 });
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
      expect(client.stats).toEqual({ requests: 3, retries: 2, rateLimited: 2 });
      expect(delays).toEqual([
        [1, 0],
        [2, 0],
      ]);
      expect(retries).toEqual([
        { method: 'GET', path: '/authorization/permissions/users%3Aview', attempt: 1, status: 429, code: undefined, delayMs: 0 },
        { method: 'GET', path: '/authorization/permissions/users%3Aview', attempt: 2, status: 429, code: undefined, delayMs: 0 },
      ]);
      expect(JSON.stringify(retries)).not.toContain('sk_test_limiter');
    } finally {
      await srv.close();
    }
  });
});
