/**
 * The plugin process's gRPC server: tfplugin6.Provider plus go-plugin's controller, stdio
 * and broker services, over mutual TLS, announced by the handshake line.
 *
 * Start-up (ARCHITECTURE.md "Start-up and cost per call"): before the handshake line only the
 * gRPC server (grpc.ts, http2.ts, node:tls), the certificate and the method table load. The
 * provider (schemas, handlers, zod, msgpack) and the protobuf message types load on the first
 * call that needs them, and every call waits for that. In the bundle, GetProviderSchema's
 * answer is encoded at build time, and Shutdown's is empty: a process terraform only asks for
 * the schema never loads the provider at all.
 */
import { writeSync } from 'node:fs';
import type { Logger } from '../handler';
import type { Registry } from '../registry';
import type { ClientFactory } from '../configure';
import type { Provider } from './provider';
import { errorToDiagnostic, toProtoDiagnostic } from './diagnostics';
import { createGrpcServer, FixedAnswer, IDLE_STREAM, UnimplementedError, type MethodImplementation } from './grpc';
import { handshakeLine, handshakeSettings, listenInRange } from './handshake';
import { loadServices, MessageCodecs, protocolDescriptor } from './load';
import { generateServerCertificate } from './tls';

export interface PluginOptions {
  readonly env: NodeJS.ProcessEnv;
  /** What to serve; called once the handshake line is out. */
  readonly registry: () => Registry | Promise<Registry>;
  readonly log: Logger;
  /** Receives the handshake line (the only thing ever written to stdout). */
  readonly writeStdout?: (line: string) => void;
  /** Called after GRPCController/Shutdown has been answered. Default: exit the process. */
  readonly onShutdown?: () => void;
  readonly createClient?: ClientFactory;
}

export interface RunningPlugin {
  readonly port: number;
  readonly handshake: string;
  /** The server certificate, PEM: what terraform pins. */
  readonly certPem: string;
  close(): void;
}

const MAX_MESSAGE_BYTES = 256 << 20; // terraform's own limit

declare const __TFPLUGIN_SCHEMA_RESPONSE__: string | undefined;
/** GetProviderSchema's answer, encoded when the bundle was built (scripts/bundle-provider.mjs); from sources, none. */
const BUILT_SCHEMA_RESPONSE = typeof __TFPLUGIN_SCHEMA_RESPONSE__ === 'string' ? Buffer.from(__TFPLUGIN_SCHEMA_RESPONSE__, 'base64') : undefined;

export async function startPlugin(options: PluginOptions): Promise<RunningPlugin> {
  const { log } = options;
  const settings = handshakeSettings(options.env);
  const cert = generateServerCertificate();
  // Only terraform, holding the key of PLUGIN_CLIENT_CERT, may call us.
  const server = createGrpcServer({ keyPem: cert.keyPem, certPem: cert.certPem, clientCaPem: settings.clientCertPem, maxMessageBytes: MAX_MESSAGE_BYTES });
  const services = loadServices(new MessageCodecs(protocolDescriptor()));

  let provider: Promise<Provider> | undefined;
  const loadProvider = (): Promise<Provider> =>
    (provider ??= (async () => {
      // Tells the launcher's code cache that this run compiled the provider (scripts/bundle-provider.mjs).
      (globalThis as Record<symbol, unknown>)[Symbol.for('cdktf-workos-rbac.provider-loaded')] = true;
      const [{ Provider }, registry] = await Promise.all([import('./provider'), options.registry()]);
      return new Provider({ registry, log, env: options.env, createClient: options.createClient });
    })());
  const providerDefinition = services['tfplugin6.Provider']!;
  const methods = providerService(loadProvider, Object.keys(providerDefinition), log);
  if (BUILT_SCHEMA_RESPONSE) methods.GetProviderSchema = new FixedAnswer(BUILT_SCHEMA_RESPONSE, () => log.debug('rpc GetProviderSchema (built in)'));
  server.addService(providerDefinition, methods);

  const onShutdown =
    options.onShutdown ??
    (() => {
      server.close();
      process.exit(0);
    });
  // Shutdown's answer is an empty message: no message types are loaded to say so.
  server.addService(services['plugin.GRPCController']!, {
    Shutdown: new FixedAnswer(Buffer.alloc(0), () => {
      log.debug('shutdown requested');
      setTimeout(onShutdown, 10); // let the answer leave first
    }),
  });
  // Logs go to stderr directly; the stdio stream only has to stay open, and the broker is never used.
  server.addService(services['plugin.GRPCStdio']!, { StreamStdio: IDLE_STREAM });
  server.addService(services['plugin.GRPCBroker']!, { StartStream: IDLE_STREAM });

  const port = await listenInRange(server.listen, settings.minPort, settings.maxPort);
  const handshake = handshakeLine(port, cert.certDer);
  // Straight to fd 1: setting up process.stdout costs ~2 ms, for one line.
  (options.writeStdout ?? ((line) => writeSync(1, line)))(handshake);
  log.debug('plugin serving', { port });
  return { port, handshake, certPem: cert.certPem, close: () => server.close() };
}

/** Every tfplugin6.Provider method, each answered by the Provider method of the same name. */
function providerService(loadProvider: () => Promise<Provider>, names: readonly string[], log: Logger): Record<string, MethodImplementation> {
  const implementation: Record<string, MethodImplementation> = {};
  for (const name of names) {
    implementation[name] = async (request) => {
      log.debug(`rpc ${name}`, { type_name: (request as { type_name?: string }).type_name });
      const provider = await loadProvider();
      const method = (provider as unknown as Record<string, ((req: unknown) => Promise<object>) | undefined>)[name];
      if (!method) throw new UnimplementedError(`${name} is not implemented`);
      try {
        return await method.call(provider, request);
      } catch (err) {
        // Last resort: the methods answer with diagnostics themselves.
        log.error(`rpc ${name} failed`, { error: err instanceof Error ? err.stack : String(err) });
        const diagnostic = toProtoDiagnostic(errorToDiagnostic(err, name));
        return { diagnostics: [diagnostic], Error: diagnostic.summary, error: { text: diagnostic.summary } };
      }
    };
  }
  return implementation;
}
