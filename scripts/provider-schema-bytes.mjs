/**
 * The tfplugin6 descriptor (protobufjs, from the .proto files) and GetProviderSchema's answer
 * encoded from the built registry (dist/, after tsc): what the provider bundle embeds
 * (scripts/bundle-provider.mjs), and what the benchmark's echo provider answers (bench/echo.mjs).
 */
import Module from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = Module.createRequire(import.meta.url);

/** The protobufjs root of the .proto files; keepCase as at load time: field names stay snake_case. */
export function protocolRoot() {
  const descriptor = new protobuf.Root().loadSync(
    ['tfplugin6-types.proto', 'tfplugin6.proto', 'go-plugin.proto'].map((f) => join(root, 'providers/protocol', f)),
    { keepCase: true },
  );
  descriptor.resolveAll();
  return descriptor;
}

/** GetProviderSchema's answer, encoded: it depends only on the registry. */
export async function schemaResponseBytes(descriptor = protocolRoot()) {
  const { defaultRegistry } = require(join(root, 'dist/providers/registry.js'));
  const { providerSchemaResponse } = require(join(root, 'dist/providers/protocol/provider-schema.js'));
  const type = descriptor.lookupType('tfplugin6.GetProviderSchema.Response');
  return Buffer.from(type.encode(type.fromObject(providerSchemaResponse(await defaultRegistry()))).finish());
}
