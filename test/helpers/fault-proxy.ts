/**
 * A proxy in front of a target that injects the faults of a bad network, each request drawn
 * from a seeded random sequence (same seed, same sequence of decisions):
 *  - `serverError`: answers 503 without forwarding (a gateway in trouble);
 *  - `reset`: destroys the connection before forwarding (nothing reached the target);
 *  - `lostAnswer`: forwards, lets the target commit and answer, then destroys the connection
 *    instead of passing the answer on (the create happened; the caller never hears of it).
 * Rates are probabilities per request and may change between phases (`setRates`).
 * `setBroken` makes chosen requests fail every time (503, `Retry-After: 0` so retries are quick).
 * `goDownAfter(n, counting)` takes the target off the network at the n-th request that
 * `counting` accepts (every request by default): the port stops
 * listening (new connections are refused) and requests on open connections are dropped
 * unforwarded, while requests already forwarded finish, so nothing is committed unanswered;
 * `comeBack()` listens on the same port again.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FaultRates {
  readonly serverError: number;
  readonly reset: number;
  readonly lostAnswer: number;
}

export const NO_FAULTS: FaultRates = { serverError: 0, reset: 0, lostAnswer: 0 };

export interface FaultCounts {
  /** Requests that reached the proxy. */
  requests: number;
  serverErrors: number;
  resets: number;
  lostAnswers: number;
}

export interface FaultProxy {
  readonly url: string;
  /** Live counters since start. */
  readonly counts: Readonly<FaultCounts>;
  setRates(rates: FaultRates): void;
  /** Requests for which `match(method, path)` holds answer 503 every time; null ends it. */
  setBroken(match: ((method: string, path: string) => boolean) | null): void;
  goDownAfter(requests: number, counting?: (method: string, path: string) => boolean): void;
  comeBack(): Promise<void>;
  close(): Promise<void>;
}

/** mulberry32: a small, well-mixed 32-bit generator; enough for reproducible fault decisions. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Fault = 'serverError' | 'reset' | 'lostAnswer' | 'none';

export async function startFaultProxy(upstream: string, initial: FaultRates, seed: number): Promise<FaultProxy> {
  const target = new URL(upstream);
  const random = seededRandom(seed);
  const agent = new http.Agent({ keepAlive: true });
  const counts: FaultCounts = { requests: 0, serverErrors: 0, resets: 0, lostAnswers: 0 };
  let rates = initial;
  let broken: ((method: string, path: string) => boolean) | null = null;
  let down = false;
  let untilDown = Infinity;
  let countsTowardDown: (method: string, path: string) => boolean = () => true;

  const decide = (): Fault => {
    const r = random();
    if (r < rates.serverError) return 'serverError';
    if (r < rates.serverError + rates.reset) return 'reset';
    if (r < rates.serverError + rates.reset + rates.lostAnswer) return 'lostAnswer';
    return 'none';
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      counts.requests++;
      if (!down && countsTowardDown(req.method ?? 'GET', req.url ?? '/')) down = --untilDown <= 0;
      if (down) {
        if (server.listening) server.close();
        req.socket.destroy();
        return;
      }
      if (broken?.(req.method ?? 'GET', req.url ?? '/')) {
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' }).end(JSON.stringify({ code: 'service_unavailable', message: 'broken on purpose' }));
        return;
      }
      const fault = decide();
      if (fault === 'serverError') {
        counts.serverErrors++;
        res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'service_unavailable', message: 'injected fault' }));
        return;
      }
      if (fault === 'reset') {
        counts.resets++;
        req.socket.destroy();
        return;
      }
      const headers = { ...req.headers, host: target.host };
      const forward = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent }, (answer) => {
        if (fault === 'lostAnswer') {
          counts.lostAnswers++;
          // Read the whole answer (the target has committed), then drop the caller's connection.
          answer.resume();
          answer.on('end', () => req.socket.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => (res.headersSent ? req.socket.destroy() : res.writeHead(502).end()));
      forward.end(Buffer.concat(chunks));
    });
  };
  let server = http.createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    setRates: (next) => {
      rates = next;
    },
    setBroken: (match) => {
      broken = match;
    },
    goDownAfter: (requests, counting = () => true) => {
      untilDown = requests;
      countsTowardDown = counting;
    },
    comeBack: async () => {
      down = false;
      untilDown = Infinity;
      server.closeAllConnections();
      server = http.createServer(handle);
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
