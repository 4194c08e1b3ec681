/**
 * The plugin as terraform sees it: handshake env, one stdout line, mutual TLS, then RPCs
 * over grpc-js with terraform's (here: a throwaway) client certificate.
 */
import * as grpc from '@grpc/grpc-js';
import { encode } from '@msgpack/msgpack';
import { X509Certificate } from 'node:crypto';
import { defaultRegistry } from '../../providers/registry';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../../providers/protocol/handshake';
import { loadServices } from '../../providers/protocol/load';
import { createLogger } from '../../providers/protocol/log';
import { startPlugin, type RunningPlugin } from '../../providers/protocol/server';
import { generateServerCertificate } from '../../providers/protocol/tls';

type Client = grpc.Client & Record<string, (req: object, cb: (err: grpc.ServiceError | null, res: any) => void) => void>; // eslint-disable-line @typescript-eslint/no-explicit-any

const definitions = loadServices();
const ProviderClient = grpc.makeGenericClientConstructor(definitions['tfplugin6.Provider']!, 'Provider');
const ControllerClient = grpc.makeGenericClientConstructor(definitions['plugin.GRPCController']!, 'GRPCController');
const terraformCert = generateServerCertificate(); // stands in for terraform's client certificate

let plugin: RunningPlugin;
let stdout = '';
let shutdowns = 0;

beforeAll(async () => {
  plugin = await startPlugin({
    env: { [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '6,5', PLUGIN_MIN_PORT: '10000', PLUGIN_MAX_PORT: '25000', PLUGIN_CLIENT_CERT: terraformCert.certPem },
    registry: defaultRegistry,
    log: createLogger('off'),
    writeStdout: (line) => (stdout += line),
    onShutdown: () => shutdowns++,
  });
});
afterAll(() => plugin.close());

function connect(service: grpc.ServiceClientConstructor, cert?: { keyPem: string; certPem: string }): Client {
  const serverCertDer = Buffer.from(stdout.trim().split('|')[5]!, 'base64');
  const serverCertPem = new X509Certificate(serverCertDer).toString();
  const credentials = grpc.credentials.createSsl(Buffer.from(serverCertPem), cert ? Buffer.from(cert.keyPem) : null, cert ? Buffer.from(cert.certPem) : null);
  return new service(`127.0.0.1:${plugin.port}`, credentials, { 'grpc.ssl_target_name_override': 'localhost' }) as unknown as Client;
}

const call = (client: Client, method: string, req: object) =>
  new Promise<any>((resolve, reject) => client[method]!(req, (err, res) => (err ? reject(err) : resolve(res)))); // eslint-disable-line @typescript-eslint/no-explicit-any

describe('the provider over gRPC', () => {
  it('prints exactly one handshake line: 1|6|tcp|127.0.0.1:PORT|grpc|CERT, CERT unpadded base64 DER', () => {
    const lines = stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const [core, app, network, address, protocol, cert] = lines[0]!.split('|');
    expect([core, app, network, protocol]).toEqual(['1', '6', 'tcp', 'grpc']);
    expect(address).toBe(`127.0.0.1:${plugin.port}`);
    expect(plugin.port).toBeGreaterThanOrEqual(10000);
    expect(plugin.port).toBeLessThanOrEqual(25000);
    expect(cert).not.toMatch(/=/);
    expect(new X509Certificate(Buffer.from(cert!, 'base64')).subjectAltName).toBe('DNS:localhost');
  });

  it('serves GetProviderSchema and reports an invalid slug at "slug" in ValidateResourceConfig', async () => {
    const client = connect(ProviderClient, terraformCert);
    const schema = await call(client, 'GetProviderSchema', {});
    const registry = defaultRegistry();
    expect(Object.keys(schema.resource_schemas).sort()).toEqual([...registry.resources.keys()].sort());
    expect(Object.keys(schema.resource_schemas)).toEqual(expect.arrayContaining(['workos_permission', 'workos_role', 'workos_organization_role']));
    expect(Object.keys(schema.data_source_schemas).sort()).toEqual(['workos_access_check', 'workos_effective_roles']);
    expect(schema.server_capabilities).toMatchObject({ plan_destroy: true, get_provider_schema_optional: true });
    const permissions = schema.resource_schemas.workos_role.block.attributes.find((a: { name: string }) => a.name === 'permissions');
    expect(Buffer.from(permissions.type).toString()).toBe('["set","string"]');

    const config = { msgpack: encode({ id: null, slug: 'Not A Slug!', name: 'View users', description: null }) };
    const res = await call(client, 'ValidateResourceConfig', { type_name: 'workos_permission', config });
    expect(res.diagnostics).toHaveLength(1);
    expect(res.diagnostics[0].severity).toBe('ERROR');
    expect(res.diagnostics[0].attribute.steps).toEqual([expect.objectContaining({ attribute_name: 'slug' })]);

    const ok = await call(client, 'ValidateResourceConfig', { type_name: 'workos_permission', config: { msgpack: encode({ id: null, slug: 'users:view', name: 'View users', description: null }) } });
    expect(ok.diagnostics).toEqual([]);

    const stop = await call(client, 'StopProvider', {});
    expect(stop).toEqual({ Error: '' });
    client.close();
  });

  it('rejects a client without terraform’s certificate', async () => {
    for (const cert of [generateServerCertificate(), undefined]) {
      const stranger = connect(ProviderClient, cert);
      await expect(call(stranger, 'GetProviderSchema', {})).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
      stranger.close();
    }
  });

  it('answers GRPCController/Shutdown, then shuts down', async () => {
    const controller = connect(ControllerClient, terraformCert);
    await expect(call(controller, 'Shutdown', {})).resolves.toEqual({});
    await new Promise((r) => setTimeout(r, 50));
    expect(shutdowns).toBe(1);
    controller.close();
  });
});
