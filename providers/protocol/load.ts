/**
 * The service definitions. The bundle embeds a pre-compiled JSON descriptor
 * (scripts/bundle-provider.mjs), which skips parsing the .proto text at every start;
 * from sources the .proto files next to this module are parsed.
 */
import * as path from 'node:path';
import { fromJSON, loadSync, type Options, type PackageDefinition } from '@grpc/proto-loader';

declare const __TFPLUGIN_DESCRIPTOR__: string | undefined;

export const PROTO_FILES = ['tfplugin6.proto', 'go-plugin.proto'];

export const LOADER_OPTIONS: Options = { keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true };

export function loadProtocol(): PackageDefinition {
  if (typeof __TFPLUGIN_DESCRIPTOR__ === 'string') return fromJSON(JSON.parse(__TFPLUGIN_DESCRIPTOR__), LOADER_OPTIONS);
  return loadSync(
    PROTO_FILES.map((f) => path.join(__dirname, f)),
    LOADER_OPTIONS,
  );
}
