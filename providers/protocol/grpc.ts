/**
 * A gRPC server with just what go-plugin asks of a plugin: unary methods, and streams that
 * only have to stay open (GRPCStdio, GRPCBroker), over mutual TLS. HTTP/2 is http2.ts's
 * (not node:http2, whose cost per call dominated a plan: ARCHITECTURE.md "Start-up and cost
 * per call"); messages are framed as the gRPC over HTTP/2 wire format says: a 5-byte prefix
 * (compressed flag, big-endian length), the status in trailers.
 */
import * as tls from 'node:tls';
import type { ServiceDefinition } from '@grpc/grpc-js';
import { Connection, headerBlock, type ServerStream } from './http2';

/** gRPC status codes used here. */
export const Status = { OK: 0, INTERNAL: 13, UNIMPLEMENTED: 12, RESOURCE_EXHAUSTED: 8 } as const;

/** A unary method: request message in, response message out (a rejection answers INTERNAL). */
export type UnaryMethod = (request: object) => Promise<object>;
/** A streaming method nothing is ever sent on: kept open, ended once the client ends a bidi stream. */
export const IDLE_STREAM = 'idle-stream';

/**
 * A unary method whose answer never changes, already serialized: the request is not decoded
 * and nothing is encoded, so answering it loads no message types (ARCHITECTURE.md "Start-up
 * and cost per call"). `after` runs once the answer is queued.
 */
export class FixedAnswer {
  constructor(
    readonly bytes: Buffer,
    readonly after?: () => void,
  ) {}
}

export type MethodImplementation = UnaryMethod | typeof IDLE_STREAM | FixedAnswer;

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

/** The header blocks every answer is made of: they never change, so they are encoded once. */
const RESPONSE_HEADERS = headerBlock([
  [':status', '200'],
  ['content-type', 'application/grpc'],
]);
const OK_TRAILERS = headerBlock([['grpc-status', String(Status.OK)]]);

export function createGrpcServer(options: GrpcServerOptions): GrpcServer {
  const routes = new Map<string, Route>();
  const connections = new Set<Connection>();
  const server = tls.createServer({
    key: options.keyPem,
    cert: options.certPem,
    ca: options.clientCaPem,
    requestCert: true,
    rejectUnauthorized: true,
    ALPNProtocols: ['h2'],
  });
  server.on('secureConnection', (socket: tls.TLSSocket) => {
    const connection = new Connection(socket, (stream) => serve(stream, routes, options.maxMessageBytes));
    connections.add(connection);
    socket.on('close', () => connections.delete(connection));
  });
  server.on('tlsClientError', () => undefined); // a client without terraform's certificate: refused, nothing to say

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
      for (const connection of connections) connection.close();
    },
  };
}

function serve(stream: ServerStream, routes: Map<string, Route>, maxMessageBytes: number): void {
  const path = stream.headers.find(([name]) => name === ':path')?.[1] ?? '';
  const route = routes.get(path);
  if (!route?.implementation) {
    endWithStatus(stream, Status.UNIMPLEMENTED, `${path} is not implemented`);
  } else if (route.implementation === IDLE_STREAM) {
    stream.sendHeaders(RESPONSE_HEADERS);
    if (route.definition.requestStream) stream.onEnd = () => stream.sendTrailers(OK_TRAILERS);
  } else if (route.implementation instanceof FixedAnswer) {
    const { bytes, after } = route.implementation;
    stream.onEnd = () => {
      stream.sendHeaders(RESPONSE_HEADERS);
      stream.sendData(frame(bytes), OK_TRAILERS);
      after?.();
    };
  } else {
    answerUnary(stream, route.definition, route.implementation, maxMessageBytes);
  }
}

function answerUnary(stream: ServerStream, definition: ServiceDefinition[string], method: UnaryMethod, maxMessageBytes: number): void {
  const chunks: Buffer[] = [];
  let received = 0;
  stream.onData = (chunk) => {
    if (stream.closed) return;
    received += chunk.length;
    if (received > maxMessageBytes + 5) endWithStatus(stream, Status.RESOURCE_EXHAUSTED, `request larger than ${maxMessageBytes} bytes`);
    else chunks.push(chunk);
  };
  stream.onEnd = () => {
    if (stream.closed) return;
    let request: object;
    try {
      request = definition.requestDeserialize(unframe(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    } catch (err) {
      endWithStatus(stream, Status.INTERNAL, `malformed request: ${(err as Error).message}`);
      return;
    }
    method(request).then(
      (response) => {
        stream.sendHeaders(RESPONSE_HEADERS);
        stream.sendData(frame(definition.responseSerialize(response)), OK_TRAILERS);
      },
      (err: unknown) => endWithStatus(stream, err instanceof UnimplementedError ? Status.UNIMPLEMENTED : Status.INTERNAL, err instanceof Error ? err.message : String(err)),
    );
  };
}

/** A trailers-only answer: the status travels in the only HEADERS frame. */
function endWithStatus(stream: ServerStream, status: number, message: string): void {
  stream.sendHeaders(
    headerBlock([
      [':status', '200'],
      ['content-type', 'application/grpc'],
      ['grpc-status', String(status)],
      ['grpc-message', encodeURIComponent(message)],
    ]),
    true,
  );
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
