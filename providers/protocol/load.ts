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
import type { Field, IConversionOptions, INamespace, Root, Type } from 'protobufjs';

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
    let server: ServerCodec | undefined;
    const serverSide = (): ServerCodec => (server ??= serverCodec(type('request'), type('response')));
    definition[name] = {
      path: `/${service}/${name}`,
      requestStream: !!method.requestStream,
      responseStream: !!method.responseStream,
      requestSerialize: (value) => serialize(type('request'), value),
      // The server's side (terraform calls, we answer) takes the shortcuts below; the client's
      // side, used by tests and tools, converts every message.
      requestDeserialize: (bytes) => serverSide().read(bytes),
      responseSerialize: (value) => serverSide().write(value),
      responseDeserialize: (bytes) => deserialize(type('response'), bytes),
    };
  }
  return definition;
}

const serialize = (type: Type, value: object): Buffer => asBuffer(type.encode(type.fromObject(value)).finish());
const deserialize = (type: Type, bytes: Buffer): object => type.toObject(type.decode(bytes), TO_OBJECT);

/** protobufjs's writer already hands back a Buffer under node: no copy then. */
const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

/*
 * Shortcuts for the calls a plan makes thousands of (ARCHITECTURE.md "Start-up and cost per
 * call"). protobufjs's `toObject` and `fromObject` copy every message into a new object, and
 * `toObject` with defaults allocates an empty Buffer for every unset bytes field: about as much
 * as decoding and encoding themselves. Where they would change nothing, they are skipped:
 *
 * - a request is read as decoded (unset fields read their defaults from the message's
 *   prototype, as toObject would fill them in) when its type holds no enum (a number, not its
 *   name), no oneof, and 64-bit integers only at the top, which are turned into numbers here;
 * - a response is encoded as given when the fields of it that hold enums (diagnostics'
 *   severity, a deferral's reason) are empty: an answer with diagnostics is converted.
 */
interface ServerCodec {
  read(bytes: Buffer): object;
  write(value: object): Buffer;
}

/** The server's side of one method, its shortcuts worked out once, when first called. */
function serverCodec(request: Type, response: Type): ServerCodec {
  const longs = plainReading(request);
  const enumFields = response.fieldsArray.filter((field) => isEnum(field) || holdsEnum(messageType(field), new Set())).map((field) => field.name);
  const empty = (v: unknown): boolean => v === null || v === undefined || (Array.isArray(v) && v.length === 0);
  return {
    read: longs
      ? (bytes) => {
          const message = request.decode(bytes) as unknown as Record<string, unknown>;
          for (const name of longs) if (typeof message[name] !== 'number') message[name] = Number(message[name]);
          return message;
        }
      : (bytes) => deserialize(request, bytes),
    write: (value) =>
      enumFields.every((name) => empty((value as Record<string, unknown>)[name])) ? asBuffer(response.encode(value).finish()) : serialize(response, value),
  };
}

const INT64 = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const isEnum = (field: Field): boolean => {
  const resolved = field.resolve().resolvedType;
  return resolved !== null && 'values' in resolved;
};
const messageType = (field: Field): Type | undefined => {
  const resolved = field.resolve().resolvedType;
  return resolved !== null && 'fieldsArray' in resolved ? resolved : undefined;
};

/** The top-level 64-bit integer fields of a request that can be read as decoded; undefined when it cannot. */
function plainReading(type: Type): string[] | undefined {
  const longs: string[] = [];
  const plain = (t: Type, top: boolean, seen: Set<Type>): boolean => {
    if (seen.has(t)) return true;
    seen.add(t);
    if (t.oneofsArray.length > 0) return false;
    for (const field of t.fieldsArray) {
      if (isEnum(field)) return false;
      if (INT64.has(field.type)) {
        if (!top || field.repeated || field.map) return false;
        longs.push(field.name);
      }
      const nested = messageType(field);
      if (nested && !plain(nested, false, seen)) return false;
    }
    return true;
  };
  return plain(type, true, new Set()) ? longs : undefined;
}

/** Whether an enum value can be found anywhere under `type` (false for a type already looked at). */
function holdsEnum(type: Type | undefined, seen: Set<Type>): boolean {
  if (!type || seen.has(type)) return false;
  seen.add(type);
  return type.fieldsArray.some((field) => isEnum(field) || holdsEnum(messageType(field), seen));
}
