/**
 * The client's HTTP behaviour against a tiny scripted node:http server: retries (429 with
 * Retry-After, 503, connection refused), POST retried only with an Idempotency-Key, response
 * validation that never leaks a ZodError, error bodies that are not JSON, capabilities on a
 * target without the dashboard routes, and what the errors carry (422 fields, 429 Retry-After).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ConnectionError,
  NotFoundError,
  RateLimitError,
  ServerError,
  UnexpectedResponseError,
  UnprocessableEntityError,
  WorkosApiError,
  WorkosClient,
  defaultRetryDelay,
  parseRetryAfter,
} from '../../src/client';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

/** Answers requests from a script, in order; the last answer repeats. */
async function scripted(answers: Answer[]): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const a = answers[Math.min(seen.length - 1, answers.length - 1)];
      const text = a.body === undefined ? '' : typeof a.body === 'string' ? a.body : JSON.stringify(a.body);
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers }).end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

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

const KEY = 'sk_test_http_secret';

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

describe('retries', () => {
  test('429 with Retry-After: waits what the server asks, then succeeds', async () => {
    const srv = await scripted([{ status: 429, body: { code: 'rate_limited', message: 'slow down' }, headers: { 'retry-after': '2' } }, { status: 200, body: permission }]);
    const delays: Array<[number, number | undefined]> = [];
    const client = new WorkosClient({ baseUrl: srv.url, apiKey: KEY, retryDelay: (attempt, retryAfterMs) => (delays.push([attempt, retryAfterMs]), 0) });
    try {
      expect((await client.permissions.get('users:view')).slug).toBe('users:view');
      expect(srv.seen).toHaveLength(2);
      expect(delays).toEqual([[1, 2000]]);
      expect(srv.seen[0].headers).toMatchObject({ authorization: `Bearer ${KEY}`, 'user-agent': expect.stringMatching(/^cdktf-workos-rbac\/\d/) });
    } finally {
      await srv.close();
    }
  });

  test('503 then 200: retried with backoff', async () => {
    const srv = await scripted([{ status: 503, body: 'Service Unavailable' }, { status: 200, body: permission }]);
    const delays: Array<number | undefined> = [];
    const client = new WorkosClient({ baseUrl: srv.url, apiKey: KEY, retryDelay: (_a, ra) => (delays.push(ra), 0) });
    try {
      await client.permissions.get('users:view');
      expect(srv.seen).toHaveLength(2);
      expect(delays).toEqual([undefined]);
    } finally {
      await srv.close();
    }
  });

  test('gives up after maxRetries with the typed error of the last answer', async () => {
    const srv = await scripted([{ status: 500, body: { code: 'boom', message: 'broken' }, headers: { 'x-request-id': 'req_42' } }]);
    const client = new WorkosClient({ baseUrl: srv.url, apiKey: KEY, maxRetries: 2, retryDelay: () => 0 });
    try {
      const err = await caught(client.permissions.get('users:view'));
      expect(err).toBeInstanceOf(ServerError);
      expect(err).toMatchObject({ status: 500, code: 'boom', requestId: 'req_42', method: 'GET', path: '/authorization/permissions/users%3Aview' });
      expect(srv.seen).toHaveLength(3);
    } finally {
      await srv.close();
    }
  });

  test('a create POST carries one Idempotency-Key and is retried with the same key', async () => {
    const srv = await scripted([{ status: 503 }, { status: 201, body: permission }]);
    const client = new WorkosClient({ baseUrl: srv.url, apiKey: KEY, retryDelay: () => 0 });
    try {
      await client.permissions.create({ slug: 'users:view', name: 'View users' });
      expect(srv.seen).toHaveLength(2);
      const keys = srv.seen.map((s) => s.headers['idempotency-key']);
      expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(keys[1]).toBe(keys[0]);
      expect(JSON.parse(srv.seen[0].body)).toEqual({ slug: 'users:view', name: 'View users', description: null });
    } finally {
      await srv.close();
    }
  });

  test('a POST without an Idempotency-Key is never retried', async () => {
    const srv = await scripted([{ status: 429, headers: { 'retry-after': '0' } }, { status: 201, body: permission }]);
    // The transport is reachable through any client call; use it bare to send a key-less POST.
    const client = new WorkosClient({ baseUrl: srv.url, apiKey: KEY, retryDelay: () => 0 });
    const transport = (client as unknown as { http: { call(m: string, p: string, o: object): Promise<unknown> } }).http;
    try {
      expect(await caught(transport.call('POST', '/authorization/permissions', { body: { slug: 'x', name: 'x' } }))).toBeInstanceOf(RateLimitError);
      expect(srv.seen).toHaveLength(1);
      expect(srv.seen[0].headers['idempotency-key']).toBeUndefined();
    } finally {
      await srv.close();
    }
  });

  test('connection refused: retried, then a ConnectionError without the key', async () => {
    const srv = await scripted([{ status: 200 }]);
    const url = srv.url;
    await srv.close(); // nothing listens there now
    let attempts = 0;
    const client = new WorkosClient({ baseUrl: url, apiKey: KEY, maxRetries: 2, retryDelay: () => (attempts++, 0) });
    const err = await caught(client.permissions.get('users:view'));
    expect(err).toBeInstanceOf(ConnectionError);
    expect(attempts).toBe(2);
    expect((err as WorkosApiError).status).toBe(0);
    expect(JSON.stringify({ ...(err as object), m: (err as Error).message })).not.toContain(KEY);
  });

  test('Retry-After: seconds or an HTTP date, capped at 60s', () => {
    const now = Date.parse('2026-01-15T12:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 15 Jan 2026 12:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('3600', now)).toBe(60_000);
    expect(parseRetryAfter('yesterday', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    // full jitter stays within the exponential ceiling
    for (let i = 0; i < 50; i++) expect(defaultRetryDelay(3, undefined)).toBeLessThanOrEqual(2000);
    expect(defaultRetryDelay(1, 1234)).toBe(1234);
  });
});

describe('the response boundary', () => {
  test('a body that does not match the spec is an UnexpectedResponseError naming the field, not a ZodError', async () => {
    const srv = await scripted([{ status: 200, body: { ...permission, slug: 42 } }]);
    const client = new WorkosClient({ baseUrl: srv.url, apiKey: KEY, retryDelay: () => 0 });
    try {
      const err = await caught(client.permissions.get('users:view'));
      expect(err).toBeInstanceOf(UnexpectedResponseError);
      expect(err).toBeInstanceOf(WorkosApiError);
      expect((err as Error).message).toContain('"slug"');
      expect((err as Error).name).toBe('UnexpectedResponseError');
      expect((err as Error).cause).toBeUndefined();
      expect(JSON.stringify(err)).not.toMatch(/ZodError|issues/);
    } finally {
      await srv.close();
    }
  });

  test('a nested mismatch in a list names its path', async () => {
    const srv = await scripted([{ status: 200, body: { object: 'list', data: [permission, { ...permission, system: 'no' }], list_metadata: { before: null, after: null } } }]);
    const client = new WorkosClient({ baseUrl: srv.url, apiKey: KEY, retryDelay: () => 0 });
    try {
      const it = client.permissions.list()[Symbol.asyncIterator]();
      const err = await caught(it.next());
      expect(err).toBeInstanceOf(UnexpectedResponseError);
      expect((err as Error).message).toContain('"data[1].system"');
    } finally {
      await srv.close();
    }
  });

  test('an error body that is not JSON still maps by status; list sends limit=100 and follows after', async () => {
    const srv = await scripted([
      { status: 200, body: { object: 'list', data: [permission], list_metadata: { before: null, after: 'perm_A' } } },
      { status: 200, body: { object: 'list', data: [{ ...permission, slug: 'b' }], list_metadata: { before: 'perm_B', after: null } } },
      { status: 404, body: '<html>no</html>' },
    ]);
    const client = new WorkosClient({ baseUrl: srv.url, apiKey: KEY, retryDelay: () => 0 });
    try {
      const slugs: string[] = [];
      for await (const p of client.permissions.list()) slugs.push(p.slug);
      expect(slugs).toEqual(['users:view', 'b']);
      expect(srv.seen.map((s) => s.url)).toEqual(['/authorization/permissions?limit=100', '/authorization/permissions?limit=100&after=perm_A']);
      const err = await caught(client.roles.get('x'));
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err).toMatchObject({ code: 'not_found', message: 'GET /authorization/roles/x failed: 404 Not Found' });
    } finally {
      await srv.close();
    }
  });

  test('capabilities: a 404 (real WorkOS has no dashboard routes) means none', async () => {
    const srv = await scripted([{ status: 404, body: { message: 'Not Found' } }]);
    const client = new WorkosClient({ baseUrl: srv.url, apiKey: KEY, retryDelay: () => 0 });
    try {
      expect(await client.capabilities()).toEqual({ deleteEnvironmentRole: false, rolePolicy: false, roleMappings: false, resourceTypes: false, directories: false });
      expect(srv.seen[0].url).toBe('/_dashboard/capabilities');
    } finally {
      await srv.close();
    }
  });
});

describe('errors carry what the API gives', () => {
  test('422: the fields the body names (`errors: [{field, code}]`), in order', async () => {
    // GIVEN a 422 naming two fields, one without a code, plus an entry that names none
    const body = { code: 'invalid_request_parameters', message: 'Validation failed', errors: [{ field: 'slug', code: 'invalid_string' }, { field: 'name' }, { code: 'x' }] };
    const srv = await scripted([{ status: 422, body }]);
    const client = new WorkosClient({ baseUrl: srv.url, apiKey: KEY, retryDelay: () => 0 });
    try {
      // WHEN a create is rejected
      const err = await caught(client.permissions.create({ slug: 'Bad', name: '' }));
      // THEN the error keeps the named fields
      expect(err).toBeInstanceOf(UnprocessableEntityError);
      expect(err).toMatchObject({ status: 422, code: 'invalid_request_parameters' });
      expect((err as UnprocessableEntityError).errors).toEqual([
        { field: 'slug', code: 'invalid_string' },
        { field: 'name', code: 'invalid' },
      ]);
    } finally {
      await srv.close();
    }
  });

  test('422 without `errors`: an empty list', async () => {
    const srv = await scripted([{ status: 422, body: { code: 'unprocessable_entity', message: 'no' } }]);
    const client = new WorkosClient({ baseUrl: srv.url, apiKey: KEY, retryDelay: () => 0 });
    try {
      expect(((await caught(client.roles.get('x'))) as UnprocessableEntityError).errors).toEqual([]);
    } finally {
      await srv.close();
    }
  });

  test('429 after the retries: retryAfter is the server\'s Retry-After in seconds, not capped', async () => {
    const now = Date.now();
    const srv = await scripted([{ status: 429, body: { code: 'rate_limit_exceeded', message: 'slow down' }, headers: { 'retry-after': '120' } }]);
    const client = new WorkosClient({ baseUrl: srv.url, apiKey: KEY, maxRetries: 0 });
    try {
      const err = await caught(client.permissions.get('users:view'));
      expect(err).toBeInstanceOf(RateLimitError);
      expect((err as RateLimitError).retryAfter).toBe(120);
    } finally {
      await srv.close();
    }
    // An HTTP date counts from now; no header leaves it undefined.
    const dated = await scripted([{ status: 429, headers: { 'retry-after': new Date(now + 30_000).toUTCString() } }]);
    const bare = await scripted([{ status: 429 }]);
    try {
      const fromDate = (await caught(new WorkosClient({ baseUrl: dated.url, apiKey: KEY, maxRetries: 0 }).roles.get('x'))) as RateLimitError;
      expect(fromDate.retryAfter).toBeGreaterThan(20);
      expect(fromDate.retryAfter).toBeLessThanOrEqual(30);
      expect(((await caught(new WorkosClient({ baseUrl: bare.url, apiKey: KEY, maxRetries: 0 }).roles.get('x'))) as RateLimitError).retryAfter).toBeUndefined();
    } finally {
      await dated.close();
      await bare.close();
    }
  });
});
