/**
 * The client on a bad network: the retry budget of idempotent calls (8 attempts), POSTs
 * without an Idempotency-Key never retried, and the breaker that fails every call at once when
 * the target cannot be reached (refused) while 5xx answers, however many, never open it.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectionError, DEFAULT_MAX_RETRIES, ReachabilityBreaker, ServerError, UnreachableError, WorkosClient } from '../../src/client';
import { HttpTransport } from '../../src/client/http';

const KEY = 'sk_test_faults_secret';

/** Answers 503 to the first `failures` requests, then 200 `{}`; counts requests. */
async function flaky(failures: number): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  let n = 0;
  const server = http.createServer((req, res) => {
    req.resume().on('end', () => {
      n++;
      if (n <= failures) res.writeHead(503, { 'content-type': 'application/json' }).end('{"code":"unavailable","message":"try later"}');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => n, close: () => new Promise((r) => server.close(() => r())) };
}

/** A URL nothing listens on. */
async function refusedUrl(): Promise<string> {
  const srv = await flaky(0);
  await srv.close();
  return srv.url;
}

async function caught(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('the retry budget', () => {
  test('an idempotent call survives 7 failures in a row: 8 attempts', async () => {
    expect(DEFAULT_MAX_RETRIES).toBe(7);
    const srv = await flaky(7);
    try {
      const transport = new HttpTransport({ baseUrl: srv.url, apiKey: KEY, retryDelay: () => 0 });
      await transport.call('PUT', '/x', { body: { a: 1 } });
      expect(srv.requests()).toBe(8);
    } finally {
      await srv.close();
    }
  });

  test('when all 8 attempts fail, the error of the last answer; 5xx never opens the breaker', async () => {
    const srv = await flaky(1000);
    try {
      const transport = new HttpTransport({ baseUrl: srv.url, apiKey: KEY, retryDelay: () => 0 });
      const first = await caught(transport.call('GET', '/x'));
      expect(first).toBeInstanceOf(ServerError);
      expect(first).not.toBeInstanceOf(UnreachableError);
      expect(srv.requests()).toBe(8);
      // Still trying: a target that answers, even with 5xx, is reachable.
      await caught(transport.call('GET', '/x'));
      expect(srv.requests()).toBe(16);
    } finally {
      await srv.close();
    }
  });

  test('a POST without an Idempotency-Key is sent once', async () => {
    const srv = await flaky(1);
    try {
      const transport = new HttpTransport({ baseUrl: srv.url, apiKey: KEY, retryDelay: () => 0 });
      expect(await caught(transport.call('POST', '/x', { body: {} }))).toBeInstanceOf(ServerError);
      expect(srv.requests()).toBe(1);
    } finally {
      await srv.close();
    }
  });
});

describe('the breaker', () => {
  test('4 refused attempts in a row: every call fails at once with one message naming the base URL', async () => {
    const url = await refusedUrl();
    const retries: string[] = [];
    const client = new WorkosClient({ baseUrl: `${url}/`, apiKey: KEY, retryDelay: () => 0, onRetry: (r) => retries.push(r.code ?? '') });
    const err = await caught(client.permissions.get('users:view'));
    expect(err).toBeInstanceOf(UnreachableError);
    expect(err).toBeInstanceOf(ConnectionError); // callers that handle connection errors keep working
    expect(err.message).toBe(`GET /authorization/permissions/users%3Aview failed: cannot reach ${url}: ECONNREFUSED; 4 attempts in a row found no server, so the provider stopped trying`);
    expect((err as UnreachableError).baseUrl).toBe(url);
    expect(retries).toEqual(['ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED']);

    // Later calls, from any resource, do not try again.
    const later = await Promise.all([caught(client.roles.get('admin')), caught(client.organizations.get('org_1'))]);
    expect(later.map((e) => e.constructor.name)).toEqual(['UnreachableError', 'UnreachableError']);
    expect(retries).toHaveLength(3);
    expect(client.stats.requests).toBe(4);
    expect(JSON.stringify(later.map((e) => e.message))).not.toContain(KEY);
  });

  test('calls in parallel share it: the first 4 refusals open it for all of them', async () => {
    const url = await refusedUrl();
    const client = new WorkosClient({ baseUrl: url, apiKey: KEY, retryDelay: () => 0, maxConcurrentRequests: 8, requestsPerSecond: 1000 });
    const errors = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((slug) => caught(client.roles.get(slug))));
    expect(errors.every((e) => e instanceof UnreachableError)).toBe(true);
    expect(client.stats.requests).toBeLessThanOrEqual(6);
  });

  test('opens after the threshold, closes on any answer, and lets attempts through after the cool-down', () => {
    let now = 0;
    const breaker = new ReachabilityBreaker({ threshold: 3, coolDownMs: 1000, clock: { now: () => now } });
    expect(breaker.noServer('ECONNREFUSED')).toBe(false);
    expect(breaker.noServer('ECONNREFUSED')).toBe(false);
    breaker.answered();
    expect(breaker.noServer('ECONNREFUSED')).toBe(false);
    expect(breaker.noServer('EHOSTUNREACH')).toBe(false);
    expect(breaker.noServer('ECONNREFUSED')).toBe(true);
    expect(breaker.isOpen()).toBe(true);
    expect(breaker.lastCode).toBe('ECONNREFUSED');
    now = 999;
    expect(breaker.isOpen()).toBe(true);
    now = 1000;
    expect(breaker.isOpen()).toBe(false); // one attempt may find the target back
    expect(breaker.noServer('ECONNREFUSED')).toBe(true); // ...and a failure opens it again at once
    breaker.answered();
    expect(breaker.isOpen()).toBe(false);
    // A name that does not resolve will not resolve a moment later either; connect timeouts
    // (10 s each) count double.
    expect(new ReachabilityBreaker({ threshold: 4 }).noServer('ENOTFOUND')).toBe(true);
    const timeouts = new ReachabilityBreaker({ threshold: 4 });
    expect([timeouts.noServer('UND_ERR_CONNECT_TIMEOUT'), timeouts.noServer('UND_ERR_CONNECT_TIMEOUT')]).toEqual([false, true]);
  });
});
