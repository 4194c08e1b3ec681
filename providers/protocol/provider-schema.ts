/** tfplugin6.Schema from the project's schema descriptors (src/schemas/builder.ts), and GetProviderSchema's answer. */
import { ctyTypeJson, type AttributeSpec } from '../../src/schemas/builder';
import { providerConfigSchema } from '../../src/schemas/provider-config';
import type { Registry } from '../registry';

/** What this provider tells terraform it can do (GetProviderSchema, GetMetadata). */
export const SERVER_CAPABILITIES = { plan_destroy: true, get_provider_schema_optional: true, move_resource_state: false };

interface Described {
  readonly description: string;
  readonly version?: number;
  readonly attributes: Readonly<Record<string, AttributeSpec>>;
}

function protoAttribute(name: string, spec: AttributeSpec) {
  return {
    name,
    type: Buffer.from(JSON.stringify(ctyTypeJson(spec.type))),
    description: spec.description,
    description_kind: 'MARKDOWN',
    required: spec.mode === 'required',
    optional: spec.mode === 'optional' || spec.mode === 'optional_computed',
    computed: spec.mode === 'computed' || spec.mode === 'optional_computed',
    sensitive: spec.sensitive === true,
  };
}

export function protoSchema(schema: Described) {
  const version = schema.version ?? 0;
  return {
    version,
    block: {
      version,
      attributes: Object.entries(schema.attributes).map(([name, spec]) => protoAttribute(name, spec)),
      block_types: [],
      description: schema.description,
      description_kind: 'MARKDOWN',
    },
  };
}

/**
 * GetProviderSchema's answer. It depends on nothing but the registry, so the bundle also
 * carries it encoded (scripts/bundle-provider.mjs), and a process that is only asked for the
 * schema answers without loading the provider (protocol/server.ts).
 */
export function providerSchemaResponse(registry: Registry) {
  const mapValues = <T>(map: ReadonlyMap<string, T>, fn: (v: T) => unknown) => Object.fromEntries([...map].map(([k, v]) => [k, fn(v)]));
  return {
    provider: protoSchema(providerConfigSchema),
    resource_schemas: mapValues(registry.resources, (h) => protoSchema(h.schema)),
    data_source_schemas: mapValues(registry.dataSources, (h) => protoSchema(h.schema)),
    functions: {},
    ephemeral_resource_schemas: {},
    diagnostics: [],
    server_capabilities: SERVER_CAPABILITIES,
  };
}
