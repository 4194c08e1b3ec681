/**
 * A recording reverse proxy: the client talks to it, it forwards to the control plane, and
 * every exchange (request as sent by the client, response as sent by the server) is kept for
 * the contract checks.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Exchange } from './openapi';

export interface Recorder {
  readonly url: string;
  readonly exchanges: Exchange[];
  close(): Promise<void>;
}

function parse(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function startRecorder(target: string): Promise<Recorder> {
  const exchanges: Exchange[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const requestText = Buffer.concat(chunks).toString('utf8');
      const headers = { ...req.headers };
      delete headers.host;
      const forward = http.request(new URL(req.url ?? '/', target), { method: req.method, headers }, (upstream) => {
        const out: Buffer[] = [];
        upstream.on('data', (c: Buffer) => out.push(c));
        upstream.on('end', () => {
          const responseText = Buffer.concat(out).toString('utf8');
          exchanges.push({ method: req.method ?? 'GET', url: req.url ?? '/', requestBody: parse(requestText), status: upstream.statusCode ?? 0, responseBody: parse(responseText) });
          res.writeHead(upstream.statusCode ?? 502, upstream.headers);
          res.end(responseText);
        });
      });
      forward.on('error', (err) => {
        res.writeHead(502);
        res.end(String(err));
      });
      forward.end(requestText);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exchanges,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
