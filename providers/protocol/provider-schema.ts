/** tfplugin6.Schema from the project's schema descriptors (src/schemas/builder.ts). */
import { ctyTypeJson, type AttributeSpec } from '../../src/schemas/builder';

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
