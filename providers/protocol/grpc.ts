/**
 * A gRPC server on node:http2 with just what go-plugin asks of a plugin: unary methods, and
 * streams that only have to stay open (GRPCStdio, GRPCBroker), over mutual TLS. It replaces
 * grpc-js's server, whose loading and binding cost ~10 ms at every start (ARCHITECTURE.md
 * "Start-up"); messages are framed as the gRPC over HTTP/2 wire format says: a 5-byte prefix
 * (compressed flag, big-endian length), the status in trailers.
 */
import * as http2 from 'node:http2';
import type { ServiceDefinition } from '@grpc/grpc-js';

/** gRPC status codes used here. */
export const Status = { OK: 0, INTERNAL: 13, UNIMPLEMENTED: 12, RESOURCE_EXHAUSTED: 8 } as const;

/** A unary method: request message in, response message out (a rejection answers INTERNAL). */
export type UnaryMethod = (request: object) => Promise<object>;
/** A streaming method nothing is ever sent on: kept open, ended once the client ends a bidi stream. */
export const IDLE_STREAM = 'idle-stream';
export type MethodImplementation = UnaryMethod | typeof IDLE_STREAM;

export interface GrpcServerOptions {
  readonly keyPem: string;
  readonly certPem: string;
  /** The only CA trusted for client certificates; a client without one is refused. */
  readonly clientCaPem: string;
  readonly maxMessageBytes: number;
}

export interface GrpcServer {
  addService(definition: ServiceDefinition, implementation: Record<string, MethodImplementation>): void;
  /** Listens on 127.0.0.1:port; rejects when the port is taken. */
  listen(port: number): Promise<number>;
  close(): void;
}

export class UnimplementedError extends Error {}

interface Route {
  readonly definition: ServiceDefinition[string];
  readonly implementation: MethodImplementation | undefined;
}

export function createGrpcServer(options: GrpcServerOptions): GrpcServer {
  const routes = new Map<string, Route>();
  const sessions = new Set<http2.ServerHttp2Session>();
  const server = http2.createSecureServer({
    key: options.keyPem,
    cert: options.certPem,
    ca: options.clientCaPem,
    requestCert: true,
    rejectUnauthorized: true,
    maxSessionMemory: Number.MAX_SAFE_INTEGER, // messages up to maxMessageBytes, as grpc-js allows
  });
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => undefined); // a client going away mid-call is not our failure
    const route = routes.get(String(headers[':path']));
    if (!route?.implementation) {
      endWithStatus(stream, Status.UNIMPLEMENTED, `${String(headers[':path'])} is not implemented`);
    } else if (route.implementation === IDLE_STREAM) {
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': String(Status.OK) }));
      stream.on('data', () => undefined);
      if (route.definition.requestStream) stream.on('end', () => stream.end());
    } else {
      answerUnary(stream, route.definition, route.implementation, options.maxMessageBytes);
    }
  });

  return {
    addService(definition, implementation) {
      for (const [name, method] of Object.entries(definition)) routes.set(method.path, { definition: method, implementation: implementation[name] });
    },
    listen: (port) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          server.off('error', reject);
          resolve((server.address() as { port: number }).port);
        });
      }),
    close() {
      server.close();
      for (const session of sessions) session.destroy();
    },
  };
}

function answerUnary(stream: http2.ServerHttp2Stream, definition: ServiceDefinition[string], method: UnaryMethod, maxMessageBytes: number): void {
  const chunks: Buffer[] = [];
  let received = 0;
  stream.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > maxMessageBytes + 5) endWithStatus(stream, Status.RESOURCE_EXHAUSTED, `request larger than ${maxMessageBytes} bytes`);
    else chunks.push(chunk);
  });
  stream.on('end', () => {
    if (stream.headersSent) return;
    let request: object;
    try {
      request = definition.requestDeserialize(unframe(Buffer.concat(chunks)));
    } catch (err) {
      endWithStatus(stream, Status.INTERNAL, `malformed request: ${(err as Error).message}`);
      return;
    }
    method(request).then(
      (response) => {
        if (stream.closed || stream.destroyed) return;
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': String(Status.OK) }));
        stream.end(frame(definition.responseSerialize(response)));
      },
      (err: unknown) => endWithStatus(stream, err instanceof UnimplementedError ? Status.UNIMPLEMENTED : Status.INTERNAL, err instanceof Error ? err.message : String(err)),
    );
  });
}

/** A trailers-only answer: the status travels in the only HEADERS frame. */
function endWithStatus(stream: http2.ServerHttp2Stream, status: number, message: string): void {
  if (stream.closed || stream.destroyed || stream.headersSent) return;
  stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': String(status), 'grpc-message': encodeURIComponent(message) }, { endStream: true });
}

/** The one length-prefixed message of a unary request; compressed messages are refused (terraform sends none). */
export function unframe(body: Buffer): Buffer {
  if (body.length < 5) throw new Error('no message');
  if (body[0] !== 0) throw new Error('compressed messages are not supported');
  const length = body.readUInt32BE(1);
  if (body.length !== 5 + length) throw new Error(`expected one message of ${length} bytes, got ${body.length - 5}`);
  return body.subarray(5);
}

export function frame(message: Buffer): Buffer {
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}
