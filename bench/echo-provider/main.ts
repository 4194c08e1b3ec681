/**
 * The echo provider: the benchmark's transport floor (README, "Benchmarks").
 *
 * A plugin with this provider's schema and this project's own transport (go-plugin handshake,
 * mutual TLS, HTTP/2 and gRPC framing from providers/protocol), but no provider behind it:
 * every answer is made from the request alone, with no validation, no API, no decoding of
 * values. A refresh of an applied configuration through it is what a provider that did no
 * work at all would cost terraform and node, so that
 *
 *   echo ÷ floor   is the least plan ratio a Node.js provider over this transport can reach;
 *   ours ÷ echo    is what this provider's own work adds.
 *
 * Answers (only a plan of already applied objects is meaningful; apply and import are not
 * implemented, so that terraform fails loudly if asked):
 *   UpgradeResourceState   the stored JSON, as is;
 *   ReadResource           the current state and private data, as received;
 *   PlanResourceChange     the proposed new state (config merged with prior computed values),
 *                          the prior private data;
 *   Validate*, Configure   no diagnostics, without reading the request;
 *   GetProviderSchema      this provider's own answer, encoded by the benchmark when it builds
 *                          this bundle (bench/echo.mjs).
 */
import { writeSync } from 'node:fs';
import type { ServiceDefinition } from '@grpc/grpc-js';
import { createGrpcServer, FixedAnswer, IDLE_STREAM, type MethodImplementation } from '../../providers/protocol/grpc';
import { handshakeLine, handshakeSettings, listenInRange } from '../../providers/protocol/handshake';
import { generateServerCertificate } from '../../providers/protocol/tls';
import { encodeField, lengthDelimitedFields } from './wire';

declare const __ECHO_SCHEMA_RESPONSE__: string;

/** Field numbers, from the tfplugin6 messages. */
const Field = {
  UpgradeRequest: { rawState: 3 },
  RawState: { json: 1 },
  UpgradeResponse: { upgradedState: 1 },
  DynamicValue: { json: 2 },
  ReadRequest: { currentState: 2, private: 3 },
  ReadResponse: { newState: 1, private: 3 },
  PlanRequest: { proposedNewState: 3, priorPrivate: 5 },
  PlanResponse: { plannedState: 1, plannedPrivate: 3 },
} as const;

const echo = (answer: (request: Map<number, Buffer>) => Buffer[]): MethodImplementation => {
  return async (request) => Buffer.concat(answer(lengthDelimitedFields(request as Buffer)));
};

const methods: Record<string, MethodImplementation> = {
  GetProviderSchema: new FixedAnswer(Buffer.from(__ECHO_SCHEMA_RESPONSE__, 'base64')),
  ValidateProviderConfig: new FixedAnswer(Buffer.alloc(0)),
  ValidateResourceConfig: new FixedAnswer(Buffer.alloc(0)),
  ConfigureProvider: new FixedAnswer(Buffer.alloc(0)),
  UpgradeResourceState: echo((request) => {
    const raw = request.get(Field.UpgradeRequest.rawState);
    const json = raw ? lengthDelimitedFields(raw).get(Field.RawState.json) : undefined;
    return [encodeField(Field.UpgradeResponse.upgradedState, encodeField(Field.DynamicValue.json, json ?? Buffer.from('null')))];
  }),
  ReadResource: echo((request) => [
    encodeField(Field.ReadResponse.newState, request.get(Field.ReadRequest.currentState)),
    encodeField(Field.ReadResponse.private, request.get(Field.ReadRequest.private)),
  ]),
  PlanResourceChange: echo((request) => [
    encodeField(Field.PlanResponse.plannedState, request.get(Field.PlanRequest.proposedNewState)),
    encodeField(Field.PlanResponse.plannedPrivate, request.get(Field.PlanRequest.priorPrivate)),
  ]),
};

/** A service whose messages stay raw bytes: the methods above read and write the wire format. */
function service(name: string, methodNames: string[], streaming: Record<string, [boolean, boolean]> = {}): ServiceDefinition {
  const definition: Record<string, ServiceDefinition[string]> = {};
  for (const method of methodNames) {
    const [requestStream, responseStream] = streaming[method] ?? [false, false];
    definition[method] = {
      path: `/${name}/${method}`,
      requestStream,
      responseStream,
      requestSerialize: (value: Buffer) => value,
      requestDeserialize: (bytes: Buffer) => bytes,
      responseSerialize: (value: Buffer) => value,
      responseDeserialize: (bytes: Buffer) => bytes,
    };
  }
  return definition;
}

async function main(): Promise<void> {
  process.on('SIGINT', () => undefined);
  const settings = handshakeSettings(process.env);
  const cert = generateServerCertificate();
  const server = createGrpcServer({ keyPem: cert.keyPem, certPem: cert.certPem, clientCaPem: settings.clientCertPem, maxMessageBytes: 256 << 20 });
  server.addService(service('tfplugin6.Provider', Object.keys(methods)), methods);
  server.addService(service('plugin.GRPCController', ['Shutdown']), {
    Shutdown: new FixedAnswer(Buffer.alloc(0), () => setTimeout(() => process.exit(0), 10)),
  });
  server.addService(service('plugin.GRPCStdio', ['StreamStdio'], { StreamStdio: [false, true] }), { StreamStdio: IDLE_STREAM });
  server.addService(service('plugin.GRPCBroker', ['StartStream'], { StartStream: [true, true] }), { StartStream: IDLE_STREAM });
  const port = await listenInRange(server.listen, settings.minPort, settings.maxPort);
  writeSync(1, handshakeLine(port, cert.certDer));
}

main().catch((err: unknown) => {
  process.stderr.write(`echo provider: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
