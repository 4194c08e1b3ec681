/**
 * The built provider's V8 code cache (README, "Using it from plain HCL"): a plain node of the
 * build's version uses the shipped cache and writes nothing; under V8 flags the shipped cache
 * is refused, so the first run writes a cache of its own per user as it shuts down, the next
 * run uses it, and the first run that loads the provider (the first is only asked for the
 * schema, as terraform's first process is) writes it once more.
 */
import * as grpc from '@grpc/grpc-js';
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../../providers/protocol/handshake';
import { loadServices } from '../../providers/protocol/load';
import { providerSchemaResponse } from '../../providers/protocol/provider-schema';
import { defaultRegistry } from '../../providers/registry';
import { generateServerCertificate } from '../../providers/protocol/tls';

const launcher = path.join(__dirname, '../../dist/provider/provider.js');
const services = loadServices();
const ProviderClient = grpc.makeGenericClientConstructor(services['tfplugin6.Provider']!, 'Provider');
const ControllerClient = grpc.makeGenericClientConstructor(services['plugin.GRPCController']!, 'GRPCController');
const terraformCert = generateServerCertificate();

/**
 * Starts the built provider, waits for its answer to GetProviderSchema (and, with `validate`,
 * to ValidateProviderConfig, which loads the provider), then shuts it down as terraform does.
 */
async function startAndAsk(env: NodeJS.ProcessEnv, validate = false): Promise<Record<string, unknown>> {
  const child = spawn(process.execPath, [launcher], {
    env: { PATH: process.env.PATH, [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_CLIENT_CERT: terraformCert.certPem, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
        if (out.includes('\n')) resolve(out);
      });
      child.on('exit', (code) => reject(new Error(`provider exited with ${code} before the handshake`)));
    });
    const [, , , address, , cert] = line.trim().split('|');
    const serverCertPem = new X509Certificate(Buffer.from(cert!, 'base64')).toString();
    const credentials = grpc.credentials.createSsl(Buffer.from(serverCertPem), Buffer.from(terraformCert.keyPem), Buffer.from(terraformCert.certPem));
    const call = (Client: grpc.ServiceClientConstructor, method: string) => {
      const client = new Client(address!, credentials, { 'grpc.ssl_target_name_override': 'localhost' }) as grpc.Client & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      return new Promise<any>((resolve, reject) => client[method]({}, (err: Error | null, res: unknown) => (err ? reject(err) : resolve(res)))).finally(() => client.close()); // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    const schema = await call(ProviderClient, 'GetProviderSchema');
    expect(Object.keys(schema.resource_schemas)).toContain('workos_role');
    if (validate) expect((await call(ProviderClient, 'ValidateProviderConfig')).diagnostics).toEqual([]);
    await call(ControllerClient, 'Shutdown');
    expect(await exited).toBe(0);
    return schema;
  } finally {
    child.kill();
  }
}

let cacheHome: string;
beforeEach(() => (cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-cache-'))));
afterEach(() => fs.rmSync(cacheHome, { recursive: true, force: true }));

describe('the provider code cache', () => {
  it('under a plain node of the build’s version: the shipped cache, nothing written', async () => {
    await startAndAsk({ XDG_CACHE_HOME: cacheHome });
    expect(fs.readdirSync(cacheHome)).toEqual([]);
    // The build wrote the shipped cache, and no marker of the own caches' beside it (it would be packed).
    const built = fs.readdirSync(path.dirname(launcher));
    expect(built).toContain('provider-bundle.cache');
    expect(built.filter((f) => f.endsWith('.full'))).toEqual([]);
  });

  it('under NODE_OPTIONS flags: the first run writes a cache of its own as it shuts down (0600 in a 0700 directory), the next one keeps it', async () => {
    const env = { XDG_CACHE_HOME: cacheHome, NODE_OPTIONS: '--max-old-space-size=1536' };
    await startAndAsk(env);
    const dir = path.join(cacheHome, 'cdktf-workos-rbac');
    const files = fs.readdirSync(dir);
    expect(files).toEqual([expect.stringMatching(/^provider-[0-9a-f]{32}\.cache$/)]);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    const first = fs.statSync(path.join(dir, files[0]!));
    expect(first.mode & 0o777).toBe(0o600);
    expect(first.size).toBeGreaterThan(0);

    // A refused cache would be written again (a new file renamed over it): the same inode means V8 took it.
    await startAndAsk(env);
    expect(fs.readdirSync(dir)).toEqual(files);
    expect(fs.statSync(path.join(dir, files[0]!)).ino).toBe(first.ino);

    // The first run that loads the provider writes it once more, with what it compiled, and marks it so.
    await startAndAsk(env, true);
    const loaded = fs.statSync(path.join(dir, files[0]!));
    expect(loaded.ino).not.toBe(first.ino);
    expect(loaded.size).toBeGreaterThan(first.size);
    expect(fs.readdirSync(dir).sort()).toEqual([files[0], `${files[0]}.full`]);
    await startAndAsk(env, true);
    expect(fs.statSync(path.join(dir, files[0]!)).ino).toBe(loaded.ino);
  });
});

describe('the bundled provider', () => {
  it('answers GetProviderSchema with the answer encoded at build time, the same as the sources give', async () => {
    const schema = await startAndAsk({ XDG_CACHE_HOME: cacheHome });
    const definition = services['tfplugin6.Provider']!.GetProviderSchema!;
    const fromSources = definition.responseDeserialize(definition.responseSerialize(providerSchemaResponse(defaultRegistry())));
    expect(schema).toEqual(fromSources);
  });
});
