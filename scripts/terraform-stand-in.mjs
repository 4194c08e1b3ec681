/**
 * Runs a built provider (dist/provider/provider.js or another build) once as terraform would:
 * the handshake environment with a client certificate, the handshake line, GetProviderSchema,
 * ConfigureProvider against a local control plane, then GRPCController/Shutdown. Used to make
 * the code cache (scripts/bundle-provider.mjs) and to measure start-up
 * (bench/provider-startup.mjs). Needs the devDependencies and the tsc output in dist/.
 */
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const fromDist = (file) => require(join(root, 'dist', file));

export const HANDSHAKE_ENV = {
  TF_PLUGIN_MAGIC_COOKIE: 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2',
  PLUGIN_PROTOCOL_VERSIONS: '6,5',
  PLUGIN_MIN_PORT: '10000',
  PLUGIN_MAX_PORT: '25000',
};

/** A terraform stand-in with its own client certificate and a local control plane to configure against; `close()` when done. */
export async function terraformStandIn() {
  const grpc = require('@grpc/grpc-js');
  const protobuf = require('protobufjs');
  const { encode } = require('@msgpack/msgpack');
  const { loadServices, MessageCodecs, PROTO_FILES } = fromDist('providers/protocol/load.js');
  const { generateServerCertificate } = fromDist('providers/protocol/tls.js');
  const { startControlPlane } = fromDist('src/control-plane/index.js');

  const descriptor = new protobuf.Root().loadSync(PROTO_FILES.map((f) => join(root, 'providers/protocol', f)), { keepCase: true }).toJSON();
  const services = loadServices(new MessageCodecs(descriptor));
  const terraform = generateServerCertificate(); // stands in for terraform's client certificate
  const apiKey = 'sk_test_stand_in_0123456789';
  const dataDir = mkdtempSync(join(tmpdir(), 'workos-rbac-stand-in-'));
  const plane = await startControlPlane({ port: 0, dataDir, apiKey, log: () => {} });

  /**
   * Starts `launcher` with `env` plus the handshake environment and runs it to Shutdown.
   * Resolves the ms from spawn to the handshake line, to GetProviderSchema answered and to
   * ConfigureProvider answered; rejects on a diagnostic or an exit other than 0.
   */
  async function run(launcher, env) {
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    const child = spawn(process.execPath, [launcher], { env: { ...env, ...HANDSHAKE_ENV, PLUGIN_CLIENT_CERT: terraform.certPem }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${launcher} exited with ${code}: ${stderr}`))));
    });
    exited.catch(() => undefined); // reported where awaited; not when killed after another failure
    try {
      const line = await new Promise((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk) => {
          out += chunk;
          if (out.includes('\n')) resolve(out);
        });
        exited.then(() => reject(new Error(`${launcher} exited before the handshake: ${stderr}`)), reject);
      });
      const handshake = elapsed();
      const [, , , address, , cert] = line.trim().split('|');
      const serverCertPem = new X509Certificate(Buffer.from(cert, 'base64')).toString();
      const credentials = grpc.credentials.createSsl(Buffer.from(serverCertPem), Buffer.from(terraform.keyPem), Buffer.from(terraform.certPem));
      const clients = new Map();
      const call = (service, method, request) => {
        if (!clients.has(service)) clients.set(service, new (grpc.makeGenericClientConstructor(services[service], service))(address, credentials, { 'grpc.ssl_target_name_override': 'localhost' }));
        return new Promise((resolve, reject) => clients.get(service)[method](request, (err, response) => (err ? reject(err) : resolve(response))));
      };
      try {
        const schema = await call('tfplugin6.Provider', 'GetProviderSchema', {});
        const firstAnswer = elapsed();
        if (!schema.resource_schemas?.workos_role) throw new Error('GetProviderSchema answered without workos_role');
        const config = Object.fromEntries(schema.provider.block.attributes.map((a) => [a.name, null]));
        Object.assign(config, { api_key: apiKey, base_url: plane.url });
        const configuredAnswer = await call('tfplugin6.Provider', 'ConfigureProvider', { terraform_version: '1.11.4', config: { msgpack: encode(config) } });
        const configured = elapsed();
        if (configuredAnswer.diagnostics.length > 0) throw new Error(`ConfigureProvider answered ${JSON.stringify(configuredAnswer.diagnostics)}`);
        await call('plugin.GRPCController', 'Shutdown', {});
        await exited;
        return { handshake, firstAnswer, configured };
      } finally {
        for (const client of clients.values()) client.close();
      }
    } finally {
      child.kill();
    }
  }

  return {
    run,
    async close() {
      await plane.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
