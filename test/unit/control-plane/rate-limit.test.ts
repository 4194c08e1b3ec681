/**
 * The control plane's rate limit (README, "The local control plane"): a token bucket per API
 * key; over it, 429 with WorkOS's body and Retry-After in whole seconds. The bucket on a
 * logical clock, then through the server, then the `--rate-limit` flag.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { request } from 'undici';
import { runServerCommand, startControlPlane, type ControlPlane } from '../../../src/control-plane';
import { RateLimit } from '../../../src/control-plane/http';

const KEY = 'sk_test_rate_limit_0123456789';

describe('RateLimit (logical clock)', () => {
  test('lets the burst through, then one request per 1/rate; Retry-After is the whole seconds until the next token', () => {
    let now = 0;
    const limit = new RateLimit({ requestsPerSecond: 2, burst: 3 }, () => now);
    expect([limit.take('k'), limit.take('k'), limit.take('k')]).toEqual([undefined, undefined, undefined]);
    // Empty: the next token is 500 ms away, which Retry-After rounds up to 1 s.
    expect(limit.take('k')).toBe(1);
    now = 499;
    expect(limit.take('k')).toBe(1);
    now = 500;
    expect(limit.take('k')).toBeUndefined();
    // Refused requests cost nothing: a token 500 ms later, as if they had not been sent.
    now = 1000;
    expect(limit.take('k')).toBeUndefined();
    // An idle spell refills up to the burst only.
    now = 60_000;
    expect([limit.take('k'), limit.take('k'), limit.take('k'), limit.take('k')]).toEqual([undefined, undefined, undefined, 1]);
  });

  test('a slow limit says how long in seconds; each key has its own bucket; the burst defaults to one second', () => {
    let now = 0;
    const slow = new RateLimit({ requestsPerSecond: 0.25 }, () => now);
    expect(slow.take('k')).toBeUndefined();
    expect(slow.take('k')).toBe(4);
    now = 1_000;
    expect(slow.take('k')).toBe(3);
    expect(slow.take('other')).toBeUndefined();

    const perSecond = new RateLimit({ requestsPerSecond: 5 }, () => now);
    expect(Array.from({ length: 6 }, () => perSecond.take('k'))).toEqual([undefined, undefined, undefined, undefined, undefined, 1]);
  });

  test('refuses a rate that is not positive and a burst below 1', () => {
    expect(() => new RateLimit({ requestsPerSecond: 0 })).toThrow('the rate limit must be a positive number of requests per second, not 0');
    expect(() => new RateLimit({ requestsPerSecond: Number.NaN })).toThrow('positive number');
    expect(() => new RateLimit({ requestsPerSecond: 10, burst: 0.5 })).toThrow("the rate limit's burst must be at least 1, not 0.5");
  });
});

describe('a control plane started with a rate limit', () => {
  let plane: ControlPlane;
  let dataDir: string;
  const log: string[] = [];

  async function get(p: string, key = KEY) {
    const res = await request(plane.url + p, { headers: { authorization: `Bearer ${key}` } });
    const text = await res.body.text();
    return { status: res.statusCode, retryAfter: res.headers['retry-after'], json: text ? JSON.parse(text) : undefined };
  }

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-rate-limit-'));
    // One token per 10 s: the test's requests all fall inside one refill.
    plane = await startControlPlane({ port: 0, dataDir, apiKey: KEY, log: (l) => log.push(l), rateLimit: { requestsPerSecond: 0.1, burst: 3 } });
  });
  afterAll(async () => {
    await plane?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('answers the burst, then 429 rate_limit_exceeded with Retry-After in seconds; a request with a wrong key costs the key nothing', async () => {
    expect((await get('/authorization/permissions', 'sk_wrong')).status).toBe(401);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get('/authorization/permissions')).status);
    expect(statuses).toEqual([200, 200, 200]);
    const refused = await get('/authorization/permissions');
    // The body WorkOS's OpenAPI spec gives its 429 answers.
    expect(refused).toMatchObject({ status: 429, json: { code: 'rate_limit_exceeded', message: 'Too many requests.' } });
    const seconds = Number(refused.retryAfter);
    expect(Number.isInteger(seconds)).toBe(true);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(10);
    expect(log.filter((l) => / 429 /.test(l))).toEqual([expect.stringMatching(/^GET \/authorization\/permissions 429 /)]);
  });
});

describe('workos-rbac server --rate-limit', () => {
  test('must be a positive number of requests per second', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-rate-flag-'));
    const keyFile = path.join(tmp, 'key');
    fs.writeFileSync(keyFile, KEY);
    try {
      for (const bad of ['0', '-5', 'fast']) {
        await expect(runServerCommand(['--data-dir', path.join(tmp, 'data'), '--api-key-file', keyFile, '--rate-limit', bad])).rejects.toThrow(
          `--rate-limit must be a positive number of requests per second, not ${JSON.stringify(bad)}`,
        );
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
