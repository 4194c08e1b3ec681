/**
 * gRPC service definitions for grpc-js, built from a protobufjs Root. The bundle embeds the
 * Root as a JSON descriptor compiled at bundle time (scripts/bundle-provider.mjs); from
 * sources the .proto files next to this module are parsed.
 *
 * This does what @grpc/proto-loader's `fromJSON` does with the options
 * `keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true`, minus the
 * reflection descriptors it computes for every message, which nothing here uses and which
 * cost ~35 ms at each start (measured with bench/provider-startup.mjs).
 */
import * as path from 'node:path';
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import { Root, Service, type IConversionOptions, type INamespace, type Type } from 'protobufjs/light';

declare const __TFPLUGIN_DESCRIPTOR__: string | undefined;

export const PROTO_FILES = ['tfplugin6-types.proto', 'tfplugin6.proto', 'go-plugin.proto'];

/** How decoded messages look: snake_case fields (as written), enums as names, defaults filled in. */
const TO_OBJECT: IConversionOptions = { longs: Number, enums: String, defaults: true, oneofs: true };

/** The protobufjs descriptor of both .proto files (what the bundle embeds). */
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

/** Service definitions by full name, e.g. `tfplugin6.Provider`, `plugin.GRPCController`. */
export function loadServices(descriptor: INamespace = protocolDescriptor()): Record<string, ServiceDefinition> {
  const root = Root.fromJSON(descriptor);
  root.resolveAll();
  const services: Record<string, ServiceDefinition> = {};
  const visit = (ns: { nestedArray: unknown[] }, prefix: string): void => {
    for (const child of ns.nestedArray as Array<{ name: string; nestedArray?: unknown[] }>) {
      const name = prefix ? `${prefix}.${child.name}` : child.name;
      if (child instanceof Service) services[name] = serviceDefinition(child, name);
      else if (child.nestedArray) visit(child as { nestedArray: unknown[] }, name);
    }
  };
  visit(root, '');
  return services;
}

function serviceDefinition(service: Service, fullName: string): ServiceDefinition {
  const definition: Record<string, MethodDefinition<object, object>> = {};
  for (const method of service.methodsArray) {
    const request = method.resolvedRequestType!;
    const response = method.resolvedResponseType!;
    definition[method.name] = {
      path: `/${fullName}/${method.name}`,
      requestStream: !!method.requestStream,
      responseStream: !!method.responseStream,
      requestSerialize: serializer(request),
      requestDeserialize: deserializer(request),
      responseSerialize: serializer(response),
      responseDeserialize: deserializer(response),
    };
  }
  return definition;
}

const serializer = (type: Type) => (value: object): Buffer => Buffer.from(type.encode(type.fromObject(value)).finish());
const deserializer = (type: Type) => (bytes: Buffer): object => type.toObject(type.decode(bytes), TO_OBJECT);
