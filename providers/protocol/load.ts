/**
 * gRPC service definitions for grpc-js, built from the protobufjs descriptor of the .proto
 * files. The bundle embeds the descriptor as JSON compiled at bundle time
 * (scripts/bundle-provider.mjs); from sources the .proto files next to this module are parsed.
 *
 * Two steps, so that start-up pays only the first: the method table (paths, streaming) is read
 * from the plain JSON, enough for the server to listen and print the handshake; the protobufjs
 * Root that encodes and decodes messages is built when the first message needs it (see
 * ARCHITECTURE.md "Start-up and cost per call").
 *
 * Decoding does what @grpc/proto-loader's `fromJSON` does with the options
 * `keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true`, minus the
 * reflection descriptors it computes for every message, which nothing here uses.
 */
import * as path from 'node:path';
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import type { IConversionOptions, INamespace, Root, Type } from 'protobufjs';

declare const __TFPLUGIN_DESCRIPTOR__: string | undefined;

export const PROTO_FILES = ['tfplugin6-types.proto', 'tfplugin6.proto', 'go-plugin.proto'];

/** How decoded messages look: snake_case fields (as written), enums as names, defaults filled in. */
const TO_OBJECT: IConversionOptions = { longs: Number, enums: String, defaults: true, oneofs: true };

/** The protobufjs descriptor of the .proto files (what the bundle embeds). */
export function protocolDescriptor(): INamespace {
  if (typeof __TFPLUGIN_DESCRIPTOR__ === 'string') return JSON.parse(__TFPLUGIN_DESCRIPTOR__) as INamespace;
  // Sources only: the parser is not needed in the bundle.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const protobuf = require('protobufjs') as typeof import('protobufjs');
  const root = new protobuf.Root().loadSync(
    PROTO_FILES.map((f) => path.join(__dirname, f)),
    { keepCase: true },
  );
  return root.toJSON();
}

/** The message types of the descriptor, resolved once, on first use. */
export class MessageCodecs {
  private root?: Root;

  constructor(readonly descriptor: INamespace) {}

  /** The request and response types of `service`'s `method` (full service name). */
  method(service: string, method: string): { request: Type; response: Type } {
    const m = this.resolved().lookupService(service).methods[method]!;
    return { request: m.resolvedRequestType!, response: m.resolvedResponseType! };
  }

  private resolved(): Root {
    if (!this.root) {
      // protobufjs/light (no parser) loads here, after the handshake, not at start-up.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { Root } = require('protobufjs/light') as typeof import('protobufjs/light');
      this.root = Root.fromJSON(this.descriptor);
      this.root.resolveAll();
    }
    return this.root;
  }
}

/**
 * Service definitions by full name, e.g. `tfplugin6.Provider`, `plugin.GRPCController`; their
 * (de)serializers use `codecs`, which resolves the message types when first needed.
 */
export function loadServices(codecs = new MessageCodecs(protocolDescriptor())): Record<string, ServiceDefinition> {
  const services: Record<string, ServiceDefinition> = {};
  const visit = (ns: INamespace, prefix: string): void => {
    for (const [name, child] of Object.entries(ns.nested ?? {})) {
      const fullName = prefix ? `${prefix}.${name}` : name;
      if ('methods' in child) services[fullName] = serviceDefinition(codecs, fullName, child.methods);
      else if ('nested' in child) visit(child as INamespace, fullName);
    }
  };
  visit(codecs.descriptor, '');
  return services;
}

type MethodDescriptors = Record<string, { requestStream?: boolean; responseStream?: boolean }>;

function serviceDefinition(codecs: MessageCodecs, service: string, methods: MethodDescriptors): ServiceDefinition {
  const definition: Record<string, MethodDefinition<object, object>> = {};
  for (const [name, method] of Object.entries(methods)) {
    let types: { request: Type; response: Type } | undefined;
    const type = (which: 'request' | 'response'): Type => (types ??= codecs.method(service, name))[which];
    definition[name] = {
      path: `/${service}/${name}`,
      requestStream: !!method.requestStream,
      responseStream: !!method.responseStream,
      requestSerialize: (value) => serialize(type('request'), value),
      requestDeserialize: (bytes) => deserialize(type('request'), bytes),
      responseSerialize: (value) => serialize(type('response'), value),
      responseDeserialize: (bytes) => deserialize(type('response'), bytes),
    };
  }
  return definition;
}

const serialize = (type: Type, value: object): Buffer => Buffer.from(type.encode(type.fromObject(value)).finish());
const deserialize = (type: Type, bytes: Buffer): object => type.toObject(type.decode(bytes), TO_OBJECT);
